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

    public Task HandleAsync(QueueMessageBody message, CancellationToken cancellationToken) => HandleAsync(message, null, cancellationToken);

    /// <param name="message">The nudge, timer or intake message.</param>
    /// <param name="recorded">
    /// Events the caller has just recorded for a complaint this workflow has not seen yet (the intake stage's Filed
    /// event): reacted to without reading them back. Ignored unless they start where the workflow stands.
    /// </param>
    /// <param name="cancellationToken">Stops the handling.</param>
    public async Task HandleAsync(QueueMessageBody message, IReadOnlyList<RecordedEvent>? recorded, CancellationToken cancellationToken)
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
            IReadOnlyList<RecordedEvent>? recordedByUs =
                attempt == 1 && recorded is { Count: > 0 } && recorded[0].Version == state.LastVersion + 1 ? recorded : null;

            // React until quiescent: commands the workflow runs inline add events that it reacts to in the next round.
            // When those events follow on from what it has seen without a gap, it takes them from the commands'
            // outcomes instead of reading them back; events others add meanwhile come with their own nudges.
            for (var round = 0; round < MaxRounds; round++)
            {
                var inputs = new List<WorkflowInput>();
                if (pendingTimer is not null)
                {
                    inputs.Add(pendingTimer);
                    pendingTimer = null;
                }

                inputs.AddRange((recordedByUs ?? await complaints.GetEventsAsync(id, state.LastVersion, cancellationToken))
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

                var ours = new List<RecordedEvent>();
                var followsOn = true;
                foreach (var action in toRun)
                {
                    var outcome = await actions.RunAsync(id, action, cancellationToken);
                    if (action is WorkflowAction.Execute)
                    {
                        followsOn &= outcome is not null && Append(ours, outcome, state.LastVersion);
                    }
                }

                recordedByUs = followsOn ? ours : null;
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

    /// <summary>Adds a command's events if they follow on from <paramref name="seen"/> and those already added; else <c>false</c>.</summary>
    private static bool Append(List<RecordedEvent> recorded, CommandOutcome outcome, long seen)
    {
        var count = outcome.NewEvents.Count;
        var first = outcome.State.Version - count + 1;
        var expected = (recorded.Count > 0 ? recorded[^1].Version : seen) + 1;
        if (count > 0 && first != expected)
        {
            return false;
        }

        recorded.AddRange(outcome.NewEvents.Select((e, i) => new RecordedEvent(first + i, e)));
        return true;
    }
}
