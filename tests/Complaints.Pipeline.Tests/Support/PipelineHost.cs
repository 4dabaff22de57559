using System.Globalization;
using Complaints.Core.Ports;
using Complaints.LocalHost.Durable;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>The four deadlines a test runs with; the ones a test does not watch stay far away.</summary>
public sealed record TestDeadlines(TimeSpan Acknowledge, TimeSpan Resolve, TimeSpan Confirm, TimeSpan Mediation)
{
    /// <summary>Ten minutes each: no deadline passes while a test acts.</summary>
    public static TestDeadlines Far { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
}

/// <summary>
/// An in-process pipeline as the local host runs it: the Azure SDK gateway on the shared Azurite,
/// <c>AddComplaintPipeline</c> under a fresh storage prefix (and so a task hub of its own), the Durable Task Framework
/// engine and, unless told otherwise, its worker, the local queue workers and the outbox sweeper, polling fast.
/// Tables and queues are provisioned and the test parties seeded before the workers start. Without workers the
/// engine's client still starts orchestrations (they wait in the task hub) and reads them.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    public const string TokenSecret = "pipeline-tests-token-secret-0123456789abcdef";

    private readonly IHost host;

    private PipelineHost(IHost host, StorageNames names, TestOutputLoggerProvider log)
    {
        this.host = host;
        Names = names;
        Log = log;
        Driver = new ComplaintDriver(Get<IComplaintStore>(), Get<TimeProvider>());
    }

    public StorageNames Names { get; }

    public TestOutputLoggerProvider Log { get; }

    public ComplaintDriver Driver { get; }

    public IServiceProvider Services => host.Services;

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>The configuration the pipeline reads, as flat keys (also used as environment variables for the local host process).</summary>
    public static Dictionary<string, string?> Settings(TestDeadlines deadlines, string? prefix = null) => new()
    {
        ["Complaints:Deadlines:Acknowledge"] = Format(deadlines.Acknowledge),
        ["Complaints:Deadlines:Resolve"] = Format(deadlines.Resolve),
        ["Complaints:Deadlines:Confirm"] = Format(deadlines.Confirm),
        ["Complaints:Deadlines:Mediation"] = Format(deadlines.Mediation),
        ["Complaints:Api:TokenSecret"] = TokenSecret,
        ["Complaints:Workers:MinIdleDelay"] = "00:00:00.020",
        ["Complaints:Workers:MaxIdleDelay"] = "00:00:00.100",
        ["Complaints:Workers:SweepInterval"] = "00:00:00.500",
        ["Complaints:Workers:SweepAge"] = "00:00:01",
        ["Complaints:Workers:VisibilityTimeout"] = "00:00:05",
        ["Complaints:Durable:MaxQueuePollingInterval"] = "00:00:00.500",
        ["Complaints:Durable:PartitionCount"] = "2",
        // A killed host's (or a host that lost a lease) control messages reappear after this; the default, 90 s, is
        // sized for a loaded machine's backlog, not for a test that waits for a fresh host to take over.
        ["Complaints:Durable:ControlQueueVisibilityTimeout"] = "00:00:20",
        ["Complaints:Storage:Prefix"] = prefix,
    };

    public static async Task<PipelineHost> StartAsync(
        AzuriteFixture azurite,
        ITestOutputHelper output,
        TestDeadlines deadlines,
        CancellationToken cancellationToken,
        bool workers = true,
        string tag = "pipe",
        string? prefix = null,
        Action<IServiceCollection>? configure = null)
    {
        prefix ??= TestNames.Prefix(tag);
        var names = new StorageNames(prefix);
        var log = new TestOutputLoggerProvider(output, LogLevel.Warning);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Test",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(Settings(deadlines, prefix));
        builder.Configuration[StorageConnection.Name] = azurite.ConnectionString;
        builder.Logging.AddProvider(log);
        builder.Services.AddStorageClients(builder.Configuration);
        builder.Configuration[$"{LocalDurableOptions.Section}:{nameof(LocalDurableOptions.WorkerEnabled)}"] = workers ? "true" : "false";
        builder.Services.AddComplaintPipeline(builder.Configuration, names);
        builder.Services.AddLocalDurableEngine(builder.Configuration);
        builder.Services.AddSingleton<StageDispatcher>(); // tests without workers hand messages to the stages themselves
        if (workers)
        {
            builder.Services.AddLocalPipelineWorkers();
        }

        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.Services.GetRequiredService<StorageProvisioner>().EnsureCreatedAsync(cancellationToken);
        await TestParties.SeedAsync(host.Services.GetRequiredService<IPartyRegistry>(), cancellationToken);
        await host.StartAsync(cancellationToken);
        log.Write($"pipeline host started: prefix {prefix}, workers {(workers ? "on" : "off")}, deadlines {deadlines}");
        return new PipelineHost(host, names, log);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await host.StopAsync(stopping.Token);
        }
        finally
        {
            host.Dispose();
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
