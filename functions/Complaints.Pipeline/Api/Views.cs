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

/// <param name="Merchant">The merchant complained about.</param>
/// <param name="Venue">Where the purchase was made, if through a venue.</param>
/// <param name="FirstResponder">The party that must answer first.</param>
/// <param name="Region">The merchant's GB/T 2260 region at filing: where the complaint is counted.</param>
public sealed record PartiesView(PartyRef Merchant, PartyRef? Venue, string? FirstResponder, string? Region = null);

public sealed record DeadlinesView(DateTimeOffset? AcknowledgeBy, DateTimeOffset? ResolveBy, DateTimeOffset? ConfirmBy, DateTimeOffset? MediationBy);

/// <summary>The latest proposal.</summary>
/// <param name="ProposedBy">The party that proposed it.</param>
/// <param name="Remedy">What is offered.</param>
/// <param name="Amount">How much, for a refund or compensation.</param>
/// <param name="Note">The merchant's note.</param>
/// <param name="At">When it was proposed (or last revised).</param>
/// <param name="Revisions">How many times the merchant revised its proposal before the consumer answered (0: never).</param>
/// <param name="ExceedsClaim">The amount offered is more than the amount claimed: accepted, and flagged.</param>
/// <param name="InMediation">Offered while the complaint was before the regulator; accepted, it closes resolved in mediation.</param>
/// <param name="Declined">The consumer declined this offer made in mediation.</param>
public sealed record ResolutionView(string ProposedBy, string Remedy, MoneyView? Amount, string? Note, DateTimeOffset At, int Revisions, bool ExceedsClaim, bool InMediation, bool Declined);

/// <summary>Why no venue pays the consumer first: the reason's name and a sentence the consumer can read.</summary>
public sealed record NotCoveredView(string Reason, string Explanation)
{
    public static NotCoveredView? Of(NotCoveredReason? reason) =>
        reason is { } r ? new NotCoveredView(ApiNames.Of(r), NotCoveredReasons.Explain(r)) : null;
}

public sealed record MediationView(string Outcome, bool AdvanceCompensationOrdered, DateTimeOffset At);

public sealed record PayoutView(string PayoutId, string Venue, MoneyView Amount, string Trigger, bool Statutory, string Status, DateTimeOffset RequestedAt, DateTimeOffset? SettledAt);

/// <summary>Where a recovery claim stands: open (a repayment may await the venue's confirmation), or how it ended.</summary>
public enum RecoveryClaimState
{
    Open,
    Recovered,
    PartlyRecovered,
    Unrecovered,
}

/// <summary>A repayment the merchant recorded that the venue has not confirmed yet.</summary>
public sealed record PendingRepaymentView(MoneyView Amount, string? Reference, DateTimeOffset At);

/// <summary>
/// The venue's claim against the merchant for what it paid the consumer first (merchant, venue and regulator only).
/// </summary>
/// <param name="ClaimId">The claim's id.</param>
/// <param name="Venue">The venue that paid first.</param>
/// <param name="Merchant">The merchant that owes it.</param>
/// <param name="Amount">What the venue paid.</param>
/// <param name="Status">open, recovered, partly-recovered or unrecovered.</param>
/// <param name="OpenedAt">When the claim opened.</param>
/// <param name="RecoverBy">The recovery deadline: the claim then ends with what the venue confirmed.</param>
/// <param name="Repaid">Repayments the venue confirmed.</param>
/// <param name="PendingRepayment">A repayment the merchant recorded, awaiting the venue's confirmation.</param>
/// <param name="Recovered">What came back in the end.</param>
/// <param name="Unrecovered">What did not.</param>
/// <param name="EndReason">venue-recorded, repaid-in-full or deadline-passed.</param>
/// <param name="EndedAt">When the claim ended.</param>
public sealed record RecoveryClaimView(
    string ClaimId,
    string Venue,
    string Merchant,
    MoneyView Amount,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset RecoverBy,
    MoneyView? Repaid,
    PendingRepaymentView? PendingRepayment,
    MoneyView? Recovered,
    MoneyView? Unrecovered,
    string? EndReason,
    DateTimeOffset? EndedAt)
{
    public static RecoveryClaimView Of(RecoveryInfo r) => new(
        r.ClaimId,
        r.Venue.Value,
        r.Merchant.Value,
        MoneyView.Of(r.Amount)!,
        ApiNames.Of(StateOf(r.Ending?.Result)),
        r.OpenedAt,
        r.RecoverBy,
        MoneyView.Of(r.Repaid),
        r.Pending is { } p ? new PendingRepaymentView(MoneyView.Of(p.Amount)!, p.Reference, p.At) : null,
        MoneyView.Of(r.Ending?.Recovered),
        MoneyView.Of(r.Ending?.Unrecovered),
        r.Ending is { } e ? ApiNames.Of(e.Reason) : null,
        r.Ending?.At);

    public static RecoveryClaimState StateOf(RecoveryResult? result) => result switch
    {
        RecoveryResult.Recovered => RecoveryClaimState.Recovered,
        RecoveryResult.PartlyRecovered => RecoveryClaimState.PartlyRecovered,
        RecoveryResult.Unrecovered => RecoveryClaimState.Unrecovered,
        _ => RecoveryClaimState.Open,
    };
}

/// <summary>A recovery claim in an operator's list (the venue's claims, the claims against a merchant).</summary>
public sealed record RecoveryClaimItemView(
    string ClaimId,
    string ComplaintId,
    string Venue,
    string Merchant,
    MoneyView Amount,
    MoneyView? Repaid,
    MoneyView? PendingRepayment,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset RecoverBy,
    DateTimeOffset? EndedAt)
{
    public static RecoveryClaimItemView Of(RecoveryClaimItem i) => new(
        i.ClaimId, i.ComplaintId.Value, i.Venue.Value, i.Merchant.Value, MoneyView.Of(i.Amount)!, MoneyView.Of(i.Repaid), MoneyView.Of(i.PendingRepayment),
        ApiNames.Of(RecoveryClaimView.StateOf(i.Result)), i.OpenedAt, i.RecoverBy, i.EndedAt);
}

/// <summary>A payout in the venue's list: pending until settled (once).</summary>
public sealed record PayoutItemView(string PayoutId, string ComplaintId, MoneyView Amount, string Trigger, bool Statutory, string Status, DateTimeOffset RequestedAt, DateTimeOffset? SettledAt)
{
    public static PayoutItemView Of(PayoutItem p) => new(
        p.PayoutId, p.ComplaintId.Value, MoneyView.Of(p.Amount)!, ApiNames.Of(p.Trigger), p.Statutory, p.SettledAt is null ? "pending" : "settled", p.RequestedAt, p.SettledAt);
}

/// <summary>A message in a complaint's thread: who wrote it (consumer, merchant or venue), when, and what. Never published.</summary>
/// <param name="Number">1, 2, ... in the order posted.</param>
/// <param name="Author">consumer, merchant or venue.</param>
/// <param name="Party">The operator's party (absent for the consumer).</param>
/// <param name="Text">What was written.</param>
/// <param name="At">When.</param>
public sealed record MessageView(int Number, string Author, string? Party, string Text, DateTimeOffset At)
{
    public static MessageView Of(ComplaintEvent.MessagePosted m) => new(m.Number, ApiNames.Of(m.Author), m.Party?.Value, m.Text, m.At);
}

public sealed record EvaluationView(int Rating, string? Comment, DateTimeOffset At);

/// <summary>Where an attachment's bytes are read.</summary>
/// <param name="Download">The attachment's own route: its bytes, streamed, as a download.</param>
public sealed record AttachmentLinksView(string Download);

/// <summary>
/// A file attached to a complaint: who attached it (consumer, merchant or venue), its sanitized name, the media type
/// sniffed from its content, its size and SHA-256 (lowercase hex). Never published.
/// </summary>
/// <param name="AttachmentId">Random; names the blob, with the complaint id.</param>
/// <param name="FileName">The name sent, sanitized (and given the extension of its type when it had another).</param>
/// <param name="MediaType">image/png, image/jpeg, image/webp, image/gif or application/pdf, read from the content.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">The SHA-256 of the bytes stored, lowercase hex.</param>
/// <param name="Author">consumer, merchant or venue.</param>
/// <param name="Party">The operator's party (absent for the consumer).</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Links">Where to download it.</param>
/// <param name="Erased">True once its bytes were erased at the end of the retention after the complaint ended: the download answers 410.</param>
public sealed record AttachmentView(string AttachmentId, string FileName, string MediaType, long Size, string Sha256, string Author, string? Party, DateTimeOffset At, AttachmentLinksView Links, bool Erased)
{
    public static AttachmentView Of(ComplaintId complaint, ComplaintEvent.AttachmentAdded a, bool erased = false) => new(
        a.AttachmentId, a.FileName, a.MediaType, a.Size, a.Sha256, ApiNames.Of(a.Author), a.Party?.Value, a.At,
        new AttachmentLinksView($"/api/complaints/{complaint.Value}/attachments/{a.AttachmentId}"), erased);
}

/// <summary>An attachment as the timeline shows it: what the event holds, no content.</summary>
public sealed record TimelineAttachmentView(string AttachmentId, string FileName, string MediaType, long Size, string Sha256);

/// <summary>One event of the complaint, by type and time; proposals also say their revision and whether they exceed the claim, attachments what was attached.</summary>
public sealed record TimelineEntry(string Type, DateTimeOffset At)
{
    /// <summary>On resolution-revised: which revision (1, 2, ...).</summary>
    public int? Revision { get; init; }

    /// <summary>On a proposal (first, revised, in mediation): true when it offers more than the amount claimed.</summary>
    public bool? ExceedsClaim { get; init; }

    /// <summary>On attachment-added: the file's id, sanitized name, media type, size and SHA-256 (never its content).</summary>
    public TimelineAttachmentView? Attachment { get; init; }

    public static TimelineEntry Of(ComplaintEvent e) => e switch
    {
        ComplaintEvent.ResolutionProposed p => new TimelineEntry(e.Type, e.At) { ExceedsClaim = p.ExceedsClaim },
        ComplaintEvent.ResolutionRevised r => new TimelineEntry(e.Type, e.At) { Revision = r.Revision, ExceedsClaim = r.ExceedsClaim },
        ComplaintEvent.ResolutionProposedInMediation m => new TimelineEntry(e.Type, e.At) { ExceedsClaim = m.ExceedsClaim },
        ComplaintEvent.AttachmentAdded a => new TimelineEntry(e.Type, e.At) { Attachment = new TimelineAttachmentView(a.AttachmentId, a.FileName, a.MediaType, a.Size, a.Sha256) },
        _ => new TimelineEntry(e.Type, e.At),
    };
}

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
    NotCoveredView? NotCovered,
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
/// The audit trail of the complaint's orchestration, next to the event timeline: its runtime status (<c>Running</c> where
/// the engine's instance record still says <c>Pending</c> but the orchestration has published its progress: a host
/// killed during the first step leaves that record; see <c>WorkflowInstance.Reported</c>), its own custom
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

/// <summary>One factor of a tier: <paramref name="Count"/> of <paramref name="OutOf"/>, times its weight, gives its points.</summary>
/// <param name="Factor">late-acknowledgement, late-resolution, refusal, advance-compensation, unrecovered or mediation-lost.</param>
/// <param name="Count">How many times it happened (unrecovered: the sum of the unrecovered shares of ended claims).</param>
/// <param name="OutOf">How many times it could have.</param>
/// <param name="Weight">Points per occurrence.</param>
/// <param name="Points">Count times weight.</param>
public sealed record CreditFactorView(string Factor, decimal Count, int OutOf, double Weight, double Points);

/// <summary>A tier with the counts it rests on: the factors' points over the assessed complaints, none below the threshold.</summary>
/// <param name="RiskTier">A to D, or Unrated below the evidence threshold.</param>
/// <param name="Rated">Whether there is enough evidence for a tier.</param>
/// <param name="Score">Points per assessed complaint (absent when unrated).</param>
/// <param name="Complaints">All complaints naming the merchant.</param>
/// <param name="Assessed">Complaints on which a duty of the merchant came due (withdrawn ones never).</param>
/// <param name="Withdrawn">Withdrawn complaints (not assessed).</param>
/// <param name="Threshold">The assessed complaints a tier needs.</param>
/// <param name="Factors">Every factor with its counts and points.</param>
/// <param name="Reasons">The same in words: one line per factor that weighed, and the threshold when unrated.</param>
public sealed record CreditAssessmentView(
    string RiskTier,
    bool Rated,
    double? Score,
    int Complaints,
    int Assessed,
    int Withdrawn,
    int Threshold,
    IReadOnlyList<CreditFactorView> Factors,
    IReadOnlyList<string> Reasons)
{
    public static CreditAssessmentView Of(CreditAssessment a) => new(
        a.Tier.ToString(), a.Rated, a.Score, a.Complaints, a.Assessed, a.Withdrawn, a.Threshold,
        [.. a.Factors.Select(f => new CreditFactorView(ApiNames.Of(f.Kind), f.Count, f.OutOf, f.Weight, f.Points))],
        a.Reasons);
}

/// <summary>A merchant's public statistics; the ratios come with their denominators (a ratio over 0 is not applicable).</summary>
public sealed record StatisticsView(
    int Complaints,
    double ShareAcknowledgedOnTime,
    double ResolutionRate,
    int AdvanceCompensations,
    double? AverageRating,
    string RiskTier,
    bool ConsumerWarning,
    int AcknowledgementsDue,
    int Closed,
    CreditAssessmentView Assessment)
{
    public static StatisticsView Of(PartyStatistics s) =>
        new(s.Complaints, s.ShareAcknowledgedOnTime, s.ResolutionRate, s.AdvanceCompensations, s.AverageRating, s.Tier.ToString(), s.ConsumerWarning,
            s.AcknowledgementsDue, s.Closed, CreditAssessmentView.Of(s.Assessment));
}

public sealed record MerchantStatsView(string MerchantId, string Name, bool Withheld, int MinimumComplaints, StatisticsView? Statistics);

public sealed record WarningView(string MerchantId, string Name, string CreditCode, string RiskTier, string Warning, CreditAssessmentView Assessment);

public sealed record AdvanceCompensationView(bool Enrolled, MoneyView? CapPerComplaint, IReadOnlyList<string> Categories);

/// <param name="Id">Registry id.</param>
/// <param name="Kind">merchant, venue or regulator.</param>
/// <param name="Name">Registered name.</param>
/// <param name="CreditCode">A merchant's unified social credit code.</param>
/// <param name="VenueKind">A venue's kind.</param>
/// <param name="AdvanceCompensation">A venue's advance-compensation terms.</param>
/// <param name="Region">The party's GB/T 2260 administrative-division code, when the registry has it.</param>
public sealed record PartyView(string Id, string Kind, string Name, string? CreditCode, string? VenueKind, AdvanceCompensationView? AdvanceCompensation, string? Region = null)
{
    public static PartyView Of(Party party) => party switch
    {
        Party.Merchant m => new PartyView(m.Id.Value, "merchant", m.Name, m.CreditCode, null, null, m.Region),
        Party.Venue v => new PartyView(v.Id.Value, "venue", v.Name, null, ApiNames.Of(v.Kind), new AdvanceCompensationView(
            v.AdvanceCompensation.Enrolled,
            MoneyView.Of(v.AdvanceCompensation.CapPerComplaint),
            [.. v.AdvanceCompensation.Categories.Select(c => ApiNames.Of(c)).Order(StringComparer.Ordinal)]), v.Region),
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
                c.FirstResponder?.Value,
                c.Merchant.Region),
            new DeadlinesView(c.AcknowledgeBy, c.ResolveBy, c.ConfirmBy, c.MediationBy),
            !c.Untimely,
            c.Resolution is { } r
                ? new ResolutionView(r.By.Value, ApiNames.Of(r.Remedy), MoneyView.Of(r.Amount), r.Note, r.At, Revisions(events, r), r.ExceedsClaim, r.DuringMediation, r.Declined)
                : null,
            c.RefusalReason,
            c.DisputeReason,
            c.Escalation is { } e ? ApiNames.Of(e) : null,
            NotCoveredView.Of(c.NotCovered),
            c.Mediation is { } m ? new MediationView(ApiNames.Of(m.Outcome), m.AdvanceCompensationOrdered, m.At) : null,
            c.Payout is { } p ? new PayoutView(p.PayoutId, p.Venue.Value, MoneyView.Of(p.Amount)!, ApiNames.Of(p.Trigger), p.Statutory, p.SettledAt is null ? "pending" : "settled", p.RequestedAt, p.SettledAt) : null,
            seesInternals && c.Recovery is { } rc ? RecoveryClaimView.Of(rc) : null,
            c.Outcome is { } o ? ApiNames.Of(o) : null,
            c.ClosedAt,
            c.Evaluation is { } ev ? new EvaluationView(ev.Rating, ev.Comment, ev.At) : null,
            audience == Audience.Regulator && c.DisclosureId is { } d ? new DisclosureRef(d, ApiNames.Disclosure(c.Disclosure)) : null,
            [.. events.Where(x => Shows(audience, x.Event)).Select(x => TimelineEntry.Of(x.Event))],
            content is null ? null : new DetailsView(
                content.Description,
                content.OrderReference,
                content.OccurredOn,
                seesInternals && contact is not null ? new ContactView(contact.Name, contact.Phone, contact.Email) : null));
    }

    /// <summary>The revisions of the current proposal: the revised events since the last first or mediation proposal.</summary>
    private static int Revisions(IReadOnlyList<RecordedEvent> events, ProposedResolution current)
    {
        if (current.DuringMediation)
        {
            return 0;
        }

        return events.Select(x => x.Event).OfType<ComplaintEvent.ResolutionRevised>().LastOrDefault()?.Revision ?? 0;
    }
}
