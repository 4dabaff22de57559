using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Complaints.Functions;

/// <summary>
/// One orchestration per complaint (instance id = complaint id): a deterministic loop over the core workflow.
/// Each wake-up loads the complaint's new events (activity), folds them and any fired timer through
/// <see cref="ComplaintWorkflow.React"/> (<see cref="DurableWorkflowStep"/>, pure), runs the actions (activities),
/// projects the read models (activity), then waits for a nudge or the armed deadline, whichever comes first.
/// Only the orchestration clock is used; <c>ContinueAsNew</c> keeps the history short; it ends when the workflow
/// is complete (disclosure drafted).
/// </summary>
public static class ComplaintOrchestrator
{
    /// <summary>Transient storage faults are retried with back-off; after the last attempt the orchestration fails (see README).</summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(5)));

    [Function(nameof(ComplaintOrchestrator))]
    public static async Task RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.CreateReplaySafeLogger(nameof(ComplaintOrchestrator));
        var saved = context.GetInput<string>();
        var state = string.IsNullOrEmpty(saved) ? WorkflowState.Start(new ComplaintId(context.InstanceId)) : WorkflowEnvelopes.DeserializeState(saved);
        WorkflowTimer? fired = null;
        for (var wakeUp = 1; ; wakeUp++)
        {
            state = await CatchUpAsync(context, state, fired);
            if (state.Completed || state.LastVersion == 0)
            {
                // Done, or no such complaint (a later nudge starts it again: see ComplaintOrchestrations.NudgeAsync).
                FunctionsLog.OrchestrationEnded(logger, context.InstanceId, state.LastVersion, state.Completed);
                return;
            }

            if (wakeUp >= DurableWorkflowStep.WakeUpsPerGeneration)
            {
                context.ContinueAsNew(WorkflowEnvelopes.SerializeState(state)); // Unprocessed nudges are carried over.
                return;
            }

            fired = await WaitAsync(context, state);
        }
    }

    /// <summary>Reacts until quiescent: the actions record events that the next round reacts to. Then projects once.</summary>
    private static async Task<WorkflowState> CatchUpAsync(TaskOrchestrationContext context, WorkflowState state, WorkflowTimer? fired)
    {
        var id = context.InstanceId;
        var changed = 0;
        for (var round = 0; round < DurableWorkflowStep.MaxRoundsPerWakeUp; round++)
        {
            var events = await context.CallActivityAsync<RecordedEventEnvelope[]>(
                nameof(Activities.LoadComplaintEvents), new LoadEventsRequest(id, state.LastVersion), Retry);
            var step = DurableWorkflowStep.Fold(state, events, round == 0 ? fired : null, DurableWorkflowStep.Instant(context.CurrentUtcDateTime));
            state = step.State;
            changed += step.Reacted;
            foreach (var action in step.Actions)
            {
                await context.CallActivityAsync(nameof(Activities.RunWorkflowAction), new RunActionRequest(id, action), Retry);
            }

            if (step.Actions.Count == 0)
            {
                break;
            }
        }

        if (changed > 0)
        {
            await context.CallActivityAsync(nameof(Activities.ProjectComplaint), new ProjectRequest(id, WorkflowEnvelopes.SerializeState(state)), Retry);
        }

        return state;
    }

    /// <summary>
    /// Waits for a nudge or the armed deadline (at most <see cref="DurableWorkflowStep.MaxTimerHop"/> ahead), and cancels
    /// the one that lost: a timer left running would keep the instance alive, and a waiter left pending would take the
    /// next nudge. Returns the deadline when the timer won, <c>null</c> for a nudge.
    /// </summary>
    private static async Task<WorkflowTimer?> WaitAsync(TaskOrchestrationContext context, WorkflowState state)
    {
        var now = DurableWorkflowStep.Instant(context.CurrentUtcDateTime);
        if (DurableWorkflowStep.NextWake(state, now) is not { } wake)
        {
            await context.WaitForExternalEvent<string>(DurableWorkflowStep.ChangedEvent);
            return null;
        }

        if (wake <= now)
        {
            return state.Deadline;
        }

        using var timerCts = new CancellationTokenSource();
        using var nudgeCts = new CancellationTokenSource();
        var timer = context.CreateTimer(wake.UtcDateTime, timerCts.Token);
        var nudge = context.WaitForExternalEvent<string>(DurableWorkflowStep.ChangedEvent, nudgeCts.Token);
        if (await Task.WhenAny(timer, nudge) == nudge)
        {
            timerCts.Cancel(); // Synchronously, on the orchestrator thread.
            return null;
        }

        nudgeCts.Cancel();
        return state.Deadline;
    }
}
