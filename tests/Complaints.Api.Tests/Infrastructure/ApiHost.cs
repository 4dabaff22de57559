using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// The real local host (<c>Program</c> of Complaints.LocalHost: API, queue workers, process manager) on Kestrel,
/// listening on a free loopback port, over the run's Azurite under a storage prefix of its own. Tests talk to it
/// only through <see cref="HttpClient"/> over real HTTP.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;

    public ApiHost(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        this.settings = settings;
    }

    /// <summary>What this host is for ("main", "deadlines", ...), for messages.</summary>
    public string Name { get; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Warnings and errors the host logged (never contact details: the host does not log them).</summary>
    public HostLog Log { get; } = new();

    /// <summary>Starts Kestrel and waits until the storage startup (tables, queues, parties) has run.</summary>
    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException($"Host {Name}: the server reports no addresses.");
        var http = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Host {Name}: no http address among {string.Join(", ", addresses)}.");
        Address = new Uri(http.EndsWith('/') ? http : http + "/");
        if (Address.Port == 0 || !Address.IsLoopback)
        {
            throw new InvalidOperationException($"Host {Name}: expected a bound loopback port, got {Address}.");
        }
    }

    /// <summary>A plain HttpClient against the real socket (not the in-memory TestServer handler).</summary>
    public HttpClient NewClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = Address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddProvider(new CapturingLoggerProvider(Log));
        });
    }
}

/// <summary>The host's warnings and errors, kept so that a test can show what happened server-side.</summary>
public sealed class HostLog
{
    private readonly ConcurrentQueue<(long Seq, string Line)> lines = new();
    private long seq;

    public long Position => Interlocked.Read(ref seq);

    public void Add(string line)
    {
        var n = Interlocked.Increment(ref seq);
        lines.Enqueue((n, line));
        while (lines.Count > 2000 && lines.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<string> Since(long position) => [.. lines.Where(l => l.Seq > position).Select(l => l.Line)];
}

internal sealed class CapturingLoggerProvider(HostLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, log);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, HostLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"[{logLevel}] {category} ({eventId.Id}): {formatter(state, exception)}{(exception is null ? string.Empty : " :: " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
