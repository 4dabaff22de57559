using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;

namespace Complaints.Pipeline.Api;

public sealed record MoneyView(decimal Amount, string Currency)
{
    public static MoneyView? Of(Money? money) => money is null ? null : new MoneyView(money.Amount, money.Currency);
}

public sealed record LinksView(string Self);

public sealed record FiledView(string ComplaintId, string TrackingToken, string Status, LinksView Links);

public sealed record PartyRef(string Id, string Name);

public sealed record PartiesView(PartyRef Merchant, PartyRef? Venue, string? FirstResponder);

public sealed record DeadlinesView(DateTimeOffset? AcknowledgeBy, DateTimeOffset? ResolveBy, DateTimeOffset? ConfirmBy, DateTimeOffset? MediationBy);

public sealed record ResolutionView(string ProposedBy, string Remedy, MoneyView? Amount, string? Note, DateTimeOffset At);

public sealed record MediationView(string Outcome, bool AdvanceCompensationOrdered, DateTimeOffset At);

public sealed record PayoutView(string PayoutId, string Venue, MoneyView Amount, string Trigger, bool Statutory, string Status, DateTimeOffset RequestedAt, DateTimeOffset? SettledAt);

public sealed record RecoveryClaimView(string ClaimId, string Venue, string Merchant, MoneyView Amount, string Status, DateTimeOffset OpenedAt);

public sealed record EvaluationView(int Rating, string? Comment, DateTimeOffset At);

public sealed record TimelineEntry(string Type, DateTimeOffset At);

public sealed record ContactView(string Name, string? Phone, string? Email);

public sealed record DetailsView(string Description, string? OrderReference, DateOnly? OccurredOn, ContactView? Consumer);

public sealed record DisclosureRef(string DisclosureId, string Status);

/// <summary>A complaint as one reader may see it: operators and regulators see details and the recovery claim.</summary>
public sealed record ComplaintView(
    string ComplaintId,
    string Status,
    string Category,
    MoneyView AmountClaimed,
    DateTimeOffset FiledAt,
    PartiesView Parties,
    DeadlinesView Deadlines,
    bool Timely,
    ResolutionView? Resolution,
    string? RefusalReason,
    string? DisputeReason,
    string? Escalation,
    MediationView? Mediation,
    PayoutView? Payout,
    RecoveryClaimView? RecoveryClaim,
    string? Outcome,
    DateTimeOffset? ClosedAt,
    EvaluationView? Evaluation,
    DisclosureRef? Disclosure,
    IReadOnlyList<TimelineEntry> Timeline,
    DetailsView? Details)
{
    /// <summary>The complaint's orchestration as the engine reports it: for a regulator reading one complaint, otherwise absent.</summary>
    public WorkflowView? Workflow { get; init; }
}

/// <summary>
/// The audit trail of the complaint's orchestration, next to the event timeline: its runtime status, its own custom
/// status (last version reacted to, the deadline it waits for) and, where the engine can give it, the history of its
/// current generation (activities scheduled, timers, events raised). Ids, versions and kinds only.
/// </summary>
public sealed record WorkflowView(
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    WorkflowProgressView? Progress,
    IReadOnlyList<WorkflowHistoryView>? History);

public sealed record WorkflowProgressView(long LastVersion, string? WaitingFor, DateTimeOffset? DueAt, int Generation);

public sealed record WorkflowHistoryView(DateTimeOffset At, string Kind, string? Name);

public sealed record PageView<T>(IReadOnlyList<T> Items, string? Cursor);

public sealed record InboxItemView(string ComplaintId, string Status, string Action, DateTimeOffset DueAt, string Category, DateTimeOffset FiledAt);

public sealed record RegulatorItemView(string ComplaintId, string Status, string? Reason, DateTimeOffset? MediationBy, string Merchant, string? Venue, bool Timely);

public sealed record PublicDisclosureView(
    string DisclosureId,
    string MonthReceived,
    PartyRef Merchant,
    string MerchantCreditCode,
    PartyRef? Venue,
    string Category,
    string HowHandled,
    string Outcome,
    bool Timely,
    int DaysToResolve,
    string PaidBy,
    int? ConsumerRating,
    string? Narrative)
{
    public static PublicDisclosureView Of(DisclosureRecord r) => new(
        r.DisclosureId,
        r.MonthReceived,
        new PartyRef(r.MerchantId.Value, r.MerchantName),
        r.MerchantCreditCode,
        r.VenueId is { } v ? new PartyRef(v.Value, r.VenueName ?? v.Value) : null,
        ApiNames.Of(r.Category),
        ApiNames.Of(r.HowHandled),
        ApiNames.Of(r.Outcome),
        r.Timely,
        r.DaysToResolve,
        ApiNames.Of(r.PaidBy),
        r.ConsumerRating,
        r.Narrative);
}

public sealed record RegulatorDisclosureView(string DisclosureId, string ComplaintId, string Status, PublicDisclosureView Record);

public sealed record StatisticsView(int Complaints, double ShareAcknowledgedOnTime, double ResolutionRate, int AdvanceCompensations, double? AverageRating, string RiskTier, bool ConsumerWarning)
{
    public static StatisticsView Of(PartyStatistics s) =>
        new(s.Complaints, s.ShareAcknowledgedOnTime, s.ResolutionRate, s.AdvanceCompensations, s.AverageRating, s.Tier.ToString(), s.ConsumerWarning);
}

public sealed record MerchantStatsView(string MerchantId, string Name, bool Withheld, int MinimumComplaints, StatisticsView? Statistics);

public sealed record WarningView(string MerchantId, string Name, string CreditCode, string RiskTier, string Warning);

public sealed record AdvanceCompensationView(bool Enrolled, MoneyView? CapPerComplaint, IReadOnlyList<string> Categories);

public sealed record PartyView(string Id, string Kind, string Name, string? CreditCode, string? VenueKind, AdvanceCompensationView? AdvanceCompensation)
{
    public static PartyView Of(Party party) => party switch
    {
        Party.Merchant m => new PartyView(m.Id.Value, "merchant", m.Name, m.CreditCode, null, null),
        Party.Venue v => new PartyView(v.Id.Value, "venue", v.Name, null, ApiNames.Of(v.Kind), new AdvanceCompensationView(
            v.AdvanceCompensation.Enrolled,
            MoneyView.Of(v.AdvanceCompensation.CapPerComplaint),
            [.. v.AdvanceCompensation.Categories.Select(c => ApiNames.Of(c)).Order(StringComparer.Ordinal)])),
        _ => new PartyView(party.Id.Value, "regulator", party.Name, null, null, null),
    };
}

internal static class ComplaintViews
{
    public enum Audience
    {
        Consumer,
        Operator,
        Regulator,
    }

    /// <summary>
    /// The timeline shows a reader the events of what the view shows them: the recovery claim is between venue and
    /// merchant (not the consumer's), and the disclosure review (draft, withholding) is the regulator's.
    /// </summary>
    private static bool Shows(Audience audience, ComplaintEvent e) => e switch
    {
        ComplaintEvent.RecoveryClaimOpened or ComplaintEvent.RecoveryClaimSettled or ComplaintEvent.RepaymentRecorded
            or ComplaintEvent.RepaymentConfirmed or ComplaintEvent.RecoveryClaimEnded => audience != Audience.Consumer,
        ComplaintEvent.DisclosureDrafted or ComplaintEvent.DisclosureWithheld => audience == Audience.Regulator,
        _ => true,
    };

    public static ComplaintView Of(Complaint c, IReadOnlyList<RecordedEvent> events, Audience audience, ComplaintContent? content, ConsumerContact? contact)
    {
        var seesInternals = audience != Audience.Consumer;
        return new ComplaintView(
            c.Id.Value,
            ApiNames.Status(c.Status),
            ApiNames.Of(c.Category),
            MoneyView.Of(c.Claim)!,
            c.FiledAt,
            new PartiesView(
                new PartyRef(c.Merchant.Id.Value, c.Merchant.Name),
                c.Venue is null ? null : new PartyRef(c.Venue.Id.Value, c.Venue.Name),
                c.FirstResponder?.Value),
            new DeadlinesView(c.AcknowledgeBy, c.ResolveBy, c.ConfirmBy, c.MediationBy),
            !c.Untimely,
            c.Resolution is { } r ? new ResolutionView(r.By.Value, ApiNames.Of(r.Remedy), MoneyView.Of(r.Amount), r.Note, r.At) : null,
            c.RefusalReason,
            c.DisputeReason,
            c.Escalation is { } e ? ApiNames.Of(e) : null,
            c.Mediation is { } m ? new MediationView(ApiNames.Of(m.Outcome), m.AdvanceCompensationOrdered, m.At) : null,
            c.Payout is { } p ? new PayoutView(p.PayoutId, p.Venue.Value, MoneyView.Of(p.Amount)!, ApiNames.Of(p.Trigger), p.Statutory, p.SettledAt is null ? "pending" : "settled", p.RequestedAt, p.SettledAt) : null,
            seesInternals && c.Recovery is { } rc
                ? new RecoveryClaimView(rc.ClaimId, rc.Venue.Value, rc.Merchant.Value, MoneyView.Of(rc.Amount)!, rc.Recovered switch { null => "open", true => "recovered", false => "unrecovered" }, rc.OpenedAt)
                : null,
            c.Outcome is { } o ? ApiNames.Of(o) : null,
            c.ClosedAt,
            c.Evaluation is { } ev ? new EvaluationView(ev.Rating, ev.Comment, ev.At) : null,
            audience == Audience.Regulator && c.DisclosureId is { } d ? new DisclosureRef(d, ApiNames.Disclosure(c.Disclosure)) : null,
            [.. events.Where(x => Shows(audience, x.Event)).Select(x => new TimelineEntry(x.Event.Type, x.Event.At))],
            content is null ? null : new DetailsView(
                content.Description,
                content.OrderReference,
                content.OccurredOn,
                seesInternals && contact is not null ? new ContactView(contact.Name, contact.Phone, contact.Email) : null));
    }
}
