using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Regions;
using Complaints.Pipeline.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Complaints.Pipeline.Parties;

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

    /// <summary>A GB/T 2260 administrative-division code (6 digits, a known province prefix); optional.</summary>
    public string? Region { get; set; }

    /// <summary>The key in clear, from a secret store (or the demo file); only its hash is stored.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The parties listed in configuration under <c>Complaints:Parties</c>.</summary>
    public static IReadOnlyList<PartyEntry> FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<List<PartyEntry>>() ?? [];

    public const string Section = "Complaints:Parties";

    /// <summary>Adds or replaces each party in the registry with the hash of its key.</summary>
    public static async Task SeedAsync(IPartyRegistry registry, IEnumerable<PartyEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (entry.ApiKey is { } key && (key.Contains('<', StringComparison.Ordinal) || key.Contains('>', StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"The API key of party {entry.Id} still holds the sample's <placeholder>; set a long random key from a secret store.");
            }

            var keys = string.IsNullOrEmpty(entry.ApiKey) ? Array.Empty<string>() : [TrackingTokens.Hash(entry.ApiKey)];
            await registry.UpsertAsync(entry.ToParty(), keys, cancellationToken);
        }
    }

    public Party ToParty()
    {
        var region = string.IsNullOrEmpty(Region) ? null
            : RegionCode.IsValid(Region, out var error) ? Region
            : throw new InvalidOperationException($"The region of party {Id} {error}");
        return Kind switch
        {
            "merchant" => new Party.Merchant(new PartyId(Id), Name, CreditCode ?? throw new InvalidOperationException($"Merchant {Id} needs a creditCode."), IdentityKnownToVenue, region),
            "venue" => new Party.Venue(
                new PartyId(Id),
                Name,
                ApiNames.TryParse<VenueKind>(VenueKind, out var kind) ? kind : throw new InvalidOperationException($"Venue {Id} needs a venueKind ({string.Join(", ", ApiNames.All<VenueKind>())})."),
                AdvanceCompensation?.ToEnrolment() ?? AdvanceCompensationEnrolment.None,
                region),
            "regulator" => region is null ? new Party.Regulator(new PartyId(Id), Name) : throw new InvalidOperationException($"Regulator {Id} takes no region."),
            _ => throw new InvalidOperationException($"Party {Id} has kind '{Kind}'; expected merchant, venue or regulator."),
        };
    }
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
