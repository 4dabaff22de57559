using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Complaints.Testing;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole run, and the hosts over it, each started on first use with a storage prefix of its own:
/// <list type="bullet">
/// <item><c>main</c>: production-like deadlines (a day, a week...), so manual steps never race a timer;</item>
/// <item><c>deadlines</c>: a day to acknowledge, then seconds to resolve, confirm, mediate and recover;</item>
/// <item><c>ack-deadline</c>: seconds to acknowledge, then long deadlines;</item>
/// <item><c>rate-limited</c>: three filings per minute per client address, no queue workers;</item>
/// <item><c>credit</c>: as <c>ack-deadline</c>, for the credit tiers' tests alone (no other test's complaints count there);</item>
/// <item><c>webhooks</c>: in Development (webhooks to loopback allowed), seconds to acknowledge, retries a second
/// apart, for the webhook tests' receivers on 127.0.0.1.</item>
/// <item><c>registry</c>: as <c>main</c>, for tests that register parties of their own (the inspection list's, the
/// Chinese party search's), so that other tests' first page of the registry stays what they expect.</item>
/// <item><c>demo-seed</c>: as <c>main</c>, in Development, seeding <see cref="DemoSeedComplaints"/> demo complaints at start.</item>
/// <item><c>retention</c>: as <c>main</c>, but a complaint's attachments are erased seconds after it ended
/// (<see cref="ShortRetainAfterEnd"/>); its attachment sweep never ticks on its own (the tests run it).</item>
/// </list>
/// Every other host runs in Production (loopback webhooks refused) and gives a failing delivery up within seconds.
/// </summary>
public sealed class ApiEnvironment : IAsyncLifetime
{
    public const string CollectionName = "Api";

    public const string MainHost = "main";
    public const string DeadlinesHost = "deadlines";
    public const string AckDeadlineHost = "ack-deadline";
    public const string RateLimitedHost = "rate-limited";
    public const string CreditHost = "credit";
    public const string WebhooksHost = "webhooks";
    public const string RetentionHost = "retention";
    public const string DemoSeedHost = "demo-seed";
    public const string RegistryHost = "registry";

    /// <summary>The complaints the <c>demo-seed</c> host's demo seed drives through its pipeline at start.</summary>
    public const int DemoSeedComplaints = 16;

    /// <summary>How long the <c>retention</c> host keeps a complaint's attachments after it ended.</summary>
    public static readonly TimeSpan ShortRetainAfterEnd = TimeSpan.FromSeconds(3);

    /// <summary>The <c>webhooks</c> host's acknowledgement deadline: "deadline approaching" goes out at 75 % of it.</summary>
    public static readonly TimeSpan WebhookAcknowledge = TimeSpan.FromSeconds(8);

    /// <summary>The short deadlines of the <c>deadlines</c> host.</summary>
    public static readonly TimeSpan ShortResolve = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ShortConfirm = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ShortMediation = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ShortRecovery = TimeSpan.FromSeconds(6);

    /// <summary>Messages one caller may post in one thread per hour on every host (so no window resets mid-test).</summary>
    public const int MessagesPerWindow = 10;

    /// <summary>The short acknowledgement deadline of the <c>ack-deadline</c> host.</summary>
    public static readonly TimeSpan ShortAcknowledge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Lazy<Task<ApiHost>>> hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> shared = new(StringComparer.Ordinal);

    public AzuriteFixture Azurite { get; } = new();

    public ConfiguredParties Parties { get; } = new();

    public Task<ApiHost> HostAsync(string name) =>
        hosts.GetOrAdd(name, n => new Lazy<Task<ApiHost>>(() => Task.Run(() => StartHost(n)))).Value;

    /// <summary>Something expensive that several tests share (e.g. complaints prepared for the authorization matrix).</summary>
    public async Task<T> SharedAsync<T>(string key, Func<Task<T>> create) where T : class =>
        (T)await shared.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await create())).Value;

    public Task InitializeAsync() => Azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in hosts.Values.Where(h => h.IsValueCreated))
        {
            try
            {
                await (await host.Value).DisposeAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A host that failed to start has nothing to stop; the failure was reported by the test that asked.
            }
        }

        await Azurite.DisposeAsync();
    }

    private ApiHost StartHost(string name)
    {
        var day = "1.00:00:00";
        var (acknowledge, resolve, confirm, mediation) = name switch
        {
            MainHost or RateLimitedHost or RetentionHost or DemoSeedHost or RegistryHost => (day, "7.00:00:00", "7.00:00:00", "45.00:00:00"),
            DeadlinesHost => (day, Span(ShortResolve), Span(ShortConfirm), Span(ShortMediation)),
            AckDeadlineHost or CreditHost => (Span(ShortAcknowledge), day, day, day),
            WebhooksHost => (Span(WebhookAcknowledge), day, day, day),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown host"),
        };
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
            [Complaints.Storage.Gateway.StorageConnection.Name] = Azurite.ConnectionString,
            ["Complaints:Storage:Prefix"] = "api" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ["Complaints:Api:TokenSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["Complaints:Deadlines:Acknowledge"] = acknowledge,
            ["Complaints:Deadlines:Resolve"] = resolve,
            ["Complaints:Deadlines:Confirm"] = confirm,
            ["Complaints:Deadlines:Mediation"] = mediation,
            ["Complaints:Deadlines:Recovery"] = name == DeadlinesHost ? Span(ShortRecovery) : "90.00:00:00",
            ["Complaints:Api:MessagesPerWindow"] = MessagesPerWindow.ToString(CultureInfo.InvariantCulture),
            ["Complaints:Api:MessageRateWindow"] = "01:00:00",
            ["Complaints:Workers:MaxIdleDelay"] = "00:00:00.400",
            ["Complaints:Workers:Enabled"] = name == RateLimitedHost ? "false" : "true",
            ["Complaints:RateLimit:FilingsPerMinute"] = name == RateLimitedHost ? "3" : "100000",

            // The webhooks host retries a second apart; elsewhere a failing delivery (the authorization matrix
            // registers a documentation address) is given up after its second attempt, so no orchestration waits on it.
            // Not by GiveUpAfter: at 5 s a loaded machine's first attempt came after it, and the delivery ended
            // unattempted ("timeout", 0 attempts) where the DNS-rebinding test expects the attempt refused.
            ["Complaints:Webhooks:FirstRetryInterval"] = "00:00:01",
            ["Complaints:Webhooks:MaxRetryInterval"] = "00:00:02",
            ["Complaints:Webhooks:MaxAttempts"] = name == WebhooksHost ? "6" : "2",
            ["Complaints:Webhooks:GiveUpAfter"] = "00:01:00",
            ["Complaints:Webhooks:RequestTimeout"] = "00:00:03",
            ["Complaints:Seed:DemoWebhooks"] = "false",
        };
        if (name == RetentionHost)
        {
            settings["Complaints:Attachments:RetainAfterEnd"] = Span(ShortRetainAfterEnd);
            settings["Complaints:Attachments:SweepInterval"] = "1.00:00:00";
        }

        if (name == DemoSeedHost)
        {
            settings["Complaints:Demo:SeedComplaints"] = DemoSeedComplaints.ToString(CultureInfo.InvariantCulture);
            settings["Complaints:Demo:Parallelism"] = "4";
            settings["Complaints:Demo:StepTimeout"] = "00:00:30";
        }

        foreach (var (key, value) in Parties.Settings())
        {
            settings[key] = value;
        }

        var host = new ApiHost(name, settings, name is WebhooksHost or DemoSeedHost ? "Development" : "Production");
        try
        {
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}

[CollectionDefinition(ApiEnvironment.CollectionName)]
public sealed class ApiCollection : ICollectionFixture<ApiEnvironment>;
