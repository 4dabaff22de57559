using Complaints.Core;
using Complaints.Core.Ports;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>The registry every test seeds under its own prefix.</summary>
public static class TestParties
{
    /// <summary>Cap per complaint of <see cref="EnrolledVenue"/>.</summary>
    public static readonly Money Cap = Money.Of(500m, "CNY");

    public static readonly Party.Merchant Merchant = new(new PartyId("m-acme"), "Acme Kitchenware Co., Ltd.", "91310000MA1FL8XQ30");

    /// <summary>An online platform enrolled in advance compensation for goods quality and delivery, up to <see cref="Cap"/>.</summary>
    public static readonly Party.Venue EnrolledVenue = new(
        new PartyId("v-shopnow"),
        "ShopNow Marketplace",
        VenueKind.OnlinePlatform,
        new AdvanceCompensationEnrolment(true, Cap, new HashSet<Category> { Category.GoodsQuality, Category.Delivery }));

    /// <summary>A mall that is not enrolled: a refusal there goes to the regulator.</summary>
    public static readonly Party.Venue PlainVenue = new(new PartyId("v-citymall"), "City Mall", VenueKind.Mall, AdvanceCompensationEnrolment.None);

    public static readonly Party.Regulator Regulator = new(new PartyId("r-samr"), "Market Regulation Bureau");

    public static IReadOnlyList<Party> All => [Merchant, EnrolledVenue, PlainVenue, Regulator];

    public static async Task SeedAsync(IPartyRegistry registry, CancellationToken cancellationToken)
    {
        foreach (var party in All)
        {
            await registry.UpsertAsync(party, [], cancellationToken);
        }
    }
}
