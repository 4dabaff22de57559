using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Complaints.Testing;
using Microsoft.Extensions.Logging;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// The real local host (<c>Program</c> of Complaints.LocalHost: API, queue workers, Durable Task worker, manager) on Kestrel,
/// listening on a free loopback port, over the run's Azurite under a storage prefix of its own. Tests talk to it
/// only through <see cref="HttpClient"/> over real HTTP.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly string environment;

    public ApiHost(string name, IReadOnlyDictionary<string, string> settings, string environment = "Production")
    {
        Name = name;
        this.settings = settings;
        this.environment = environment;
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
        builder.UseEnvironment(environment);
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
