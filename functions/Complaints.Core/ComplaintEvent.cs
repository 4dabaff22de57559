namespace Complaints.Core;

/// <summary>A fact about a complaint. The event rows are the complaint's audit trail.</summary>
public abstract record ComplaintEvent
{
    private ComplaintEvent() { }

    public abstract DateTimeOffset At { get; init; }

    /// <summary>The kebab-case name used in storage and in the public timeline.</summary>
    public string Type => EventTypeNames.Of(this);

    /// <summary>
    /// This event without the free text people wrote (reasons, notes, comments, messages, payment references, the
    /// names of attached files), and
    /// with everything else kept: what the workflow may carry in the orchestration's history.
    /// </summary>
    public ComplaintEvent WithoutFreeText() => this switch
    {
        Refused e => e with { Reason = string.Empty },
        ResolutionProposed e => e with { Note = null },
        ResolutionRevised e => e with { Note = null },
        ResolutionProposedInMediation e => e with { Note = null },
        ProposalDeclined e => e with { Reason = string.Empty },
        Disputed e => e with { Reason = string.Empty },
        Evaluated e => e with { Comment = null },
        DisclosureWithheld e => e with { Reason = string.Empty },
        RepaymentRecorded e => e with { Reference = null },
        MessagePosted e => e with { Text = string.Empty },
        AttachmentAdded e => e with { FileName = string.Empty },
        _ => this,
    };

    public sealed record Filed(
        ComplaintId Id,
        MerchantSnapshot Merchant,
        VenueSnapshot? Venue,
        Category Category,
        Money Claim,
        bool ConsentToPublishNarrative,
        DateTimeOffset At) : ComplaintEvent;

    public sealed record FirstResponderAssigned(PartyId Responder, DateTimeOffset AcknowledgeBy, DateTimeOffset At) : ComplaintEvent;

    public sealed record Acknowledged(PartyId By, bool Timely, DateTimeOffset ResolveBy, DateTimeOffset At) : ComplaintEvent;

    /// <summary>The merchant's first answer with a remedy. <paramref name="ExceedsClaim"/>: the amount offered is more than the claim.</summary>
    public sealed record ResolutionProposed(
        PartyId By,
        Remedy Remedy,
        Money? Amount,
        string? Note,
        bool Timely,
        DateTimeOffset ConfirmBy,
        DateTimeOffset At,
        bool ExceedsClaim = false) : ComplaintEvent;

    /// <summary>
    /// The merchant replaced its proposal before the consumer answered: revision 1, 2, ... The consumer's confirm
    /// deadline starts again at <paramref name="ConfirmBy"/>.
    /// </summary>
    public sealed record ResolutionRevised(
        PartyId By,
        Remedy Remedy,
        Money? Amount,
        string? Note,
        bool ExceedsClaim,
        int Revision,
        DateTimeOffset ConfirmBy,
        DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// An offer made while the complaint is before the regulator (escalated or in mediation). It has no confirm
    /// deadline of its own: the mediation deadline runs on. Accepted, the complaint closes resolved in mediation.
    /// </summary>
    public sealed record ResolutionProposedInMediation(
        PartyId By,
        Remedy Remedy,
        Money? Amount,
        string? Note,
        bool ExceedsClaim,
        DateTimeOffset At) : ComplaintEvent;

    /// <summary>The consumer declined the offer made in mediation; mediation goes on.</summary>
    public sealed record ProposalDeclined(string Reason, DateTimeOffset At) : ComplaintEvent;

    public sealed record Refused(PartyId By, string Reason, bool Timely, DateTimeOffset At) : ComplaintEvent;

    public sealed record Confirmed(bool Automatically, DateTimeOffset At) : ComplaintEvent;

    public sealed record Disputed(string Reason, DateTimeOffset MediationBy, DateTimeOffset At) : ComplaintEvent;

    public sealed record Withdrawn(DateTimeOffset At) : ComplaintEvent;

    /// <summary>A deadline passed. <paramref name="Responsible"/> is the party whose credit it counts against, if any.</summary>
    public sealed record DeadlineMissed(DeadlineKind Kind, DateTimeOffset DueAt, PartyId? Responsible, DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// The complaint went to the regulator. <paramref name="NotCovered"/>: for a refusal or a missed resolve deadline,
    /// why no venue pays the consumer first (<see cref="NotCoveredReasons.Explain"/>).
    /// </summary>
    public sealed record Escalated(EscalationReason Reason, DateTimeOffset MediationBy, DateTimeOffset At, NotCoveredReason? NotCovered = null)
        : ComplaintEvent;

    public sealed record MediationOutcomeRecorded(
        MediationOutcome Outcome,
        bool AdvanceCompensationOrdered,
        PartyId? By,
        DateTimeOffset At) : ComplaintEvent;

    /// <summary>A venue must pay first. <paramref name="Statutory"/>: liable because the merchant's identity is unknown to it.</summary>
    public sealed record AdvanceCompensationRequested(
        string PayoutId,
        PartyId Venue,
        Money Amount,
        AdvanceCompensationTrigger Trigger,
        bool Statutory,
        DateTimeOffset At) : ComplaintEvent;

    public sealed record PayoutSettled(string PayoutId, DateTimeOffset At) : ComplaintEvent;

    /// <summary>The venue that paid first claims <paramref name="Amount"/> back from the merchant, until <paramref name="RecoverBy"/>.</summary>
    public sealed record RecoveryClaimOpened(string ClaimId, PartyId Venue, PartyId Merchant, Money Amount, DateTimeOffset RecoverBy, DateTimeOffset At)
        : ComplaintEvent;

    /// <summary>Recorded before recovery claims could end in part (no longer decided; read from older histories).</summary>
    public sealed record RecoveryClaimSettled(string ClaimId, bool Recovered, DateTimeOffset At) : ComplaintEvent;

    /// <summary>The merchant says it repaid <paramref name="Amount"/>; it counts once the venue confirms it.</summary>
    public sealed record RepaymentRecorded(string ClaimId, PartyId By, Money Amount, string? Reference, DateTimeOffset At) : ComplaintEvent;

    /// <summary>The venue confirmed the merchant's repayment of <paramref name="Amount"/>.</summary>
    public sealed record RepaymentConfirmed(string ClaimId, PartyId By, Money Amount, DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// The recovery claim ended: <paramref name="Recovered"/> came back (<c>null</c>: nothing), <paramref name="Unrecovered"/>
    /// did not (<c>null</c>: nothing is left). <paramref name="By"/> is the venue, or <c>null</c> when the deadline ended it.
    /// </summary>
    public sealed record RecoveryClaimEnded(
        string ClaimId,
        RecoveryResult Result,
        Money? Recovered,
        Money? Unrecovered,
        RecoveryEndReason Reason,
        PartyId? By,
        DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// Message <paramref name="Number"/> of the complaint's thread. <paramref name="Party"/> is the operator's party
    /// (<c>null</c> for the consumer). The text is never published and never enters the orchestration history.
    /// </summary>
    public sealed record MessagePosted(int Number, MessageAuthor Author, PartyId? Party, string Text, DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// A file attached to the complaint by <paramref name="Author"/> (<paramref name="Party"/>: the operator's party,
    /// <c>null</c> for the consumer). The bytes are a private blob named after the complaint and
    /// <paramref name="AttachmentId"/>; the event holds no content: the sanitized <paramref name="FileName"/>, the
    /// <paramref name="MediaType"/> sniffed from the content, <paramref name="Size"/> in bytes and the
    /// <paramref name="Sha256"/> of the bytes (lowercase hex). The name never enters the orchestration history and
    /// nothing of it is published.
    /// </summary>
    public sealed record AttachmentAdded(
        string AttachmentId,
        MessageAuthor Author,
        PartyId? Party,
        string FileName,
        string MediaType,
        long Size,
        string Sha256,
        DateTimeOffset At) : ComplaintEvent;

    /// <summary>
    /// The bytes of the complaint's <paramref name="Count"/> attachments were erased from blob storage, their retention
    /// after the complaint ended having run out. Ids and names stay in the <see cref="AttachmentAdded"/> events; this
    /// event holds no name. Nothing can be attached afterwards.
    /// </summary>
    public sealed record AttachmentsErased(int Count, DateTimeOffset At) : ComplaintEvent;

    public sealed record Closed(ComplaintOutcome Outcome, DateTimeOffset At) : ComplaintEvent;

    public sealed record Evaluated(int Rating, string? Comment, DateTimeOffset At) : ComplaintEvent;

    public sealed record DisclosureDrafted(string DisclosureId, DateTimeOffset At) : ComplaintEvent;

    public sealed record DisclosurePublished(string DisclosureId, PartyId By, DateTimeOffset At) : ComplaintEvent;

    public sealed record DisclosureWithheld(string DisclosureId, string Reason, PartyId By, DateTimeOffset At) : ComplaintEvent;
}

/// <summary>
/// The merchant as the registry described it at filing. <paramref name="Region"/> is the merchant's GB/T 2260 code
/// then: the complaint is counted there for good, whatever the registry says later (<c>null</c>: not known).
/// </summary>
public sealed record MerchantSnapshot(PartyId Id, string Name, string CreditCode, bool IdentityKnownToVenue, string? Region = null)
{
    public static MerchantSnapshot From(Party.Merchant merchant)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        return new(merchant.Id, merchant.Name, merchant.CreditCode, merchant.IdentityKnownToVenue, merchant.Region);
    }
}

/// <summary>The venue as the registry described it at filing: its enrolment terms apply to this complaint.</summary>
public sealed record VenueSnapshot(PartyId Id, string Name, VenueKind Kind, AdvanceCompensationEnrolment AdvanceCompensation)
{
    public static VenueSnapshot From(Party.Venue venue) => new(venue.Id, venue.Name, venue.Kind, venue.AdvanceCompensation);
}

/// <summary>Stable storage names of the event types; renaming a record does not change them.</summary>
public static class EventTypeNames
{
    private static readonly Dictionary<Type, string> NamesByType = new()
    {
        [typeof(ComplaintEvent.Filed)] = "filed",
        [typeof(ComplaintEvent.FirstResponderAssigned)] = "first-responder-assigned",
        [typeof(ComplaintEvent.Acknowledged)] = "acknowledged",
        [typeof(ComplaintEvent.ResolutionProposed)] = "resolution-proposed",
        [typeof(ComplaintEvent.ResolutionRevised)] = "resolution-revised",
        [typeof(ComplaintEvent.ResolutionProposedInMediation)] = "resolution-proposed-in-mediation",
        [typeof(ComplaintEvent.ProposalDeclined)] = "proposal-declined",
        [typeof(ComplaintEvent.Refused)] = "refused",
        [typeof(ComplaintEvent.Confirmed)] = "confirmed",
        [typeof(ComplaintEvent.Disputed)] = "disputed",
        [typeof(ComplaintEvent.Withdrawn)] = "withdrawn",
        [typeof(ComplaintEvent.DeadlineMissed)] = "deadline-missed",
        [typeof(ComplaintEvent.Escalated)] = "escalated",
        [typeof(ComplaintEvent.MediationOutcomeRecorded)] = "mediation-outcome-recorded",
        [typeof(ComplaintEvent.AdvanceCompensationRequested)] = "advance-compensation-requested",
        [typeof(ComplaintEvent.PayoutSettled)] = "payout-settled",
        [typeof(ComplaintEvent.RecoveryClaimOpened)] = "recovery-claim-opened",
        [typeof(ComplaintEvent.RecoveryClaimSettled)] = "recovery-claim-settled",
        [typeof(ComplaintEvent.RepaymentRecorded)] = "repayment-recorded",
        [typeof(ComplaintEvent.RepaymentConfirmed)] = "repayment-confirmed",
        [typeof(ComplaintEvent.RecoveryClaimEnded)] = "recovery-claim-ended",
        [typeof(ComplaintEvent.MessagePosted)] = "message-posted",
        [typeof(ComplaintEvent.AttachmentAdded)] = "attachment-added",
        [typeof(ComplaintEvent.AttachmentsErased)] = "attachments-erased",
        [typeof(ComplaintEvent.Closed)] = "closed",
        [typeof(ComplaintEvent.Evaluated)] = "evaluated",
        [typeof(ComplaintEvent.DisclosureDrafted)] = "disclosure-drafted",
        [typeof(ComplaintEvent.DisclosurePublished)] = "disclosure-published",
        [typeof(ComplaintEvent.DisclosureWithheld)] = "disclosure-withheld",
    };

    private static readonly Dictionary<string, Type> TypesByName = NamesByType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, Type> Types => TypesByName;

    public static string Of(ComplaintEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return NamesByType.TryGetValue(e.GetType(), out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown event");
    }
}
