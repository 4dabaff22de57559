using System.Globalization;

namespace Complaints.Bench.Infra;

/// <summary>The parties the bench registers through <c>Complaints__Parties__*</c>.</summary>
public sealed record BenchParties(IReadOnlyList<string> Merchants, IReadOnlyList<string> Venues, string Regulator)
{
    public static BenchParties Create(int merchants, int venues) => new(
        [.. Enumerable.Range(0, merchants).Select(i => $"m-bench-{i:D3}")],
        [.. Enumerable.Range(0, venues).Select(i => $"v-bench-{i:D2}")],
        "r-bench");

    public static string KeyOf(string partyId) => $"bench-key-{partyId}-5b8f1c2e9a7d4036";

    /// <summary>Where each bench merchant is (GB/T 2260), in turn: two counties of Hangzhou, one of Ningbo, Shenzhen, Shanghai, Beijing.</summary>
    private static readonly string[] Regions = ["330106", "330102", "330203", "440304", "310101", "110105"];

    /// <summary>The region of bench merchant <c>m-bench-NNN</c>.</summary>
    public static string RegionOf(string merchantId) =>
        Regions[int.Parse(merchantId.AsSpan(merchantId.LastIndexOf('-') + 1), CultureInfo.InvariantCulture) % Regions.Length];

    public static readonly string[] EnrolledCategories = ["goods-quality", "service-quality", "refund-return", "delivery", "pricing"];

    public Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>();
        var i = 0;
        void Party(string id, string kind, string name, Action<string>? more = null)
        {
            var p = $"Complaints__Parties__{i++}__";
            env[p + "Id"] = id;
            env[p + "Kind"] = kind;
            env[p + "Name"] = name;
            env[p + "ApiKey"] = KeyOf(id);
            more?.Invoke(p);
        }

        foreach (var (m, n) in Merchants.Select((m, n) => (m, n)))
        {
            Party(m, "merchant", $"Bench Merchant {n}", p =>
            {
                env[p + "CreditCode"] = $"91310000BENCH{n:D5}";
                env[p + "Region"] = RegionOf(m);
            });
        }

        foreach (var v in Venues)
        {
            Party(v, "venue", $"Bench Venue {v}", p =>
            {
                env[p + "VenueKind"] = "online-platform";
                env[p + "AdvanceCompensation__Enrolled"] = "true";
                env[p + "AdvanceCompensation__CapPerComplaint__Amount"] = "5000";
                env[p + "AdvanceCompensation__CapPerComplaint__Currency"] = "CNY";
                for (var c = 0; c < EnrolledCategories.Length; c++)
                {
                    env[p + $"AdvanceCompensation__Categories__{c}"] = EnrolledCategories[c];
                }
            });
        }

        Party(Regulator, "regulator", "Bench Regulator");
        return env;
    }
}

/// <summary>
/// The built local host (Release, Production environment) as a child process on a fixed loopback port, so that
/// it can be killed with SIGKILL and started again at the same address.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly string _dll;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logFile;
    private Child? _child;

    private LocalHostProcess(string dll, Dictionary<string, string> environment, string logFile, int port)
    {
        _dll = dll;
        _environment = environment;
        _logFile = logFile;
        Port = port;
    }

    public int Port { get; }

    public string LogFile => _logFile;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public int? Pid => _child is { HasExited: false } c ? c.Pid : null;

    public int Starts { get; private set; }

    /// <summary>
    /// Control-queue partition leases this process has taken so far (the Azure Storage provider logs "Successfully
    /// acquired … lease" or "Successfully stole … lease" for each): a restarted host runs no orchestration before it
    /// holds one.
    /// </summary>
    public int LeasesTaken => Volatile.Read(ref _leases);

    private int _leases;

    public static async Task<string> EnsureBuiltAsync(string root)
    {
        var dll = Path.Combine(root, "functions", "Complaints.LocalHost", "bin", "Release", "net10.0", "Complaints.LocalHost.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine("The local host is not built: dotnet build -c Release functions/Complaints.LocalHost");
            await Sys.RunAsync("dotnet", "build functions/Complaints.LocalHost -c Release --nologo -v q", root, TimeSpan.FromMinutes(10));
        }

        return dll;
    }

    public static LocalHostProcess Create(string dll, string storage, string tokenSecret, BenchParties parties, string logFile, IDictionary<string, string>? extra = null)
    {
        var port = Sys.FreePorts(1)[0];
        var env = parties.Environment();
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["AzureWebJobsStorage"] = storage;
        env["Complaints__Api__TokenSecret"] = tokenSecret;
        env["Complaints__RateLimit__FilingsPerMinute"] = "100000000";
        env["Complaints__Storage__CountOperations"] = "true";
        // The host logs the Durable engine at Warning by default; the bench reads its lease and message lines.
        env["Logging__LogLevel__DurableTask.Core"] = "Information";
        env["Logging__LogLevel__DurableTask.AzureStorage"] = "Information";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        return new LocalHostProcess(dll, env, logFile, port);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _leases, 0);
        _child = Child.Start("dotnet", [_dll], Path.GetDirectoryName(_dll)!, _environment, _logFile, line =>
        {
            if (line.Contains("Successfully acquired", StringComparison.Ordinal) || line.Contains("Successfully stole", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _leases);
            }
        });
        Starts++;
        await WaitReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
    }

    public void KillHard() => _child?.KillHard();

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        await StartAsync(cancellationToken);
    }

    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_child is { HasExited: true })
            {
                throw new InvalidOperationException($"The local host exited at start; see {_logFile}");
            }

            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    // Ready answers once Kestrel listens; the parties are seeded by then (a hosted service that runs first).
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The local host was not ready within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; see {_logFile}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.StopAsync(TimeSpan.FromSeconds(10));
            await _child.DisposeAsync();
        }
    }
}
