using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Complaints.Workflow;

/// <summary>
/// One orchestration per complaint (instance id = complaint id), the same class in both hosts: a deterministic loop
/// over the pure <see cref="ComplaintWorkflow.React"/>. Each wake-up loads the complaint's new events (activity),
/// folds them and any fired deadline through the reactor, runs the actions it asks for (activities; a command's own
/// events are folded from its result instead of being read back), projects the read models once (activity), and then
/// waits for the next <see cref="ChangedEvent"/> or the armed deadline (a durable timer), whichever comes first.
/// Only the orchestration's clock is read. <c>ContinueAsNew</c> keeps the history short; the orchestration ends when
/// the complaint's disclosure draft exists and its recovery claim, if any, has ended (the reactor's <c>Completed</c>).
/// </summary>
public sealed class ComplaintOrchestration : TaskOrchestrator<ComplaintOrchestrationInput?, ComplaintOrchestrationOutcome>
{
    public const string Name = nameof(ComplaintOrchestration);

    /// <summary>The external event telling the orchestration that its complaint recorded events up to the version it carries (a <see cref="long"/>).</summary>
    public const string ChangedEvent = "ComplaintChanged";

    /// <summary>Storage faults are retried with back-off; after the last attempt the orchestration fails (see docs/operations.md).</summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(2)));

    public override async Task<ComplaintOrchestrationOutcome> RunAsync(TaskOrchestrationContext context, ComplaintOrchestrationInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = input ?? new ComplaintOrchestrationInput();
        var logger = context.CreateReplaySafeLogger<ComplaintOrchestration>();
        var state = start.ToState(new ComplaintId(context.InstanceId));
        var catchUp = start.Generation == 1; // A later generation starts where the last one stood.
        WorkflowTimer? fired = null;
        for (var wakeUp = 1; ; wakeUp++)
        {
            if (catchUp)
            {
                state = await CatchUpAsync(context, state, fired);
            }

            if (state.Completed || state.LastVersion == 0)
            {
                var outcome = new ComplaintOrchestrationOutcome(state.Completed ? ComplaintOrchestrationOutcome.Drafted : ComplaintOrchestrationOutcome.NoSuchComplaint, state.LastVersion);
                WorkflowLog.Ended(logger, context.InstanceId, outcome.Result, state.LastVersion);
                return outcome;
            }

            context.SetCustomStatus(new WorkflowProgress(state.LastVersion, state.Deadline?.Kind.ToString(), state.Deadline?.DueAt, start.Generation));
            if (wakeUp >= start.WakeUpsPerGeneration)
            {
                WorkflowLog.ContinuedAsNew(logger, context.InstanceId, start.Generation + 1, state.LastVersion);
                context.ContinueAsNew(start.Next(state), preserveUnprocessedEvents: true);
                return new ComplaintOrchestrationOutcome("continued-as-new", state.LastVersion);
            }

            (fired, catchUp) = await WaitAsync(context, state);
        }
    }

    /// <summary>
    /// Reacts until quiescent: the actions record events that the next round reacts to. The read models follow along:
    /// the load projects the state its events lead to, and the last action of a round projects after it, so the state
    /// the step ends in is always projected without an activity of its own.
    /// </summary>
    private static async Task<WorkflowState> CatchUpAsync(TaskOrchestrationContext context, WorkflowState state, WorkflowTimer? fired)
    {
        var id = context.InstanceId;
        RecordedEventEnvelope[]? known = null;
        for (var round = 0; round < WorkflowStep.MaxRoundsPerWakeUp; round++)
        {
            var events = known ?? await context.CallActivityAsync<RecordedEventEnvelope[]>(
                LoadComplaintEvents.Name, new LoadEventsInput(id, state.LastVersion, Project: true), Retry);
            var step = WorkflowStep.Fold(state, events, round == 0 ? fired : null, WorkflowStep.Instant(context.CurrentUtcDateTime));
            state = step.State;
            if (step.Actions.Count == 0)
            {
                break;
            }

            // The commands' own events follow on from what the fold has seen unless someone else wrote meanwhile
            // (or a command was a repeat or refused): then the next round reads them from the store instead.
            var recorded = new List<RecordedEventEnvelope>();
            var followsOn = true;
            for (var i = 0; i < step.Actions.Count; i++)
            {
                var action = step.Actions[i];
                var result = await context.CallActivityAsync<RecordedEventEnvelope[]?>(
                    RunWorkflowAction.Name, new RunActionInput(id, action, Project: i == step.Actions.Count - 1), Retry);
                if (WorkflowActionKinds.IsCommand(action.Kind))
                {
                    followsOn &= result is { Length: > 0 } && FollowsOn(recorded, result, state.LastVersion);
                }
            }

            known = followsOn ? [.. recorded] : null;
        }

        return state;
    }

    private static bool FollowsOn(List<RecordedEventEnvelope> recorded, RecordedEventEnvelope[] result, long seen)
    {
        var expected = (recorded.Count > 0 ? recorded[^1].Version : seen) + 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i].Version != expected + i)
            {
                return false;
            }
        }

        recorded.AddRange(result);
        return true;
    }

    /// <summary>
    /// Waits for a change or the armed deadline (at most <see cref="WorkflowStep.MaxTimerHop"/> ahead), and cancels the
    /// one that lost: a timer left running would keep the instance busy, and a waiter left pending would take the next
    /// change. Returns the deadline when the timer won, and whether there is anything new to read.
    /// </summary>
    private static async Task<(WorkflowTimer? Fired, bool CatchUp)> WaitAsync(TaskOrchestrationContext context, WorkflowState state)
    {
        var now = WorkflowStep.Instant(context.CurrentUtcDateTime);
        if (WorkflowStep.NextWake(state, now) is not { } wake)
        {
            return (null, IsNew(await context.WaitForExternalEvent<long>(ChangedEvent), state));
        }

        if (wake <= now)
        {
            return (state.Deadline, true);
        }

        using var timerCts = new CancellationTokenSource();
        using var changeCts = new CancellationTokenSource();
        var timer = context.CreateTimer(wake.UtcDateTime, timerCts.Token);
        var change = context.WaitForExternalEvent<long>(ChangedEvent, changeCts.Token);
        if (await Task.WhenAny(timer, change) == change)
        {
            timerCts.Cancel(); // Synchronously, on the orchestrator thread: deterministic.
            return (null, IsNew(await change, state));
        }

        changeCts.Cancel();
        return (state.Deadline, true);
    }

    /// <summary>A change at or below the last version reacted to is a repeat; a version of 0 (unknown) is read.</summary>
    private static bool IsNew(long version, WorkflowState state) => version <= 0 || version > state.LastVersion;
}
