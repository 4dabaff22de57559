using System.Globalization;
using System.Security.Cryptography;
using Complaints.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Web.Tests.Infrastructure;

/// <summary>
/// The real local host (<c>Program</c> of Complaints.LocalHost: the pages, the API, the queue workers and the Durable
/// Task worker) on Kestrel at a free loopback port, over the run's Azurite under a storage prefix of its own, in
/// Production. The browser reaches it over real HTTP, as a person's browser would.
/// </summary>
public sealed class WebHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> settings;

    public WebHost(AzuriteFixture azurite, ConfiguredParties parties)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        ArgumentNullException.ThrowIfNull(parties);
        var day = "1.00:00:00";
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
            [Complaints.Storage.Gateway.StorageConnection.Name] = azurite.ConnectionString,
            ["Complaints:Storage:Prefix"] = "web" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            ["Complaints:Api:TokenSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            // Long deadlines: no timer races a step the test takes by hand.
            ["Complaints:Deadlines:Acknowledge"] = day,
            ["Complaints:Deadlines:Resolve"] = "7.00:00:00",
            ["Complaints:Deadlines:Confirm"] = "7.00:00:00",
            ["Complaints:Deadlines:Mediation"] = "45.00:00:00",
            ["Complaints:Workers:MaxIdleDelay"] = "00:00:00.400",
            ["Complaints:RateLimit:FilingsPerMinute"] = "100000",
            ["Complaints:Seed:DemoWebhooks"] = "false",
        };
        foreach (var (key, value) in parties.Settings())
        {
            values[key] = value;
        }

        settings = values;
    }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Warnings and errors the host logged.</summary>
    public HostLog Log { get; } = new();

    /// <summary>Starts Kestrel (and, with it, the storage startup, the workers and the Durable Task worker).</summary>
    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server reports no addresses.");
        var http = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        Address = new Uri(http.EndsWith('/') ? http : http + "/");
    }

    /// <summary>An absolute URL on the host: <c>Url("index.html")</c>.</summary>
    public string Url(string relative) => new Uri(Address, relative).ToString();

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

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
