using Complaints.Core;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Support;

/// <summary>Event builders with the standard schedule's defaults (<see cref="Fixtures.Times"/>).</summary>
public static class Events
{
    public static ComplaintEvent.Filed Filed(
        Party.Venue? venue,
        Party.Merchant? merchant = null,
        Category category = Category.GoodsQuality,
        Money? claim = null,
        bool consent = true,
        DateTimeOffset? at = null,
        ComplaintId? id = null) =>
        new(
            id ?? Id,
            MerchantSnapshot.From(merchant ?? Merchant),
            venue is null ? null : VenueSnapshot.From(venue),
            category,
            claim ?? Claim,
            consent,
            at ?? Times.Filed);

    public static ComplaintEvent.FirstResponderAssigned Assigned(PartyId responder, DateTimeOffset? at = null)
    {
        var when = at ?? Times.Assigned;
        return new(responder, when + Deadlines.Acknowledge, when);
    }

    public static ComplaintEvent.Acknowledged Acknowledged(PartyId by, DateTimeOffset? at = null, bool timely = true)
    {
        var when = at ?? Times.Acknowledged;
        return new(by, timely, when + Deadlines.Resolve, when);
    }

    public static ComplaintEvent.ResolutionProposed Proposed(
        PartyId by,
        Remedy remedy = Remedy.Refund,
        Money? amount = null,
        string? note = null,
        DateTimeOffset? at = null,
        bool timely = true)
    {
        var when = at ?? Times.Answered;
        var money = amount ?? (remedy is Remedy.Refund or Remedy.Compensation ? Claim : null);
        return new(by, remedy, money, note, timely, when + Deadlines.Confirm, when);
    }

    public static ComplaintEvent.Refused Refused(PartyId by, string reason = "The goods were used.", DateTimeOffset? at = null, bool timely = true) =>
        new(by, reason, timely, at ?? Times.Answered);

    public static ComplaintEvent.Confirmed Confirmed(bool automatically = false, DateTimeOffset? at = null) =>
        new(automatically, at ?? Times.Answered.AddHours(1));

    public static ComplaintEvent.Disputed Disputed(string reason = "The refund is too small.", DateTimeOffset? at = null)
    {
        var when = at ?? Times.Answered.AddHours(1);
        return new(reason, when + Deadlines.Mediation, when);
    }

    public static ComplaintEvent.Withdrawn Withdrawn(DateTimeOffset? at = null) => new(at ?? Times.Acknowledged.AddHours(1));

    public static ComplaintEvent.DeadlineMissed DeadlineMissed(DeadlineKind kind, DateTimeOffset dueAt, PartyId? responsible, DateTimeOffset? at = null) =>
        new(kind, dueAt, responsible, at ?? dueAt);

    public static ComplaintEvent.Escalated Escalated(EscalationReason reason, DateTimeOffset? at = null, NotCoveredReason? notCovered = null)
    {
        var when = at ?? Times.Answered.AddMinutes(1);
        return new(reason, when + Deadlines.Mediation, when, notCovered);
    }

    public static ComplaintEvent.MediationOutcomeRecorded MediationRecorded(
        MediationOutcome outcome,
        bool ordered = false,
        PartyId? by = null,
        DateTimeOffset? at = null) =>
        new(outcome, ordered, by ?? Regulator.Id, at ?? Times.Answered.AddDays(10));

    public static ComplaintEvent.AdvanceCompensationRequested AdvanceCompensationRequested(
        PartyId venue,
        Money amount,
        AdvanceCompensationTrigger trigger = AdvanceCompensationTrigger.Refusal,
        bool statutory = false,
        DateTimeOffset? at = null) =>
        new(ComplaintDecider.PayoutIdFor(Id), venue, amount, trigger, statutory, at ?? Times.Answered.AddMinutes(1));

    public static ComplaintEvent.PayoutSettled PayoutSettled(DateTimeOffset? at = null) =>
        new(ComplaintDecider.PayoutIdFor(Id), at ?? Times.Settled);

    public static ComplaintEvent.RecoveryClaimOpened RecoveryOpened(PartyId venue, Money amount, DateTimeOffset? at = null)
    {
        var when = at ?? Times.RecoveryOpened;
        return new(ComplaintDecider.RecoveryClaimIdFor(Id), venue, Merchant.Id, amount, when + Deadlines.Recovery, when);
    }

    /// <summary>The older way a claim ended (still read from stored histories).</summary>
    public static ComplaintEvent.RecoveryClaimSettled RecoverySettled(bool recovered, DateTimeOffset? at = null) =>
        new(ComplaintDecider.RecoveryClaimIdFor(Id), recovered, at ?? Times.Closed.AddDays(5));

    public static ComplaintEvent.RepaymentRecorded RepaymentRecorded(Money amount, string? reference = "TX-0001", DateTimeOffset? at = null) =>
        new(ComplaintDecider.RecoveryClaimIdFor(Id), Merchant.Id, amount, reference, at ?? Times.Closed.AddDays(5));

    public static ComplaintEvent.RepaymentConfirmed RepaymentConfirmed(Money amount, PartyId? venue = null, DateTimeOffset? at = null) =>
        new(ComplaintDecider.RecoveryClaimIdFor(Id), venue ?? Mall.Id, amount, at ?? Times.Closed.AddDays(6));

    public static ComplaintEvent.RecoveryClaimEnded RecoveryEnded(
        RecoveryResult result,
        Money? recovered,
        Money? unrecovered,
        RecoveryEndReason reason = RecoveryEndReason.VenueRecorded,
        PartyId? by = null,
        DateTimeOffset? at = null) =>
        new(ComplaintDecider.RecoveryClaimIdFor(Id), result, recovered, unrecovered, reason,
            reason == RecoveryEndReason.DeadlinePassed ? by : by ?? Mall.Id, at ?? Times.Closed.AddDays(7));

    public static ComplaintEvent.ResolutionRevised Revised(
        PartyId by,
        Remedy remedy = Remedy.Refund,
        Money? amount = null,
        string? note = null,
        int revision = 1,
        DateTimeOffset? at = null,
        bool exceedsClaim = false)
    {
        var when = at ?? Times.Answered.AddHours(3);
        return new(by, remedy, amount ?? (remedy is Remedy.Refund or Remedy.Compensation ? Claim : null), note, exceedsClaim, revision, when + Deadlines.Confirm, when);
    }

    public static ComplaintEvent.ResolutionProposedInMediation ProposedInMediation(
        PartyId by,
        Remedy remedy = Remedy.Refund,
        Money? amount = null,
        string? note = null,
        DateTimeOffset? at = null,
        bool exceedsClaim = false) =>
        new(by, remedy, amount ?? (remedy is Remedy.Refund or Remedy.Compensation ? Claim : null), note, exceedsClaim, at ?? Times.Answered.AddDays(2));

    public static ComplaintEvent.ProposalDeclined Declined(string reason = "Still too little.", DateTimeOffset? at = null) =>
        new(reason, at ?? Times.Answered.AddDays(3));

    public static ComplaintEvent.MessagePosted Message(int number, MessageAuthor author, PartyId? party, string text = "Could you send a photo of the damage?", DateTimeOffset? at = null) =>
        new(number, author, party, text, at ?? Times.Acknowledged.AddHours(1));

    public static ComplaintEvent.AttachmentAdded Attachment(string id, MessageAuthor author, PartyId? party, string fileName = "photo.png", DateTimeOffset? at = null) =>
        new(id, author, party, fileName, "image/png", 2048, new string('a', 64), at ?? Times.Acknowledged.AddHours(1));

    public static ComplaintEvent.Closed Closed(ComplaintOutcome outcome, DateTimeOffset? at = null) => new(outcome, at ?? Times.Closed);

    public static ComplaintEvent.Evaluated Evaluated(int rating, string? comment = null, DateTimeOffset? at = null) =>
        new(rating, comment, at ?? Times.Closed.AddDays(1));

    public static ComplaintEvent.DisclosureDrafted Drafted(string disclosureId = "pub-7Q2XK", DateTimeOffset? at = null) =>
        new(disclosureId, at ?? Times.Drafted);

    public static ComplaintEvent.DisclosurePublished Published(string disclosureId = "pub-7Q2XK", DateTimeOffset? at = null) =>
        new(disclosureId, Regulator.Id, at ?? Times.Drafted.AddDays(1));

    public static ComplaintEvent.DisclosureWithheld Withheld(string reason = "Identifies a third party.", string disclosureId = "pub-7Q2XK", DateTimeOffset? at = null) =>
        new(disclosureId, reason, Regulator.Id, at ?? Times.Drafted.AddDays(1));
}

/// <summary>
/// Standard histories of one complaint, each a prefix of the next: <c>Story.At(Mall).Acknowledged()</c> is filed,
/// assigned and acknowledged.
/// </summary>
public sealed record Story(Party.Venue? Venue, Party.Merchant Merchant, Category Category, Money Claim, bool Consent)
{
    public static Story At(Party.Venue? venue) => new(venue, Fixtures.Merchant, Category.GoodsQuality, Fixtures.Claim, true);

    public static Story Direct => At(null);

    public PartyId Responder => Venue?.Id ?? Merchant.Id;

    public ComplaintEvent[] Filed() => [Events.Filed(Venue, Merchant, Category, Claim, Consent)];

    public ComplaintEvent[] Assigned() => [.. Filed(), Events.Assigned(Responder)];

    public ComplaintEvent[] Acknowledged() => [.. Assigned(), Events.Acknowledged(Responder)];

    public ComplaintEvent[] Proposed(Remedy remedy = Remedy.Refund, Money? amount = null) =>
        [.. Acknowledged(), Events.Proposed(Merchant.Id, remedy, amount ?? (remedy is Remedy.Refund or Remedy.Compensation ? Claim : null))];

    public ComplaintEvent[] Resolved(Remedy remedy = Remedy.Refund) => [.. Proposed(remedy), Events.Confirmed()];

    public ComplaintEvent[] ClosedResolved(Remedy remedy = Remedy.Refund) =>
        [.. Resolved(remedy), Events.Closed(remedy switch
        {
            Remedy.Refund or Remedy.Compensation => ComplaintOutcome.MonetaryRelief,
            Remedy.Repair or Remedy.Replace => ComplaintOutcome.NonMonetaryRelief,
            _ => ComplaintOutcome.Explanation,
        })];

    public ComplaintEvent[] Refused() => [.. Acknowledged(), Events.Refused(Merchant.Id)];

    /// <summary>Why no venue pays first on this story's complaint, if none does.</summary>
    public NotCoveredReason? NotCovered =>
        AdvanceCompensationTerms.For(MerchantSnapshot.From(Merchant), Venue is null ? null : VenueSnapshot.From(Venue), Category, Claim).NotCovered;

    public ComplaintEvent[] EscalatedAfterRefusal() =>
        [.. Refused(), Events.Escalated(EscalationReason.RefusedWithoutAdvanceCompensation, notCovered: NotCovered)];

    public ComplaintEvent[] InMediation() => [.. Proposed(), Events.Disputed()];

    public ComplaintEvent[] Mediated(MediationOutcome outcome, bool ordered = false) =>
        [.. EscalatedAfterRefusal(), Events.MediationRecorded(outcome, ordered)];

    public ComplaintEvent[] ResolveDeadlineMissed() =>
    [
        .. Acknowledged(),
        Events.DeadlineMissed(DeadlineKind.Resolve, Times.ResolveBy, Merchant.Id),
        Events.Escalated(EscalationReason.ResolveDeadlineMissed, Times.ResolveBy, NotCovered),
    ];

    public ComplaintEvent[] AcknowledgeDeadlineMissed() =>
    [
        .. Assigned(),
        Events.DeadlineMissed(DeadlineKind.Acknowledge, Times.AcknowledgeBy, Responder),
        Events.Escalated(EscalationReason.AcknowledgeDeadlineMissed, Times.AcknowledgeBy),
    ];

    /// <summary>The amount the venue pays under its enrolment (or by statute).</summary>
    public Money AdvanceAmount =>
        AdvanceCompensationTerms.For(MerchantSnapshot.From(Merchant), Venue is null ? null : VenueSnapshot.From(Venue), Category, Claim).Amount
        ?? throw new InvalidOperationException("This story has no venue that pays first.");

    public ComplaintEvent[] AwaitingPayout() =>
        [.. Refused(), Events.AdvanceCompensationRequested(Venue!.Id, AdvanceAmount, statutory: !Merchant.IdentityKnownToVenue)];

    public ComplaintEvent[] Compensated() => [.. AwaitingPayout(), Events.PayoutSettled()];

    public ComplaintEvent[] RecoveryOpened() => [.. Compensated(), Events.RecoveryOpened(Venue!.Id, AdvanceAmount)];

    public ComplaintEvent[] ClosedAdvanceCompensated() => [.. RecoveryOpened(), Events.Closed(ComplaintOutcome.AdvanceCompensated)];

    /// <summary>Closed, drafted, and the recovery claim still open.</summary>
    public ComplaintEvent[] DraftedAdvanceCompensated() => [.. ClosedAdvanceCompensated(), Events.Drafted()];

    /// <summary>Escalated after a refusal no venue pays for, and the merchant makes an offer to settle.</summary>
    public ComplaintEvent[] OfferedInMediation(Remedy remedy = Remedy.Refund, Money? amount = null) =>
        [.. EscalatedAfterRefusal(), Events.ProposedInMediation(Merchant.Id, remedy, amount)];

    public ComplaintEvent[] Withdrawn() => [.. Acknowledged(), Events.Withdrawn()];

    public ComplaintEvent[] Drafted() => [.. ClosedResolved(), Events.Drafted()];

    public ComplaintEvent[] Published() => [.. Drafted(), Events.Published()];

    public ComplaintEvent[] Withheld() => [.. Drafted(), Events.Withheld()];
}
