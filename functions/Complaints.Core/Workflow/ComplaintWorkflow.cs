using static Complaints.Core.ComplaintEvent;

namespace Complaints.Core.Workflow;

/// <summary>What the workflow knows about one complaint between reactions.</summary>
/// <param name="ComplaintId">The complaint (also the Durable instance id).</param>
/// <param name="LastVersion">The last complaint event version reacted to; older or repeated events are ignored.</param>
/// <param name="Deadline">The one deadline armed now. A timer for anything else is stale.</param>
/// <param name="AdvanceCompensationEligible">Taken from the filing: a venue will pay first if the merchant fails.</param>
/// <param name="Completed">
/// The disclosure draft exists and no recovery claim is open: nothing more for the workflow to do (the orchestration ends).
/// </param>
/// <param name="DisclosureDrafted">The disclosure draft exists (the workflow may still wait for a recovery claim to end).</param>
public sealed record WorkflowState(
    ComplaintId ComplaintId,
    long LastVersion,
    WorkflowTimer? Deadline,
    bool AdvanceCompensationEligible,
    bool Completed,
    bool DisclosureDrafted = false)
{
    public static WorkflowState Start(ComplaintId id) => new(id, 0, null, false, false);

    /// <summary>
    /// A recovery claim is open: its deadline is the one armed from the claim's opening until it ends, through the
    /// complaint's closing and the disclosure draft.
    /// </summary>
    public bool RecoveryClaimOpen => Deadline is { Kind: DeadlineKind.Recovery };
}

/// <summary>A deadline to watch: when it passes, feed <see cref="WorkflowInput.TimerFired"/> back in.</summary>
public sealed record WorkflowTimer(DeadlineKind Kind, DateTimeOffset DueAt);

/// <summary>What wakes the workflow up.</summary>
public abstract record WorkflowInput
{
    private WorkflowInput() { }

    /// <summary>The complaint recorded an event; <paramref name="Version"/> is its position in the complaint's history.</summary>
    public sealed record EventRecorded(ComplaintEvent Event, long Version) : WorkflowInput;

    /// <summary>A timer armed for <paramref name="DueAt"/> went off.</summary>
    public sealed record TimerFired(DeadlineKind Kind, DateTimeOffset DueAt) : WorkflowInput;
}

/// <summary>Work the workflow asks the runtime to do.</summary>
public abstract record WorkflowAction
{
    private WorkflowAction() { }

    /// <summary>Apply a command to the complaint aggregate.</summary>
    public sealed record Execute(ComplaintCommand Command) : WorkflowAction;

    /// <summary>Pay the advance compensation (the payouts stage; idempotent on the payout id).</summary>
    public sealed record RunPayout(string PayoutId) : WorkflowAction;

    /// <summary>Draft the redacted public record (the disclosures stage).</summary>
    public sealed record DraftDisclosure : WorkflowAction;
}

/// <summary>The outcome of one reaction.</summary>
public sealed record Reaction(WorkflowState State, IReadOnlyList<WorkflowAction> Actions, IReadOnlyList<WorkflowTimer> Timers)
{
    public static Reaction Nothing(WorkflowState state) => new(state, [], []);
}

/// <summary>
/// The stage sequence as a pure reactor: <c>React(state, input, now) → (state', actions, timers)</c>.
/// The one Durable orchestration (Complaints.Workflow.ComplaintOrchestration) runs it, in both hosts.
/// </summary>
public static class ComplaintWorkflow
{
    private static readonly Actor Pipeline = Actor.System.Instance;

    public static Reaction React(WorkflowState state, WorkflowInput input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        return input switch
        {
            WorkflowInput.EventRecorded e when e.Version <= state.LastVersion => Reaction.Nothing(state),
            WorkflowInput.EventRecorded e => OnEvent(state with { LastVersion = e.Version }, e.Event, now),
            WorkflowInput.TimerFired t => OnTimer(state, t, now),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "unknown input"),
        };
    }

    private static Reaction OnTimer(WorkflowState state, WorkflowInput.TimerFired timer, DateTimeOffset now)
    {
        if (state.Completed || state.Deadline is not { } armed || armed.Kind != timer.Kind || armed.DueAt != timer.DueAt)
        {
            return Reaction.Nothing(state);
        }

        // Early (a long deadline is reached in several hops of at most the queue's 7-day delay): wait again.
        if (now < timer.DueAt)
        {
            return new Reaction(state, [], [armed]);
        }

        return new Reaction(state, [Do(new ComplaintCommand.MissDeadline(timer.Kind, timer.DueAt, Pipeline, now))], []);
    }

    private static Reaction OnEvent(WorkflowState state, ComplaintEvent @event, DateTimeOffset now)
    {
        switch (@event)
        {
            case Filed f:
                var eligible = AdvanceCompensationTerms.For(f.Merchant, f.Venue, f.Category, f.Claim).Eligible;
                return Act(state with { AdvanceCompensationEligible = eligible }, Do(new ComplaintCommand.AssignFirstResponder(Pipeline, now)));
            case FirstResponderAssigned a:
                return Arm(state, DeadlineKind.Acknowledge, a.AcknowledgeBy);
            case Acknowledged a:
                return Arm(state, DeadlineKind.Resolve, a.ResolveBy);
            case ResolutionProposed p:
                return Arm(state, DeadlineKind.Confirm, p.ConfirmBy);
            case ResolutionRevised r:
                // The consumer's deadline starts again; the timer armed for the previous proposal is now stale.
                return Arm(state, DeadlineKind.Confirm, r.ConfirmBy);
            case Disputed d:
                return Arm(state, DeadlineKind.Mediation, d.MediationBy);
            case Refused:
                return Act(Disarm(state), state.AdvanceCompensationEligible
                    ? Do(new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.Refusal, Pipeline, now))
                    : Do(new ComplaintCommand.Escalate(EscalationReason.RefusedWithoutAdvanceCompensation, Pipeline, now)));
            case Escalated { Reason: EscalationReason.ResolveDeadlineMissed } when state.AdvanceCompensationEligible:
                return Act(Disarm(state), Do(new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline, Pipeline, now)));
            case Escalated e:
                return Arm(state, DeadlineKind.Mediation, e.MediationBy);
            case MediationOutcomeRecorded { AdvanceCompensationOrdered: true }:
                return Act(Disarm(state), Do(new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.MediationOrder, Pipeline, now)));
            case MediationOutcomeRecorded or Confirmed:
                return Act(Disarm(state), Do(new ComplaintCommand.Close(Pipeline, now)));
            case RecoveryClaimOpened o:
                // The complaint closes now; the claim runs on to its own deadline (the workflow waits for it).
                var recovery = new WorkflowTimer(DeadlineKind.Recovery, o.RecoverBy);
                return new Reaction(state with { Deadline = recovery }, [Do(new ComplaintCommand.Close(Pipeline, now))], [recovery]);
            case RecoveryClaimEnded or RecoveryClaimSettled:
                var ended = state.RecoveryClaimOpen ? Disarm(state) : state;
                return Reaction.Nothing(ended with { Completed = ended.DisclosureDrafted });
            case AdvanceCompensationRequested r:
                return Act(Disarm(state), new WorkflowAction.RunPayout(r.PayoutId));
            case PayoutSettled:
                return Act(state, Do(new ComplaintCommand.OpenRecoveryClaim(Pipeline, now)));
            case Closed or Withdrawn:
                return Act(state.RecoveryClaimOpen ? state : Disarm(state), new WorkflowAction.DraftDisclosure());
            case DisclosureDrafted:
                return Reaction.Nothing(state with { DisclosureDrafted = true, Completed = !state.RecoveryClaimOpen });
            default:
                // Deadline records, evaluations, offers made in mediation and their refusal (the mediation deadline
                // runs on), repayments, messages and disclosure decisions need no next step.
                return Reaction.Nothing(state);
        }
    }

    private static WorkflowAction Do(ComplaintCommand command) => new WorkflowAction.Execute(command);

    private static Reaction Act(WorkflowState state, WorkflowAction action) => new(state, [action], []);

    private static WorkflowState Disarm(WorkflowState state) => state with { Deadline = null };

    private static Reaction Arm(WorkflowState state, DeadlineKind kind, DateTimeOffset dueAt)
    {
        var timer = new WorkflowTimer(kind, dueAt);
        return new Reaction(state with { Deadline = timer }, [], [timer]);
    }
}
