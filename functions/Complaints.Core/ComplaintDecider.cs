using static Complaints.Core.ComplaintCommand;
using static Complaints.Core.ComplaintEvent;

namespace Complaints.Core;

/// <summary>
/// The complaint's rules: <c>Decide(command, state) → events</c>, or a <see cref="ComplaintRuleViolation"/>.
/// Pure: the clock arrives in the command, deadlines in the options.
/// </summary>
public sealed class ComplaintDecider(DeadlineOptions deadlines)
{
    /// <summary>The longest free text (reasons, notes, comments, messages) a command may carry.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>The longest payment reference a repayment may carry.</summary>
    public const int MaxReferenceLength = 200;

    /// <summary>Proposals per complaint: the first, its revisions and the offers made in mediation.</summary>
    public const int MaxProposals = 10;

    /// <summary>Messages per complaint thread (rate limiting is the API's).</summary>
    public const int MaxMessages = 200;

    /// <summary>The longest name of an attached file (the API sanitizes names to fit).</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The field a refusal for too many attachments names.</summary>
    public const string AttachmentsField = "attachments";

    private readonly DeadlineOptions _deadlines = deadlines ?? throw new ArgumentNullException(nameof(deadlines));

    /// <summary>Payout ids are derived from the complaint, so a complaint can never have two.</summary>
    public static string PayoutIdFor(ComplaintId id) => $"{id.Value}-ac";

    public static string RecoveryClaimIdFor(ComplaintId id) => $"{id.Value}-rc";

    public IReadOnlyList<ComplaintEvent> Decide(ComplaintCommand command, Complaint state)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(state);

        if (command is FileComplaint file)
        {
            return DecideFile(file, state);
        }

        if (state.Status == ComplaintStatus.None)
        {
            throw ComplaintRuleViolation.Conflict("The complaint has not been filed.");
        }

        Authorize(command, state);

        if (state.IsTerminal)
        {
            return DecideTerminal(command, state);
        }

        return command switch
        {
            AssignFirstResponder c => AssignFirstResponderIn(c, state),
            Acknowledge c => AcknowledgeIn(c, state),
            ProposeResolution c => ProposeIn(c, state),
            Refuse c => RefuseIn(c, state),
            Confirm c => ConfirmIn(c, state),
            Dispute c => DisputeIn(c, state),
            Withdraw c => WithdrawIn(c, state),
            RecordMediationOutcome c => MediationIn(c, state),
            Escalate c => EscalateIn(c, state),
            RequestAdvanceCompensation c => RequestAdvanceCompensationIn(c, state),
            SettlePayout c => SettlePayoutIn(c, state),
            OpenRecoveryClaim c => OpenRecoveryIn(c, state),
            RecordRepayment c => RecordRepaymentIn(c, state),
            ConfirmRepayment c => ConfirmRepaymentIn(c, state),
            RecordRecovery c => RecordRecoveryIn(c, state),
            PostMessage c => PostMessageIn(c, state),
            AddAttachment c => AddAttachmentIn(c, state),
            Close c => CloseIn(c, state),
            MissDeadline c => MissDeadlineIn(c, state),
            EraseAttachments => throw ComplaintRuleViolation.Conflict("Attachments are erased only once the complaint has ended and their retention has passed."),
            Evaluate => throw ComplaintRuleViolation.Conflict("Only a closed complaint can be evaluated."),
            DraftDisclosure => throw ComplaintRuleViolation.Conflict("A disclosure is drafted only after the complaint is closed."),
            PublishDisclosure or WithholdDisclosure => throw ComplaintRuleViolation.Conflict("There is no disclosure draft to decide on."),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "unknown command"),
        };
    }

    private static List<ComplaintEvent> None() => [];

    private static List<ComplaintEvent> DecideFile(FileComplaint c, Complaint state)
    {
        if (!c.Actor.IsConsumerOf(c.Id))
        {
            throw ComplaintRuleViolation.Forbidden("Only the consumer can file a complaint.");
        }

        if (state.Status != ComplaintStatus.None)
        {
            return state.Id == c.Id ? None() : throw ComplaintRuleViolation.Conflict("The complaint already exists.");
        }

        if (c.Venue is not null && c.Venue.Id == c.Merchant.Id)
        {
            throw ComplaintRuleViolation.Invalid("The venue and the merchant must be different parties.");
        }

        return [new Filed(c.Id, MerchantSnapshot.From(c.Merchant), c.Venue is null ? null : VenueSnapshot.From(c.Venue), c.Category, c.Claim, c.ConsentToPublishNarrative, c.At)];
    }

    /// <summary>Who may issue what. Runs before any state rule, so a stranger learns nothing from the state.</summary>
    private static void Authorize(ComplaintCommand command, Complaint state)
    {
        var actor = command.Actor;
        var firstResponder = state.FirstResponder ?? (state.Venue?.Id ?? state.Merchant.Id);
        var allowed = command switch
        {
            Acknowledge => actor.IsOperatorOf(firstResponder),
            ProposeResolution or Refuse => actor.IsOperatorOf(state.Merchant.Id) || actor.IsOperatorOf(firstResponder),
            Confirm or Dispute or Withdraw or Evaluate => actor.IsConsumerOf(state.Id),
            RecordMediationOutcome or PublishDisclosure or WithholdDisclosure => actor is Actor.Regulator,
            RecordRepayment => actor.IsOperatorOf(state.Merchant.Id),
            ConfirmRepayment or RecordRecovery => actor.IsOperatorOf(state.Venue?.Id),
            PostMessage or AddAttachment => actor.IsConsumerOf(state.Id) || actor.IsOperatorOf(state.Merchant.Id) || actor.IsOperatorOf(state.Venue?.Id),
            _ => actor is Actor.System,
        };

        if (!allowed)
        {
            throw ComplaintRuleViolation.Forbidden(command switch
            {
                Acknowledge => "Only the first responder may acknowledge; it may not pass the complaint on.",
                ProposeResolution or Refuse => "Only the merchant, or the first responder acting for it, may resolve or refuse.",
                Confirm or Dispute or Withdraw or Evaluate => "Only the consumer who filed the complaint may do this.",
                RecordMediationOutcome or PublishDisclosure or WithholdDisclosure => "Only a regulator may do this.",
                RecordRepayment => "Only the merchant records a repayment of the venue's recovery claim.",
                ConfirmRepayment or RecordRecovery => "Only the venue that paid first records what it recovered from the merchant.",
                PostMessage => "Only the consumer and the parties the complaint names write in its thread.",
                AddAttachment => "Only the consumer and the parties the complaint names attach files to it.",
                _ => "Only the pipeline may do this.",
            });
        }
    }

    private List<ComplaintEvent> DecideTerminal(ComplaintCommand command, Complaint state) => command switch
    {
        Evaluate c => EvaluateIn(c, state),
        DraftDisclosure c => DraftIn(c, state),
        PublishDisclosure c => PublishIn(c, state),
        WithholdDisclosure c => WithholdIn(c, state),

        // The recovery claim outlives the complaint, and so does its deadline; the thread stays open a while after closing.
        RecordRepayment c => RecordRepaymentIn(c, state),
        ConfirmRepayment c => ConfirmRepaymentIn(c, state),
        RecordRecovery c => RecordRecoveryIn(c, state),
        PostMessage c => PostMessageIn(c, state),
        AddAttachment c => AddAttachmentIn(c, state),
        EraseAttachments c => EraseAttachmentsIn(c, state),
        MissDeadline c when c.Kind == DeadlineKind.Recovery => MissDeadlineIn(c, state),

        // A payout settles once: the same payout id again is a no-op, even after closing (a redelivered message).
        SettlePayout c when state.Payout is { SettledAt: not null } p && p.PayoutId == c.PayoutId => None(),

        // Repeats of what ended the complaint, and late timers, change nothing. A published disclosure moves a
        // withdrawn complaint to Disclosed, so "was it withdrawn?" is read from the outcome, not the status.
        Withdraw when state.Outcome == ComplaintOutcome.Withdrawn => None(),
        Close when state.Outcome != ComplaintOutcome.Withdrawn => None(),
        Confirm when state.ConfirmedAutomatically is not null => None(),
        MissDeadline => None(),
        _ => throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)}; it can no longer change."),
    };

    private List<ComplaintEvent> AssignFirstResponderIn(AssignFirstResponder c, Complaint state)
    {
        if (state.Status != ComplaintStatus.Filed)
        {
            return None();
        }

        var responder = state.Venue?.Id ?? state.Merchant.Id;
        return [new FirstResponderAssigned(responder, c.At + _deadlines.Acknowledge, c.At)];
    }

    private List<ComplaintEvent> AcknowledgeIn(Acknowledge c, Complaint state)
    {
        if (state.AcknowledgedAt is not null)
        {
            return None();
        }

        if (state.Status != ComplaintStatus.Assigned)
        {
            throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)} and cannot be acknowledged.");
        }

        return [new Acknowledged(((Actor.Operator)c.Actor).Party, c.At <= state.AcknowledgeBy, c.At + _deadlines.Resolve, c.At)];
    }

    private List<ComplaintEvent> ProposeIn(ProposeResolution c, Complaint state)
    {
        ValidateText(c.Note, "note", required: false);
        if (c.Remedy is Remedy.Refund or Remedy.Compensation && c.Amount is null)
        {
            throw ComplaintRuleViolation.Invalid("A refund or compensation needs an amount.", "amount");
        }

        if (c.Amount is { } amount && amount.Currency != state.Claim.Currency)
        {
            throw ComplaintRuleViolation.Invalid($"The amount must be in the claim's currency, {state.Claim.Currency}.", "amount.currency");
        }

        // More than the consumer asked for is allowed (a goodwill gesture), and flagged on the event.
        var exceedsClaim = c.Amount is { } offered && offered.IsMoreThan(state.Claim);
        var by = ((Actor.Operator)c.Actor).Party;
        switch (state.Status)
        {
            case ComplaintStatus.Acknowledged:
                return [new ResolutionProposed(by, c.Remedy, c.Amount, c.Note, c.At <= state.ResolveBy, c.At + _deadlines.Confirm, c.At, exceedsClaim)];

            // Until the consumer answers, the merchant may revise its proposal; the consumer's deadline starts again.
            case ComplaintStatus.ResolutionProposed:
                if (SameOffer(state.Resolution, c))
                {
                    return None();
                }

                EnsureProposalsLeft(state);
                return [new ResolutionRevised(by, c.Remedy, c.Amount, c.Note, exceedsClaim, state.Proposals, c.At + _deadlines.Confirm, c.At)];

            // Before the regulator the merchant may still settle; the mediation deadline runs on.
            case ComplaintStatus.Escalated or ComplaintStatus.InMediation:
                if (state.Resolution is { OpenInMediation: true } open && SameOffer(open, c))
                {
                    return None();
                }

                EnsureProposalsLeft(state);
                return [new ResolutionProposedInMediation(by, c.Remedy, c.Amount, c.Note, exceedsClaim, c.At)];

            case ComplaintStatus.Assigned:
                throw ComplaintRuleViolation.Conflict("The complaint must be acknowledged before a resolution is proposed.");
            default:
                throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)}; a resolution can no longer be proposed.");
        }
    }

    private static bool SameOffer(ProposedResolution? existing, ProposeResolution c) =>
        existing is not null && existing.Remedy == c.Remedy && Equals(existing.Amount, c.Amount) && existing.Note == c.Note;

    private static void EnsureProposalsLeft(Complaint state)
    {
        if (state.Proposals >= MaxProposals)
        {
            throw ComplaintRuleViolation.Conflict($"The merchant has made {MaxProposals} proposals on this complaint; the consumer's answer (or the regulator's) comes next.");
        }
    }

    private static List<ComplaintEvent> RefuseIn(Refuse c, Complaint state)
    {
        ValidateText(c.Reason, "reason", required: true);
        if (state.RefusedAt is not null && state.RefusalReason == c.Reason)
        {
            return None();
        }

        if (state.Status != ComplaintStatus.Acknowledged)
        {
            throw ComplaintRuleViolation.Conflict(state.Status == ComplaintStatus.Assigned
                ? "The complaint must be acknowledged before it is refused."
                : $"The complaint is {Describe(state.Status)}; it can no longer be refused.");
        }

        return [new Refused(((Actor.Operator)c.Actor).Party, c.Reason, c.At <= state.ResolveBy, c.At)];
    }

    private static List<ComplaintEvent> ConfirmIn(Confirm c, Complaint state) => state.Status switch
    {
        ComplaintStatus.ResolutionProposed => [new Confirmed(false, c.At)],
        ComplaintStatus.Escalated or ComplaintStatus.InMediation when state.Resolution is { OpenInMediation: true } => [new Confirmed(false, c.At)],
        ComplaintStatus.Resolved => None(),
        _ => throw ComplaintRuleViolation.Conflict("There is no proposed resolution to confirm."),
    };

    private List<ComplaintEvent> DisputeIn(Dispute c, Complaint state)
    {
        ValidateText(c.Reason, "reason", required: true);
        return state.Status switch
        {
            ComplaintStatus.ResolutionProposed => [new Disputed(c.Reason, c.At + _deadlines.Mediation, c.At)],

            // An offer made in mediation is declined, and mediation goes on; declining it again changes nothing.
            ComplaintStatus.Escalated or ComplaintStatus.InMediation when state.Resolution is { OpenInMediation: true } => [new ProposalDeclined(c.Reason, c.At)],
            ComplaintStatus.Escalated or ComplaintStatus.InMediation when state.Resolution is { DuringMediation: true, Declined: true } => None(),
            ComplaintStatus.InMediation when state.DisputeReason == c.Reason => None(),
            _ => throw ComplaintRuleViolation.Conflict("There is no proposed resolution to dispute."),
        };
    }

    private static List<ComplaintEvent> WithdrawIn(Withdraw c, Complaint state)
    {
        // Once a venue has been asked to pay, money is moving: the complaint runs to its end.
        if (state.Payout is not null || state.Status is ComplaintStatus.Resolved or ComplaintStatus.Mediated)
        {
            throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)} and can no longer be withdrawn.");
        }

        return [new Withdrawn(c.At)];
    }

    private static List<ComplaintEvent> MediationIn(RecordMediationOutcome c, Complaint state)
    {
        if (state.Status == ComplaintStatus.Mediated && state.Mediation is { } m
            && m.Outcome == c.Outcome && m.AdvanceCompensationOrdered == c.OrderAdvanceCompensation)
        {
            return None();
        }

        if (state.Status is not (ComplaintStatus.Escalated or ComplaintStatus.InMediation))
        {
            throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)}, not before the regulator.");
        }

        if (c.OrderAdvanceCompensation)
        {
            if (c.Outcome != MediationOutcome.ConsumerUpheld)
            {
                throw ComplaintRuleViolation.Invalid("Advance compensation can only be ordered when the consumer's complaint is upheld.", "orderAdvanceCompensation");
            }

            if (!AdvanceCompensationTerms.For(state).Eligible)
            {
                throw ComplaintRuleViolation.Conflict("No venue on this complaint is enrolled in advance compensation for its category.");
            }
        }

        return [new MediationOutcomeRecorded(c.Outcome, c.OrderAdvanceCompensation, ((Actor.Regulator)c.Actor).Party, c.At)];
    }

    private List<ComplaintEvent> EscalateIn(Escalate c, Complaint state)
    {
        if (state.Status == ComplaintStatus.Escalated)
        {
            return None();
        }

        if (state.Status != ComplaintStatus.Refused || c.Reason != EscalationReason.RefusedWithoutAdvanceCompensation)
        {
            throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)}; only a refusal is escalated this way.");
        }

        return [new Escalated(c.Reason, c.At + _deadlines.Mediation, c.At, AdvanceCompensationTerms.For(state).NotCovered)];
    }

    private static List<ComplaintEvent> RequestAdvanceCompensationIn(RequestAdvanceCompensation c, Complaint state)
    {
        if (state.Payout is not null)
        {
            return None();
        }

        var triggered = c.Trigger switch
        {
            AdvanceCompensationTrigger.Refusal => state.Status == ComplaintStatus.Refused,
            AdvanceCompensationTrigger.ResolveDeadline => state.Status == ComplaintStatus.Escalated
                && state.Escalation == EscalationReason.ResolveDeadlineMissed,
            AdvanceCompensationTrigger.MediationOrder => state.Status == ComplaintStatus.Mediated
                && state.Mediation is { AdvanceCompensationOrdered: true },
            _ => false,
        };
        if (!triggered)
        {
            throw ComplaintRuleViolation.Conflict($"Advance compensation is triggered by a refusal, the resolution deadline or a mediation order; none applies while the complaint is {Describe(state.Status)}.");
        }

        var terms = AdvanceCompensationTerms.For(state);
        if (!terms.Eligible)
        {
            throw ComplaintRuleViolation.Conflict("No venue on this complaint is enrolled in advance compensation for its category.");
        }

        return [new AdvanceCompensationRequested(PayoutIdFor(state.Id), state.Venue!.Id, terms.Amount!, c.Trigger, terms.Statutory, c.At)];
    }

    private static List<ComplaintEvent> SettlePayoutIn(SettlePayout c, Complaint state)
    {
        if (state.Payout is null)
        {
            throw ComplaintRuleViolation.Conflict("No advance compensation was requested.");
        }

        if (state.Payout.PayoutId != c.PayoutId)
        {
            throw ComplaintRuleViolation.Conflict("A different payout is already due on this complaint.");
        }

        return state.Payout.SettledAt is null ? [new PayoutSettled(c.PayoutId, c.At)] : None();
    }

    private List<ComplaintEvent> OpenRecoveryIn(OpenRecoveryClaim c, Complaint state)
    {
        if (state.Recovery is not null)
        {
            return None();
        }

        if (state.Status != ComplaintStatus.Compensated)
        {
            throw ComplaintRuleViolation.Conflict("A recovery claim follows a settled advance compensation.");
        }

        var payout = state.Payout!;
        return [new RecoveryClaimOpened(RecoveryClaimIdFor(state.Id), payout.Venue, state.Merchant.Id, payout.Amount, c.At + _deadlines.Recovery, c.At)];
    }

    private static RecoveryInfo ClaimOf(Complaint state) =>
        state.Recovery ?? throw ComplaintRuleViolation.Conflict("There is no recovery claim on this complaint.");

    private static List<ComplaintEvent> RecordRepaymentIn(RecordRepayment c, Complaint state)
    {
        ValidateText(c.Reference, "reference", required: false, MaxReferenceLength);
        ValidateCurrency(c.Amount, state, "amount.currency");
        var claim = ClaimOf(state);
        if (!claim.IsOpen)
        {
            throw ComplaintRuleViolation.Conflict("The recovery claim has ended.");
        }

        if (claim.Pending is { } pending && pending.Amount == c.Amount && pending.Reference == c.Reference)
        {
            return None();
        }

        var owed = claim.Outstanding!;
        if (c.Amount.IsMoreThan(owed))
        {
            throw ComplaintRuleViolation.Invalid($"The repayment must not exceed the {owed} still owed on the claim.", "amount");
        }

        return [new RepaymentRecorded(claim.ClaimId, ((Actor.Operator)c.Actor).Party, c.Amount, c.Reference, c.At)];
    }

    private static List<ComplaintEvent> ConfirmRepaymentIn(ConfirmRepayment c, Complaint state)
    {
        var claim = ClaimOf(state);
        if (claim.Ending is { } ending)
        {
            return ending.Reason == RecoveryEndReason.RepaidInFull ? None() : throw ComplaintRuleViolation.Conflict("The recovery claim has ended.");
        }

        if (claim.Pending is not { } pending)
        {
            // Confirming again what was confirmed changes nothing; with nothing ever recorded there is nothing to confirm.
            return claim.Repaid is not null ? None() : throw ComplaintRuleViolation.Conflict("No repayment awaits the venue's confirmation.");
        }

        var venue = ((Actor.Operator)c.Actor).Party;
        var repaid = claim.Repaid?.Plus(pending.Amount) ?? pending.Amount;
        List<ComplaintEvent> events = [new RepaymentConfirmed(claim.ClaimId, venue, pending.Amount, c.At)];
        if (claim.Amount.Less(repaid) is null)
        {
            events.Add(new RecoveryClaimEnded(claim.ClaimId, RecoveryResult.Recovered, repaid, null, RecoveryEndReason.RepaidInFull, venue, c.At));
        }

        return events;
    }

    private static List<ComplaintEvent> RecordRecoveryIn(RecordRecovery c, Complaint state)
    {
        if (c.Amount is { } given)
        {
            ValidateCurrency(given, state, "amount.currency");
        }

        var claim = ClaimOf(state);
        if (claim.Ending is { } ending)
        {
            return ending.Reason == RecoveryEndReason.VenueRecorded && Equals(ending.Recovered, c.Amount)
                ? None()
                : throw ComplaintRuleViolation.Conflict("The recovery claim has ended.");
        }

        if (c.Amount is { } amount && amount.IsMoreThan(claim.Amount))
        {
            throw ComplaintRuleViolation.Invalid($"The venue cannot recover more than the {claim.Amount} it claimed.", "amount");
        }

        if (claim.Repaid is { } repaid && (c.Amount is null || repaid.IsMoreThan(c.Amount)))
        {
            throw ComplaintRuleViolation.Invalid($"The venue already confirmed {repaid} of repayments; it recovered at least that.", "amount");
        }

        var unrecovered = claim.Amount.Less(c.Amount);
        var result = c.Amount is null ? RecoveryResult.Unrecovered : unrecovered is null ? RecoveryResult.Recovered : RecoveryResult.PartlyRecovered;
        return [new RecoveryClaimEnded(claim.ClaimId, result, c.Amount, unrecovered, RecoveryEndReason.VenueRecorded, ((Actor.Operator)c.Actor).Party, c.At)];
    }

    private List<ComplaintEvent> PostMessageIn(PostMessage c, Complaint state)
    {
        ValidateText(c.Text, "text", required: true);
        if (state.Outcome == ComplaintOutcome.Withdrawn)
        {
            throw ComplaintRuleViolation.Conflict("The complaint was withdrawn; its thread is closed.");
        }

        if (state.ClosedAt is { } closedAt && c.At > closedAt + _deadlines.EvaluationWindow)
        {
            throw ComplaintRuleViolation.Conflict("The thread closed with the evaluation window after the complaint closed.");
        }

        if (state.Messages >= MaxMessages)
        {
            throw ComplaintRuleViolation.Conflict($"The thread holds its maximum of {MaxMessages} messages.");
        }

        var (author, party) = c.Actor switch
        {
            Actor.Operator op when op.Party == state.Merchant.Id => (MessageAuthor.Merchant, (PartyId?)op.Party),
            Actor.Operator op => (MessageAuthor.Venue, op.Party),
            _ => (MessageAuthor.Consumer, null),
        };
        return [new MessagePosted(state.Messages + 1, author, party, c.Text, c.At)];
    }

    /// <summary>
    /// A file is attached in the same window as the thread is open: from filing until the evaluation window after
    /// closing, never on a withdrawn complaint nor once the attachments were erased, and up to the configured number of files.
    /// </summary>
    private List<ComplaintEvent> AddAttachmentIn(AddAttachment c, Complaint state)
    {
        if (string.IsNullOrWhiteSpace(c.AttachmentId) || string.IsNullOrWhiteSpace(c.MediaType) || c.Size <= 0
            || c.Sha256 is not { Length: 64 } || !c.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw ComplaintRuleViolation.Invalid("An attachment needs an id, a media type, a positive size and a SHA-256.", "file");
        }

        ValidateText(c.FileName, "filename", required: true, MaxFileNameLength);
        if (state.Outcome == ComplaintOutcome.Withdrawn)
        {
            throw ComplaintRuleViolation.Conflict("The complaint was withdrawn; nothing more can be attached.");
        }

        if (state.AttachmentsErasedAt is not null)
        {
            throw ComplaintRuleViolation.Conflict("The complaint's attachments were erased at the end of their retention; nothing more can be attached.");
        }

        if (state.ClosedAt is { } closedAt && c.At > closedAt + _deadlines.EvaluationWindow)
        {
            throw ComplaintRuleViolation.Conflict("Files can be attached until the evaluation window after the complaint closed.");
        }

        if (state.Attachments >= c.Limit)
        {
            throw new ComplaintRuleViolation(ViolationKind.Conflict, $"The complaint holds its maximum of {c.Limit} attachments.", AttachmentsField);
        }

        var (author, party) = c.Actor switch
        {
            Actor.Operator op when op.Party == state.Merchant.Id => (MessageAuthor.Merchant, (PartyId?)op.Party),
            Actor.Operator op => (MessageAuthor.Venue, op.Party),
            _ => (MessageAuthor.Consumer, null),
        };
        return [new AttachmentAdded(c.AttachmentId, author, party, c.FileName, c.MediaType, c.Size, c.Sha256, c.At)];
    }

    /// <summary>
    /// The attachments' bytes go once the complaint has been ended (closed or withdrawn: <see cref="Complaint.ClosedAt"/>)
    /// for the retention period; once only, and only when there is something recorded to erase.
    /// </summary>
    private static List<ComplaintEvent> EraseAttachmentsIn(EraseAttachments c, Complaint state)
    {
        if (c.RetainAfterEnd <= TimeSpan.Zero)
        {
            throw ComplaintRuleViolation.Invalid("The retention after the end must be positive.", "retainAfterEnd");
        }

        if (state.AttachmentsErasedAt is not null || state.Attachments == 0)
        {
            return None();
        }

        if (state.ClosedAt is not { } endedAt || c.At < endedAt + c.RetainAfterEnd)
        {
            throw ComplaintRuleViolation.Conflict("The complaint's attachments are kept until their retention after its end has passed.");
        }

        return [new AttachmentsErased(state.Attachments, c.At)];
    }

    private static List<ComplaintEvent> CloseIn(Close c, Complaint state)
    {
        ComplaintOutcome? outcome = state.Status switch
        {
            ComplaintStatus.Resolved when state.Resolution!.DuringMediation => ComplaintOutcome.ResolvedInMediation,
            ComplaintStatus.Resolved => state.Resolution!.Remedy switch
            {
                Remedy.Refund or Remedy.Compensation => ComplaintOutcome.MonetaryRelief,
                Remedy.Repair or Remedy.Replace => ComplaintOutcome.NonMonetaryRelief,
                _ => ComplaintOutcome.Explanation,
            },
            ComplaintStatus.Mediated when state.Mediation is { AdvanceCompensationOrdered: false } m =>
                m.Outcome == MediationOutcome.NoAgreement ? ComplaintOutcome.ClosedWithoutRelief : ComplaintOutcome.Mediated,
            ComplaintStatus.RecoveryOpened => ComplaintOutcome.AdvanceCompensated,
            _ => null,
        };

        return outcome is { } o
            ? [new Closed(o, c.At)]
            : throw ComplaintRuleViolation.Conflict($"The complaint is {Describe(state.Status)}; it is not ready to close.");
    }

    private List<ComplaintEvent> MissDeadlineIn(MissDeadline c, Complaint state)
    {
        // A timer for a deadline that is no longer current, or that fired early, changes nothing.
        if (state.CurrentDeadline is not { } current || current.Kind != c.Kind || current.DueAt != c.DueAt || c.At < c.DueAt)
        {
            return None();
        }

        var mediationBy = c.At + _deadlines.Mediation;
        var terms = AdvanceCompensationTerms.For(state);
        return c.Kind switch
        {
            DeadlineKind.Acknowledge =>
            [
                new DeadlineMissed(c.Kind, c.DueAt, state.FirstResponder, c.At),
                new Escalated(EscalationReason.AcknowledgeDeadlineMissed, mediationBy, c.At),
            ],
            DeadlineKind.Resolve =>
            [
                new DeadlineMissed(c.Kind, c.DueAt, state.Merchant.Id, c.At),
                new Escalated(EscalationReason.ResolveDeadlineMissed, mediationBy, c.At, terms.NotCovered),
            ],
            DeadlineKind.Confirm => [new Confirmed(true, c.At)],
            DeadlineKind.Mediation => [new MediationOutcomeRecorded(MediationOutcome.NoAgreement, false, null, c.At)],
            DeadlineKind.Recovery => [RecoveryDeadlinePassed(state.Recovery!, c.At)],
            _ => None(),
        };
    }

    /// <summary>The claim ends with what the venue confirmed by the deadline; a repayment it did not confirm does not count.</summary>
    private static RecoveryClaimEnded RecoveryDeadlinePassed(RecoveryInfo claim, DateTimeOffset at) =>
        new(claim.ClaimId, claim.Repaid is null ? RecoveryResult.Unrecovered : RecoveryResult.PartlyRecovered, claim.Repaid, claim.Outstanding, RecoveryEndReason.DeadlinePassed, null, at);

    private List<ComplaintEvent> EvaluateIn(Evaluate c, Complaint state)
    {
        if (c.Rating is < 1 or > 5)
        {
            throw ComplaintRuleViolation.Invalid("The rating must be between 1 and 5.", "rating");
        }

        ValidateText(c.Comment, "comment", required: false);
        if (state.Outcome == ComplaintOutcome.Withdrawn)
        {
            throw ComplaintRuleViolation.Conflict("A withdrawn complaint cannot be evaluated.");
        }

        if (state.Evaluation is { } e)
        {
            return e.Rating == c.Rating && e.Comment == c.Comment
                ? None()
                : throw ComplaintRuleViolation.Conflict("The complaint has already been evaluated.");
        }

        if (c.At > state.ClosedAt + _deadlines.EvaluationWindow)
        {
            throw ComplaintRuleViolation.Conflict("The evaluation window has passed.");
        }

        return [new Evaluated(c.Rating, c.Comment, c.At)];
    }

    private static List<ComplaintEvent> DraftIn(DraftDisclosure c, Complaint state)
    {
        if (string.IsNullOrWhiteSpace(c.DisclosureId))
        {
            throw ComplaintRuleViolation.Invalid("A disclosure needs a public id.");
        }

        // One draft per complaint: a retried drafting stage finds it already there.
        return state.Disclosure == DisclosureStatus.None ? [new DisclosureDrafted(c.DisclosureId, c.At)] : None();
    }

    private static List<ComplaintEvent> PublishIn(PublishDisclosure c, Complaint state) => state.Disclosure switch
    {
        DisclosureStatus.Draft => [new DisclosurePublished(state.DisclosureId!, ((Actor.Regulator)c.Actor).Party, c.At)],
        DisclosureStatus.Published => None(),
        DisclosureStatus.Withheld => throw ComplaintRuleViolation.Conflict("The disclosure was withheld."),
        _ => throw ComplaintRuleViolation.Conflict("There is no disclosure draft to publish."),
    };

    private static List<ComplaintEvent> WithholdIn(WithholdDisclosure c, Complaint state)
    {
        ValidateText(c.Reason, "reason", required: true);
        return state.Disclosure switch
        {
            DisclosureStatus.Draft => [new DisclosureWithheld(state.DisclosureId!, c.Reason, ((Actor.Regulator)c.Actor).Party, c.At)],
            DisclosureStatus.Withheld when state.DisclosureWithheldReason == c.Reason => None(),
            DisclosureStatus.Withheld => throw ComplaintRuleViolation.Conflict("The disclosure is already withheld."),
            DisclosureStatus.Published => throw ComplaintRuleViolation.Conflict("The disclosure is already published."),
            _ => throw ComplaintRuleViolation.Conflict("There is no disclosure draft to withhold."),
        };
    }

    private static void ValidateText(string? text, string field, bool required, int maxLength = MaxTextLength)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            throw ComplaintRuleViolation.Invalid($"A {field} is required.", field);
        }

        if (text is not null && text.Length > maxLength)
        {
            throw ComplaintRuleViolation.Invalid($"The {field} must be at most {maxLength} characters.", field);
        }
    }

    private static void ValidateCurrency(Money amount, Complaint state, string field)
    {
        ArgumentNullException.ThrowIfNull(amount);
        if (amount.Currency != state.Claim.Currency)
        {
            throw ComplaintRuleViolation.Invalid($"The amount must be in the claim's currency, {state.Claim.Currency}.", field);
        }
    }

    internal static string Describe(ComplaintStatus status) => status switch
    {
        ComplaintStatus.ResolutionProposed => "awaiting the consumer's answer to a proposed resolution",
        ComplaintStatus.InMediation => "in mediation",
        ComplaintStatus.AwaitingPayout => "awaiting an advance-compensation payout",
        ComplaintStatus.RecoveryOpened => "compensated, with a recovery claim open",
        _ => status.ToString().ToLowerInvariant(),
    };
}
