using System.Globalization;
using System.Security.Cryptography;

namespace Complaints.Testing;

/// <summary>
/// The parties the API and Functions test hosts are seeded with (through <c>Complaints:Parties</c>), each with an API key generated
/// for this run: three merchants (and one whose identity the venues do not know), an enrolled mall with a cap, an
/// enrolled online platform, a venue that is not enrolled, and a regulator.
/// </summary>
public sealed class ConfiguredParties
{
    public const string Alpha = "m-alpha";
    public const string Beta = "m-beta";
    public const string Gamma = "m-gamma";
    public const string Mall = "v-mall";
    public const string Platform = "v-platform";
    public const string Market = "v-market";
    public const string Regulator = "r-reg";

    /// <summary>Alpha's GB/T 2260 region: Xihu District, Hangzhou, Zhejiang.</summary>
    public const string AlphaRegion = "330106";

    /// <summary>Beta's region: Haishu District, Ningbo, Zhejiang (another city of the same province as Alpha).</summary>
    public const string BetaRegion = "330203";

    /// <summary>Gamma's region: Futian District, Shenzhen, Guangdong.</summary>
    public const string GammaRegion = "440304";

    /// <summary>The mall pays at most this per complaint (CNY).</summary>
    public const decimal MallCap = 500m;

    /// <summary>The platform pays at most this per complaint (CNY).</summary>
    public const decimal PlatformCap = 3000m;

    private readonly Dictionary<string, string> keys = new(StringComparer.Ordinal);

    public ConfiguredParties()
    {
        foreach (var id in new[] { Alpha, Beta, Gamma, Mall, Platform, Market, Regulator })
        {
            keys[id] = $"test-{id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        }
    }

    /// <summary>The X-Api-Key of a party.</summary>
    public string KeyOf(string partyId) => keys[partyId];

    /// <summary>The <c>Complaints:Parties</c> configuration entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        var parties = new List<Dictionary<string, string>>
        {
            Merchant(Alpha, "Alpha Teas Ltd.", "91310000MA1K4T2X3A", AlphaRegion),
            Merchant(Beta, "Beta Gadgets Co.", "91440300MA5F8QW21B", BetaRegion),
            Merchant(Gamma, "Gamma Fashion Co.", "91330100MA2H7LP94C", GammaRegion),
            Venue(Mall, "Harbour Test Mall", "mall", enrolled: true, MallCap, ["goods-quality", "service-quality", "refund-return", "pricing"]),
            Venue(Platform, "Testing Online Platform", "online-platform", enrolled: true, PlatformCap, ["goods-quality", "delivery", "refund-return", "false-advertising"]),
            Venue(Market, "Old Test Market", "market", enrolled: false, null, []),
            new() { ["id"] = Regulator, ["kind"] = "regulator", ["name"] = "Test Market Regulation Bureau", ["apiKey"] = keys[Regulator] },
        };
        for (var i = 0; i < parties.Count; i++)
        {
            foreach (var (field, value) in parties[i])
            {
                yield return new($"Complaints:Parties:{i}:{field}", value);
            }
        }
    }

    private Dictionary<string, string> Merchant(string id, string name, string creditCode, string region) => new()
    {
        ["id"] = id,
        ["kind"] = "merchant",
        ["name"] = name,
        ["creditCode"] = creditCode,
        ["region"] = region,
        ["apiKey"] = keys[id],
    };

    private Dictionary<string, string> Venue(string id, string name, string venueKind, bool enrolled, decimal? cap, string[] categories)
    {
        var entry = new Dictionary<string, string>
        {
            ["id"] = id,
            ["kind"] = "venue",
            ["name"] = name,
            ["venueKind"] = venueKind,
            ["apiKey"] = keys[id],
            ["advanceCompensation:enrolled"] = enrolled ? "true" : "false",
        };
        if (cap is { } c)
        {
            entry["advanceCompensation:capPerComplaint:amount"] = c.ToString(CultureInfo.InvariantCulture);
            entry["advanceCompensation:capPerComplaint:currency"] = "CNY";
        }

        for (var i = 0; i < categories.Length; i++)
        {
            entry[$"advanceCompensation:categories:{i}"] = categories[i];
        }

        return entry;
    }
}
