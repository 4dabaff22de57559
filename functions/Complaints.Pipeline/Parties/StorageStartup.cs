using System.Text.Json;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Parties;

/// <summary>
/// Where the parties registry is seeded from. In Development: <c>parties.demo.json</c> (demo keys, printed at start).
/// Elsewhere: the <c>Complaints:Parties</c> configuration section, whose keys come from a secret store.
/// </summary>
public sealed class PartySeedOptions
{
    public const string Section = "Complaints:Seed";

    /// <summary>The demo registry file, read in Development only.</summary>
    public string DemoFile { get; set; } = "parties.demo.json";

    /// <summary>Print the demo keys at start (Development only).</summary>
    public bool PrintDemoKeys { get; set; } = true;
}

/// <summary>
/// Both hosts' start: creates every table and queue the pipeline uses (a fresh account has none), then seeds the
/// parties registry, before any worker or trigger runs. Storage that does not answer yet is retried for 30 s; a
/// configuration fault (a placeholder connection setting, say) fails the start at once.
/// </summary>
public sealed partial class StorageStartup(
    StorageProvisioner provisioner,
    IPartyRegistry registry,
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<PartySeedOptions> seed,
    ILogger<StorageStartup> logger) : IHostedService
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await provisioner.EnsureCreatedAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (attempt < 30 && e is not (OperationCanceledException or InvalidOperationException))
            {
                LogStorageNotReady(logger, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        var entries = PartyEntry.FromConfiguration(configuration);
        var demoPath = Path.Combine(environment.ContentRootPath, seed.Value.DemoFile);
        var demo = environment.IsDevelopment() && File.Exists(demoPath)
            ? JsonSerializer.Deserialize<List<PartyEntry>>(await File.ReadAllTextAsync(demoPath, cancellationToken), FileJson) ?? []
            : [];
        await PartyEntry.SeedAsync(registry, entries.Concat(demo), cancellationToken);

        LogSeeded(logger, entries.Count + demo.Count);
        if (demo.Count > 0 && seed.Value.PrintDemoKeys)
        {
            foreach (var entry in demo.Where(e => e.ApiKey is not null))
            {
                LogDemoKey(logger, entry.Kind, entry.Id, entry.Name, entry.ApiKey!);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(2001, LogLevel.Warning, "Storage not reachable yet (attempt {Attempt}); retrying")]
    private static partial void LogStorageNotReady(ILogger logger, int attempt);

    [LoggerMessage(2002, LogLevel.Information, "Parties registry seeded with {Count} parties")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(2003, LogLevel.Information, "Demo key  {Kind,-9} {PartyId,-14} {Name,-32} X-Api-Key: {ApiKey}")]
    private static partial void LogDemoKey(ILogger logger, string kind, string partyId, string name, string apiKey);
}
