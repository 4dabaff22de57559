using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The local runtime of the complaint workflow. For each nudge or timer on <c>complaint-events</c> it loads the
/// workflow row, feeds the complaint's new events (read from the store, in order) and the timer to the pure
/// reactor, runs the actions, arms timers as delayed messages, projects the read models and saves the row under
/// its ETag. Duplicated, reordered or stale messages are harmless: events are read by version, actions are
/// idempotent, and the reactor ignores timers that no longer match the current deadline.
/// </summary>
public sealed class ProcessManager(
    IComplaintStore complaints,
    IWorkflowStore workflows,
    WorkflowActionRunner actions,
    Projector projector,
    DeadlineTimers timers,
    TimeProvider clock,
    ILogger<ProcessManager> logger)
{
    /// <summary>The service's limit on a message's initial invisibility; longer deadlines are re-armed on arrival.</summary>
    public static readonly TimeSpan MaxTimerHop = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private const int MaxRounds = 16;
    private const int MaxSaveAttempts = 8;

    public async Task HandleAsync(QueueMessageBody message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = new ComplaintId(message.ComplaintId);
        WorkflowInput? timer = message.Kind == QueueMessages.TimerKind && QueueMessages.DeadlineOf(message) is { } kind && message.DueAt is { } due
            ? new WorkflowInput.TimerFired(kind, due)
            : null;

        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            var record = await workflows.GetAsync(id, cancellationToken);
            var state = record?.State ?? WorkflowState.Start(id);
            var pendingTimer = timer;
            var reacted = 0;

            // React until quiescent: commands the workflow runs inline add events that it reacts to in the next round.
            for (var round = 0; round < MaxRounds; round++)
            {
                var inputs = new List<WorkflowInput>();
                if (pendingTimer is not null)
                {
                    inputs.Add(pendingTimer);
                    pendingTimer = null;
                }

                inputs.AddRange((await complaints.GetEventsAsync(id, state.LastVersion, cancellationToken))
                    .Select(e => new WorkflowInput.EventRecorded(e.Event, e.Version)));
                if (inputs.Count == 0)
                {
                    break;
                }

                var now = clock.GetUtcNow();
                var toRun = new List<WorkflowAction>();
                var toArm = new List<WorkflowTimer>();
                foreach (var input in inputs)
                {
                    var reaction = ComplaintWorkflow.React(state, input, now);
                    state = reaction.State;
                    toRun.AddRange(reaction.Actions);
                    toArm.AddRange(reaction.Timers);
                }

                reacted += inputs.Count;
                Log.Reacted(logger, id.Value, inputs.Count, toRun.Count, toArm.Count);
                foreach (var timerToArm in toArm)
                {
                    await timers.ArmAsync(id, timerToArm, now, cancellationToken);
                }

                foreach (var action in toRun)
                {
                    await actions.RunAsync(id, action, cancellationToken);
                }

                if (toRun.Count == 0)
                {
                    break;
                }
            }

            if (record is null && state.LastVersion == 0)
            {
                return; // A nudge for a complaint that does not exist (yet): nothing to keep.
            }

            if (reacted == 0 && record is not null)
            {
                return; // Nothing new: a duplicate nudge.
            }

            var stored = await complaints.GetAsync(id, cancellationToken);
            var projected = stored is null
                ? record?.ProjectedRows ?? new Dictionary<string, string>()
                : await projector.ProjectAsync(stored.State, record?.ProjectedRows ?? new Dictionary<string, string>(), cancellationToken);
            if (await workflows.TrySaveAsync(new WorkflowRecord(state, projected, record?.ETag), cancellationToken))
            {
                if (record?.State.Deadline is { } previous && previous != state.Deadline)
                {
                    await timers.DisarmAsync(id, previous, clock.GetUtcNow(), cancellationToken);
                }

                return;
            }

            Log.WorkflowRace(logger, id.Value, attempt);
        }

        throw new InvalidOperationException($"The workflow row of {id} kept moving; the message will be retried.");
    }
}
