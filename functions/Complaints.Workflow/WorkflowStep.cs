using Complaints.Core.Workflow;

namespace Complaints.Workflow;

/// <summary>The outcome of folding one batch of inputs: the new state, the actions to run, and how many inputs changed something.</summary>
public sealed record WorkflowStepResult(WorkflowState State, IReadOnlyList<WorkflowActionEnvelope> Actions, int Reacted);

/// <summary>
/// The pure part of <see cref="ComplaintOrchestration"/>. It folds a batch of inputs through
/// <see cref="ComplaintWorkflow.React"/> and says when to wake up next, so that the orchestrator body is a small
/// deterministic loop: load events, fold, run actions, project, wait for a nudge or the next deadline.
/// No I/O, no clock: time comes in as an argument (the orchestration's current time).
/// </summary>
public static class WorkflowStep
{
    /// <summary>Fold rounds per wake-up: actions record events, which the next round reacts to. Bounded against a livelock.</summary>
    public const int MaxRoundsPerWakeUp = 16;

    /// <summary>
    /// The longest single durable timer the orchestrator creates. A later deadline is reached in hops: the timer fires
    /// early and the reactor re-arms it (<see cref="ComplaintWorkflow"/> treats an early timer as "wait again").
    /// </summary>
    public static readonly TimeSpan MaxTimerHop = TimeSpan.FromDays(6);

    /// <summary>
    /// Folds the complaint's new events (in version order) and then, if one fired, the timer. Events go first: an
    /// event that arrived before the deadline (say an acknowledgement) disarms it, and the timer is then stale.
    /// </summary>
    public static WorkflowStepResult Fold(WorkflowState state, IReadOnlyList<RecordedEventEnvelope> events, WorkflowTimer? fired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var inputs = events
            .OrderBy(e => e.Version)
            .Select(e => (WorkflowInput)new WorkflowInput.EventRecorded(WorkflowEnvelopes.FromEnvelope(e).Event, e.Version))
            .ToList();
        if (fired is not null)
        {
            inputs.Add(new WorkflowInput.TimerFired(fired.Kind, fired.DueAt));
        }

        return Fold(state, inputs, now);
    }

    /// <summary>Folds inputs through the reactor in the order given and collects the actions as envelopes.</summary>
    public static WorkflowStepResult Fold(WorkflowState state, IEnumerable<WorkflowInput> inputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(inputs);
        var actions = new List<WorkflowActionEnvelope>();
        var reacted = 0;
        foreach (var input in inputs)
        {
            if (input is WorkflowInput.EventRecorded e && e.Version <= state.LastVersion)
            {
                continue; // Already seen: a repeated load is harmless.
            }

            var reaction = ComplaintWorkflow.React(state, input, now);
            if (reaction.State != state || reaction.Actions.Count > 0)
            {
                reacted++; // A stale or early timer changes nothing and is not counted.
            }

            state = reaction.State;
            actions.AddRange(reaction.Actions.Select(WorkflowEnvelopes.ToEnvelope));
        }

        return new WorkflowStepResult(state, actions, reacted);
    }

    /// <summary>
    /// When the orchestrator's timer should fire: the armed deadline, or at most <see cref="MaxTimerHop"/> from now.
    /// <c>null</c> when nothing is armed (wait for a nudge only) or the workflow is complete.
    /// </summary>
    public static DateTimeOffset? NextWake(WorkflowState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Completed || state.Deadline is not { } deadline)
        {
            return null;
        }

        var latest = now + MaxTimerHop;
        return deadline.DueAt < latest ? deadline.DueAt : latest;
    }

    /// <summary>The orchestration clock (<c>CurrentUtcDateTime</c>, a UTC <see cref="DateTime"/>) as an instant.</summary>
    public static DateTimeOffset Instant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
