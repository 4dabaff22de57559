using System.Collections.Immutable;

namespace Complaints.Core;

/// <summary>Where a complaint stands.</summary>
public enum ComplaintStatus
{
    /// <summary>Nothing filed yet (the state before the first event).</summary>
    None,
    Filed,
    Assigned,
    Acknowledged,
    ResolutionProposed,
    Refused,
    Escalated,
    InMediation,
    AwaitingPayout,
    Compensated,
    RecoveryOpened,
    Resolved,
    Mediated,
    Closed,
    Withdrawn,
    Disclosed,
}

/// <summary>The merchant's latest proposal.</summary>
/// <param name="By">Who proposed.</param>
/// <param name="Remedy">What is offered.</param>
/// <param name="Amount">How much, for a refund or compensation.</param>
/// <param name="Note">The merchant's note.</param>
/// <param name="At">When.</param>
/// <param name="ExceedsClaim">More than the consumer claimed: accepted, and flagged.</param>
/// <param name="DuringMediation">Offered while the complaint was before the regulator; accepted, it closes resolved in mediation.</param>
/// <param name="Declined">The consumer declined this offer made in mediation.</param>
public sealed record ProposedResolution(
    PartyId By,
    Remedy Remedy,
    Money? Amount,
    string? Note,
    DateTimeOffset At,
    bool ExceedsClaim = false,
    bool DuringMediation = false,
    bool Declined = false)
{
    /// <summary>An offer made in mediation that the consumer can still accept or decline.</summary>
    public bool OpenInMediation => DuringMediation && !Declined;
}

public sealed record MissedDeadline(DeadlineKind Kind, DateTimeOffset DueAt, PartyId? Responsible, DateTimeOffset At);

public sealed record PayoutInfo(
    string PayoutId,
    PartyId Venue,
    Money Amount,
    AdvanceCompensationTrigger Trigger,
    bool Statutory,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SettledAt);

/// <summary>A repayment the merchant recorded that the venue has not confirmed yet.</summary>
public sealed record PendingRepayment(Money Amount, string? Reference, DateTimeOffset At);

/// <summary>How a recovery claim ended.</summary>
public sealed record RecoveryEnding(RecoveryResult Result, Money? Recovered, Money? Unrecovered, RecoveryEndReason Reason, DateTimeOffset At);

/// <summary>The venue's claim against the merchant for the money it advanced.</summary>
/// <param name="ClaimId">Derived from the complaint id.</param>
/// <param name="Venue">The venue that paid first.</param>
/// <param name="Merchant">The merchant that owes it.</param>
/// <param name="Amount">What the venue paid the consumer.</param>
/// <param name="OpenedAt">When the claim opened.</param>
/// <param name="RecoverBy">The recovery deadline: the claim ends with what was confirmed by then.</param>
/// <param name="Repaid">Repayments the venue confirmed so far (<c>null</c>: none).</param>
/// <param name="Pending">A repayment the merchant recorded and the venue has not confirmed.</param>
/// <param name="Ending">How the claim ended; <c>null</c> while it is open.</param>
public sealed record RecoveryInfo(
    string ClaimId,
    PartyId Venue,
    PartyId Merchant,
    Money Amount,
    DateTimeOffset OpenedAt,
    DateTimeOffset RecoverBy,
    Money? Repaid,
    PendingRepayment? Pending,
    RecoveryEnding? Ending)
{
    public bool IsOpen => Ending is null;

    /// <summary>What the merchant still owes on an open claim (<c>null</c>: nothing).</summary>
    public Money? Outstanding => Amount.Less(Repaid);

    /// <summary><c>null</c> while open; <c>true</c> when recovered in full, <c>false</c> when it ended otherwise.</summary>
    public bool? Recovered => Ending is null ? null : Ending.Result == RecoveryResult.Recovered;

    /// <summary>When the claim ended.</summary>
    public DateTimeOffset? SettledAt => Ending?.At;
}

public sealed record MediationInfo(MediationOutcome Outcome, bool AdvanceCompensationOrdered, DateTimeOffset At);

public sealed record EvaluationInfo(int Rating, string? Comment, DateTimeOffset At);

/// <summary>The complaint aggregate's state, folded from its events by <see cref="Evolve"/>.</summary>
public sealed record Complaint
{
    public static Complaint Initial { get; } = new();

    public ComplaintStatus Status { get; init; }

    /// <summary>How many events have been applied. The store's optimistic concurrency rides on this.</summary>
    public long Version { get; init; }

    public ComplaintId Id { get; init; }

    public MerchantSnapshot Merchant { get; init; } = null!;

    public VenueSnapshot? Venue { get; init; }

    public Category Category { get; init; }

    public Money Claim { get; init; } = null!;

    public bool ConsentToPublishNarrative { get; init; }

    public DateTimeOffset FiledAt { get; init; }

    public PartyId? FirstResponder { get; init; }

    public DateTimeOffset? AcknowledgeBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    public bool? AcknowledgedOnTime { get; init; }

    public DateTimeOffset? ResolveBy { get; init; }

    /// <summary>The latest proposal (a revision replaces it; so does an offer made in mediation).</summary>
    public ProposedResolution? Resolution { get; init; }

    /// <summary>How many proposals the merchant made: the first, its revisions and its offers in mediation.</summary>
    public int Proposals { get; init; }

    public DateTimeOffset? ConfirmBy { get; init; }

    public bool? ConfirmedAutomatically { get; init; }

    public string? RefusalReason { get; init; }

    public DateTimeOffset? RefusedAt { get; init; }

    public string? DisputeReason { get; init; }

    public EscalationReason? Escalation { get; init; }

    /// <summary>Why no venue pays first, when a refusal or a missed resolve deadline went to the regulator instead.</summary>
    public NotCoveredReason? NotCovered { get; init; }

    public DateTimeOffset? MediationBy { get; init; }

    public MediationInfo? Mediation { get; init; }

    public PayoutInfo? Payout { get; init; }

    public RecoveryInfo? Recovery { get; init; }

    public ComplaintOutcome? Outcome { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public EvaluationInfo? Evaluation { get; init; }

    public DisclosureStatus Disclosure { get; init; }

    public string? DisclosureId { get; init; }

    public string? DisclosureWithheldReason { get; init; }

    /// <summary>How many messages the thread holds (their text is in the events only).</summary>
    public int Messages { get; init; }

    /// <summary>How many files are attached (their names and hashes are in the events, their bytes in blob storage).</summary>
    public int Attachments { get; init; }

    /// <summary>When the attachments' bytes were erased (their retention after the end ran out); their metadata stays.</summary>
    public DateTimeOffset? AttachmentsErasedAt { get; init; }

    /// <summary>Deadlines that passed, with the party each counts against.</summary>
    public ImmutableList<MissedDeadline> MissedDeadlines { get; init; } = [];

    /// <summary>A missed acknowledge or resolve deadline makes the whole complaint untimely (CFPB's "Timely response?").</summary>
    public bool Untimely => MissedDeadlines.Any(m => m.Kind is DeadlineKind.Acknowledge or DeadlineKind.Resolve);

    /// <summary>Closed, withdrawn or disclosed: only evaluation and disclosure decisions remain.</summary>
    public bool IsTerminal => Status is ComplaintStatus.Closed or ComplaintStatus.Withdrawn or ComplaintStatus.Disclosed;

    /// <summary>The deadline the complaint is waiting on now, if any.</summary>
    public (DeadlineKind Kind, DateTimeOffset DueAt)? CurrentDeadline => Status switch
    {
        ComplaintStatus.Assigned when AcknowledgeBy is { } d => (DeadlineKind.Acknowledge, d),
        ComplaintStatus.Acknowledged when ResolveBy is { } d => (DeadlineKind.Resolve, d),
        ComplaintStatus.ResolutionProposed when ConfirmBy is { } d => (DeadlineKind.Confirm, d),
        ComplaintStatus.Escalated or ComplaintStatus.InMediation when MediationBy is { } d => (DeadlineKind.Mediation, d),

        // The recovery claim outlives the complaint: its deadline is current while it is open, closed or not.
        _ when Recovery is { IsOpen: true } r => (DeadlineKind.Recovery, r.RecoverBy),
        _ => null,
    };

    /// <summary>The parties this complaint names (merchant, and venue if any).</summary>
    public IEnumerable<PartyId> NamedParties
    {
        get
        {
            if (Status == ComplaintStatus.None)
            {
                yield break;
            }

            yield return Merchant.Id;
            if (Venue is not null)
            {
                yield return Venue.Id;
            }
        }
    }

    /// <summary>Folds one event into the state.</summary>
    public static Complaint Evolve(Complaint state, ComplaintEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);
        var next = @event switch
        {
            ComplaintEvent.Filed e => state with
            {
                Status = ComplaintStatus.Filed,
                Id = e.Id,
                Merchant = e.Merchant,
                Venue = e.Venue,
                Category = e.Category,
                Claim = e.Claim,
                ConsentToPublishNarrative = e.ConsentToPublishNarrative,
                FiledAt = e.At,
            },
            ComplaintEvent.FirstResponderAssigned e => state with
            {
                Status = ComplaintStatus.Assigned,
                FirstResponder = e.Responder,
                AcknowledgeBy = e.AcknowledgeBy,
            },
            ComplaintEvent.Acknowledged e => Late(state, e.Timely, DeadlineKind.Acknowledge, state.AcknowledgeBy, e.By, e.At) with
            {
                Status = ComplaintStatus.Acknowledged,
                AcknowledgedAt = e.At,
                AcknowledgedOnTime = e.Timely,
                ResolveBy = e.ResolveBy,
            },
            ComplaintEvent.ResolutionProposed e => Late(state, e.Timely, DeadlineKind.Resolve, state.ResolveBy, state.Merchant.Id, e.At) with
            {
                Status = ComplaintStatus.ResolutionProposed,
                Resolution = new ProposedResolution(e.By, e.Remedy, e.Amount, e.Note, e.At, e.ExceedsClaim),
                ConfirmBy = e.ConfirmBy,
                Proposals = state.Proposals + 1,
            },
            ComplaintEvent.ResolutionRevised e => state with
            {
                Resolution = new ProposedResolution(e.By, e.Remedy, e.Amount, e.Note, e.At, e.ExceedsClaim),
                ConfirmBy = e.ConfirmBy,
                Proposals = state.Proposals + 1,
            },
            ComplaintEvent.ResolutionProposedInMediation e => state with
            {
                Resolution = new ProposedResolution(e.By, e.Remedy, e.Amount, e.Note, e.At, e.ExceedsClaim, DuringMediation: true),
                Proposals = state.Proposals + 1,
            },
            ComplaintEvent.ProposalDeclined => state with { Resolution = state.Resolution! with { Declined = true } },
            ComplaintEvent.Refused e => Late(state, e.Timely, DeadlineKind.Resolve, state.ResolveBy, state.Merchant.Id, e.At) with
            {
                Status = ComplaintStatus.Refused,
                RefusalReason = e.Reason,
                RefusedAt = e.At,
            },
            ComplaintEvent.Confirmed e => state with
            {
                Status = ComplaintStatus.Resolved,
                ConfirmedAutomatically = e.Automatically,
            },
            ComplaintEvent.Disputed e => state with
            {
                Status = ComplaintStatus.InMediation,
                DisputeReason = e.Reason,
                MediationBy = e.MediationBy,
            },
            ComplaintEvent.Withdrawn e => state with
            {
                Status = ComplaintStatus.Withdrawn,
                Outcome = ComplaintOutcome.Withdrawn,
                ClosedAt = e.At,
            },
            ComplaintEvent.DeadlineMissed e => EvolveMissed(state, e),
            ComplaintEvent.Escalated e => state with
            {
                Status = ComplaintStatus.Escalated,
                Escalation = e.Reason,
                NotCovered = e.NotCovered,
                MediationBy = e.MediationBy,
            },
            ComplaintEvent.MediationOutcomeRecorded e => state with
            {
                Status = ComplaintStatus.Mediated,
                Mediation = new MediationInfo(e.Outcome, e.AdvanceCompensationOrdered, e.At),
            },
            ComplaintEvent.AdvanceCompensationRequested e => state with
            {
                Status = ComplaintStatus.AwaitingPayout,
                Payout = new PayoutInfo(e.PayoutId, e.Venue, e.Amount, e.Trigger, e.Statutory, e.At, null),
            },
            ComplaintEvent.PayoutSettled e => state with
            {
                Status = ComplaintStatus.Compensated,
                Payout = state.Payout! with { SettledAt = e.At },
            },
            ComplaintEvent.RecoveryClaimOpened e => state with
            {
                Status = ComplaintStatus.RecoveryOpened,
                Recovery = new RecoveryInfo(e.ClaimId, e.Venue, e.Merchant, e.Amount, e.At, e.RecoverBy, null, null, null),
            },
            ComplaintEvent.RecoveryClaimSettled e => state with
            {
                Recovery = state.Recovery! with
                {
                    Pending = null,
                    Ending = e.Recovered
                        ? new RecoveryEnding(RecoveryResult.Recovered, state.Recovery.Amount, null, RecoveryEndReason.VenueRecorded, e.At)
                        : new RecoveryEnding(RecoveryResult.Unrecovered, null, state.Recovery.Amount, RecoveryEndReason.VenueRecorded, e.At),
                },
            },
            ComplaintEvent.RepaymentRecorded e => state with
            {
                Recovery = state.Recovery! with { Pending = new PendingRepayment(e.Amount, e.Reference, e.At) },
            },
            ComplaintEvent.RepaymentConfirmed e => state with
            {
                Recovery = state.Recovery! with { Repaid = state.Recovery.Repaid?.Plus(e.Amount) ?? e.Amount, Pending = null },
            },
            ComplaintEvent.RecoveryClaimEnded e => state with
            {
                Recovery = state.Recovery! with { Pending = null, Ending = new RecoveryEnding(e.Result, e.Recovered, e.Unrecovered, e.Reason, e.At) },
            },
            ComplaintEvent.MessagePosted => state with { Messages = state.Messages + 1 },
            ComplaintEvent.AttachmentAdded => state with { Attachments = state.Attachments + 1 },
            ComplaintEvent.AttachmentsErased e => state with { AttachmentsErasedAt = e.At },
            ComplaintEvent.Closed e => state with
            {
                Status = ComplaintStatus.Closed,
                Outcome = e.Outcome,
                ClosedAt = e.At,
            },
            ComplaintEvent.Evaluated e => state with { Evaluation = new EvaluationInfo(e.Rating, e.Comment, e.At) },
            ComplaintEvent.DisclosureDrafted e => state with { Disclosure = DisclosureStatus.Draft, DisclosureId = e.DisclosureId },
            ComplaintEvent.DisclosurePublished => state with
            {
                Status = ComplaintStatus.Disclosed,
                Disclosure = DisclosureStatus.Published,
            },
            ComplaintEvent.DisclosureWithheld e => state with
            {
                Disclosure = DisclosureStatus.Withheld,
                DisclosureWithheldReason = e.Reason,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown event"),
        };
        return next with { Version = state.Version + 1 };
    }

    /// <summary>Folds a whole history.</summary>
    public static Complaint Replay(IEnumerable<ComplaintEvent> events) => events.Aggregate(Initial, Evolve);

    /// <summary>
    /// An answer that arrives after its deadline, before the timer fired, still missed the deadline: it is recorded
    /// against the party (the complaint becomes untimely) but nothing is escalated, since the answer is there.
    /// </summary>
    private static Complaint Late(Complaint state, bool timely, DeadlineKind kind, DateTimeOffset? dueAt, PartyId responsible, DateTimeOffset at) =>
        timely || dueAt is null
            ? state
            : state with { MissedDeadlines = state.MissedDeadlines.Add(new MissedDeadline(kind, dueAt.Value, responsible, at)) };

    private static Complaint EvolveMissed(Complaint state, ComplaintEvent.DeadlineMissed e) =>
        state with { MissedDeadlines = state.MissedDeadlines.Add(new MissedDeadline(e.Kind, e.DueAt, e.Responsible, e.At)) };
}
