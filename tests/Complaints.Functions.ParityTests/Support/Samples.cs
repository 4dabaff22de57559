using Complaints.Core;

namespace Complaints.Functions.ParityTests.Support;

/// <summary>Parties, instants and one sample of every complaint event.</summary>
public static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static readonly ComplaintId Id = new("c-durable-1");

    public static readonly Money Claim = Money.Of(300m, "CNY");

    public static readonly Party.Merchant Merchant = new(new PartyId("m-bright"), "Shenzhen Bright Goods Trading Co., Ltd.", "91440300MA5F123456");

    /// <summary>Enrolled in advance compensation for goods quality, capped at 500 CNY.</summary>
    public static readonly Party.Venue Mall = new(
        new PartyId("v-harbour-mall"),
        "Harbour City Mall",
        VenueKind.Mall,
        new AdvanceCompensationEnrolment(true, Money.Of(500m, "CNY"), new HashSet<Category> { Category.GoodsQuality, Category.Delivery }));

    public static readonly PartyId Regulator = new("r-samr-sh");

    /// <summary>One event of each type, in no particular order of history.</summary>
    public static IReadOnlyList<ComplaintEvent> EveryEvent { get; } =
    [
        new ComplaintEvent.Filed(Id, MerchantSnapshot.From(Merchant), VenueSnapshot.From(Mall), Category.GoodsQuality, Claim, true, T0),
        new ComplaintEvent.FirstResponderAssigned(Mall.Id, T0.AddDays(1), T0.AddMinutes(1)),
        new ComplaintEvent.Acknowledged(Mall.Id, true, T0.AddDays(8), T0.AddHours(2)),
        new ComplaintEvent.ResolutionProposed(Merchant.Id, Remedy.Refund, Claim, "Full refund.", true, T0.AddDays(9), T0.AddDays(2)),
        new ComplaintEvent.Refused(Merchant.Id, "Used goods.", false, T0.AddDays(2)),
        new ComplaintEvent.Confirmed(false, T0.AddDays(3)),
        new ComplaintEvent.Disputed("Too little.", T0.AddDays(48), T0.AddDays(3)),
        new ComplaintEvent.Withdrawn(T0.AddDays(1)),
        new ComplaintEvent.DeadlineMissed(DeadlineKind.Resolve, T0.AddDays(8), Merchant.Id, T0.AddDays(8)),
        new ComplaintEvent.Escalated(EscalationReason.ResolveDeadlineMissed, T0.AddDays(53), T0.AddDays(8)),
        new ComplaintEvent.MediationOutcomeRecorded(MediationOutcome.ConsumerUpheld, true, Regulator, T0.AddDays(20)),
        new ComplaintEvent.AdvanceCompensationRequested(ComplaintDecider.PayoutIdFor(Id), Mall.Id, Claim, AdvanceCompensationTrigger.Refusal, false, T0.AddDays(2)),
        new ComplaintEvent.PayoutSettled(ComplaintDecider.PayoutIdFor(Id), T0.AddDays(3)),
        new ComplaintEvent.RecoveryClaimOpened(ComplaintDecider.RecoveryClaimIdFor(Id), Mall.Id, Merchant.Id, Claim, T0.AddDays(3)),
        new ComplaintEvent.RecoveryClaimSettled(ComplaintDecider.RecoveryClaimIdFor(Id), true, T0.AddDays(30)),
        new ComplaintEvent.Closed(ComplaintOutcome.AdvanceCompensated, T0.AddDays(3)),
        new ComplaintEvent.Evaluated(4, null, T0.AddDays(4)),
        new ComplaintEvent.DisclosureDrafted("d0123456789abcdef", T0.AddDays(4)),
        new ComplaintEvent.DisclosurePublished("d0123456789abcdef", Regulator, T0.AddDays(5)),
        new ComplaintEvent.DisclosureWithheld("d0123456789abcdef", "Names a third party.", Regulator, T0.AddDays(5)),
    ];
}
