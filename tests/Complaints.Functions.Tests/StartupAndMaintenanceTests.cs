using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Functions.Tests.Support;
using Complaints.Pipeline.Parties;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Functions.Tests;

[Collection(FunctionsApp.CollectionName)]
public sealed class StartupAndMaintenanceTests(FunctionsApp app)
{
    [Fact]
    public async Task The_app_started_on_a_fresh_account_created_every_table_and_queue_and_seeded_the_parties()
    {
        // The fixture's Azurite was empty when the app's start-up ran.
        var tables = app.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>();
        var queues = app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>();
        var existingTables = new List<string>();
        await foreach (var t in tables.QueryAsync())
        {
            existingTables.Add(t.Name);
        }

        var existingQueues = new List<string>();
        await foreach (var q in queues.GetQueuesAsync())
        {
            existingQueues.Add(q.Name);
        }

        Assert.All(app.Names.Tables, t => Assert.Contains(t, existingTables));
        Assert.All(app.Names.Queues.SelectMany(q => new[] { q, StorageNames.PoisonQueueOf(q) }), q => Assert.Contains(q, existingQueues));
        Assert.NotNull(await app.Services.GetRequiredService<IPartyRegistry>().FindAsync(new PartyId(Mall), CancellationToken.None));
    }

    [Theory]
    [InlineData("<set a storage connection string>")]
    [InlineData("not a connection string")]
    public async Task A_placeholder_storage_setting_fails_the_start_instead_of_passing_as_a_secret(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.Name] = value,
            ["Complaints:Api:TokenSecret"] = new string('s', 40),
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory })
            .AddLogging()
            .AddComplaintsFunctionsApp(configuration)
            .BuildServiceProvider();
        await using var _ = services;

        // What the host does at start: resolve the hosted services and start them.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetServices<IHostedService>().OfType<StorageStartup>().Single().StartAsync(CancellationToken.None));
        Assert.Contains(StorageConnection.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_settings_file_does_not_start_until_its_placeholders_are_replaced()
    {
        using var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        values[StorageConnection.Name] = app.Azurite.ConnectionString; // the sample's Azurite, on this run's ports
        values["Complaints:Storage:Prefix"] = null;

        // As is: the token secret is a placeholder, so the options do not validate.
        var asIs = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(values));
        Assert.Contains("TokenSecret", asIs.Message, StringComparison.Ordinal);

        // With a real secret, the party's API key is still a placeholder: seeding refuses it.
        values["Complaints:Api:TokenSecret"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var key = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(values));
        Assert.Contains("API key of party r-local", key.Message, StringComparison.Ordinal);

        static async Task StartAsync(Dictionary<string, string?> values)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            await using var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory })
                .AddLogging()
                .AddComplaintsFunctionsApp(configuration)
                .BuildServiceProvider();
            services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            foreach (var hosted in services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task The_timer_function_sends_an_outbox_a_crash_left_between_commit_and_send()
    {
        var driver = new FunctionsDriver(app);
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Mall));
        await driver.WaitForStatusAsync(c, "assigned");
        var id = new ComplaintId(c.Id);

        // A process that commits the acknowledgement and dies before its nudge reaches complaint-events.
        var crashing = new ComplaintStore(
            app.Services.GetRequiredService<ITableGateway>(),
            new SendsFail(app.Services.GetRequiredService<IQueueGateway>()),
            app.Names,
            app.Services.GetRequiredService<ComplaintDecider>(),
            app.Services.GetRequiredService<IntakeDoorbell>(),
            TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => crashing.ExecuteAsync(id, new ComplaintCommand.Acknowledge(new Actor.Operator(new PartyId(Mall)), DateTimeOffset.UtcNow), CancellationToken.None));
        Assert.Contains(id, await app.Services.GetRequiredService<IComplaintStore>().FindStaleOutboxesAsync(TimeSpan.Zero, CancellationToken.None));

        var timer = app.Services.GetRequiredService<MaintenanceFunctions>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Eventually.Until(
            async () =>
            {
                await timer.SweepOutboxes(new TimerInfo(), timeout.Token);
                return !(await app.Services.GetRequiredService<IComplaintStore>().FindStaleOutboxesAsync(TimeSpan.Zero, timeout.Token)).Contains(id);
            },
            TimeSpan.FromSeconds(45),
            "the timer function to send the outbox the crash left (it sweeps outboxes older than the sweep age)",
            timeout.Token);

        // The nudge reached the orchestration through complaint-events: it now waits for the resolution deadline.
        var view = await driver.WaitUntilAsync(c, v => v.TryGetProperty("workflow", out var w) && w.TryGetProperty("progress", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object && p.TryGetProperty("waitingFor", out var waiting) && waiting.GetString() == "resolve", "the orchestration to arm the resolution deadline", workflow: true);
        Assert.Equal("acknowledged", view.GetProperty("status").GetString());
    }

    private sealed class SendsFail(IQueueGateway inner) : IQueueGateway
    {
        public Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken) => throw new IOException("the process died before the send");

        public Task EnsureQueueAsync(string queue, CancellationToken cancellationToken) => inner.EnsureQueueAsync(queue, cancellationToken);

        public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) => inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

        public Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken) => inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);

        public Task<string?> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken) => inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);

        public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken) => inner.ApproximateCountAsync(queue, cancellationToken);
    }
}
