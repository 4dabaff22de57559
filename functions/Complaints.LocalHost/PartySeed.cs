using System.Text.Json;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline;
using Complaints.Pipeline.Api;
using Complaints.Storage;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost;

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

/// <summary>One party as the demo file and the configuration section describe it.</summary>
public sealed class PartyEntry
{
    public string Id { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? CreditCode { get; set; }

    public bool IdentityKnownToVenue { get; set; } = true;

    public string? VenueKind { get; set; }

    public AdvanceCompensationEntry? AdvanceCompensation { get; set; }

    public string? ApiKey { get; set; }

    public Party ToParty() => Kind switch
    {
        "merchant" => new Party.Merchant(new PartyId(Id), Name, CreditCode ?? throw new InvalidOperationException($"Merchant {Id} needs a creditCode."), IdentityKnownToVenue),
        "venue" => new Party.Venue(
            new PartyId(Id),
            Name,
            ApiNames.TryParse<VenueKind>(VenueKind, out var kind) ? kind : throw new InvalidOperationException($"Venue {Id} needs a venueKind ({string.Join(", ", ApiNames.All<VenueKind>())})."),
            AdvanceCompensation?.ToEnrolment() ?? AdvanceCompensationEnrolment.None),
        "regulator" => new Party.Regulator(new PartyId(Id), Name),
        _ => throw new InvalidOperationException($"Party {Id} has kind '{Kind}'; expected merchant, venue or regulator."),
    };
}

public sealed class AdvanceCompensationEntry
{
    public bool Enrolled { get; set; }

    public MoneyEntry? CapPerComplaint { get; set; }

    public List<string> Categories { get; set; } = [];

    public AdvanceCompensationEnrolment ToEnrolment() => new(
        Enrolled,
        CapPerComplaint is null ? null : Money.Of(CapPerComplaint.Amount, CapPerComplaint.Currency),
        Categories.Select(c => ApiNames.TryParse<Category>(c, out var category) ? category : throw new InvalidOperationException($"Unknown category '{c}'.")).ToHashSet());
}

public sealed class MoneyEntry
{
    public decimal Amount { get; set; }

    public string Currency { get; set; } = "CNY";
}

/// <summary>Creates tables and queues, then seeds the parties registry, before the workers start.</summary>
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
            catch (Exception e) when (attempt < 30 && e is not OperationCanceledException)
            {
                LogStorageNotReady(logger, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        var entries = configuration.GetSection("Complaints:Parties").Get<List<PartyEntry>>() ?? [];
        var demoPath = Path.Combine(environment.ContentRootPath, seed.Value.DemoFile);
        var demo = environment.IsDevelopment() && File.Exists(demoPath)
            ? JsonSerializer.Deserialize<List<PartyEntry>>(await File.ReadAllTextAsync(demoPath, cancellationToken), FileJson) ?? []
            : [];
        foreach (var entry in entries.Concat(demo))
        {
            var keys = string.IsNullOrEmpty(entry.ApiKey) ? Array.Empty<string>() : [TrackingTokens.Hash(entry.ApiKey)];
            await registry.UpsertAsync(entry.ToParty(), keys, cancellationToken);
        }

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
