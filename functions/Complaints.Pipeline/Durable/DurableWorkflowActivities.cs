using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Stages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Durable;

/// <summary>
/// What the Durable orchestrator's activities do, one method per activity, over the same stores and stage handlers
/// the local process manager uses. Every method is idempotent: Durable runs an activity at least once.
/// <para>
/// The read-model fingerprints (which rows the projection last wrote) live in the complaint's row of the workflows
/// table, guarded by its ETag, as in the local runtime. The orchestration keeps only the workflow state. That way a
/// complaint whose orchestration has completed (disclosure drafted) still gets its later events projected (the
/// regulator publishes the disclosure, the consumer rates the handling): <see cref="CatchUpCompletedAsync"/>.
/// </para>
/// </summary>
public sealed class DurableWorkflowActivities(
    IComplaintStore complaints,
    IWorkflowStore workflows,
    WorkflowActionRunner actions,
    Projector projector,
    TimeProvider clock,
    ILogger<DurableWorkflowActivities> logger)
{
    private const int MaxSaveAttempts = 8;

    /// <summary>The complaint's events after <paramref name="afterVersion"/>, in order, without their free text.</summary>
    public async Task<RecordedEventEnvelope[]> LoadEventsAsync(string complaintId, long afterVersion, CancellationToken cancellationToken)
    {
        var events = await complaints.GetEventsAsync(IdOf(complaintId), afterVersion, cancellationToken);
        return events.Select(WorkflowEnvelopes.ToWorkflowEnvelope).ToArray();
    }

    /// <summary>Runs one workflow action through <see cref="WorkflowActionRunner"/> (commands, payout and disclosure messages).</summary>
    public Task RunActionAsync(string complaintId, WorkflowActionEnvelope action, CancellationToken cancellationToken) =>
        actions.RunAsync(IdOf(complaintId), WorkflowEnvelopes.FromEnvelope(action), cancellationToken);

    /// <summary>Brings the read models up to the complaint's current state and saves <paramref name="state"/> with the fingerprints.</summary>
    public Task ProjectAsync(string complaintId, string state, CancellationToken cancellationToken) =>
        ProjectAsync(IdOf(complaintId), WorkflowEnvelopes.DeserializeState(state), cancellationToken);

    /// <summary>
    /// For a nudge that arrives after the orchestration completed: folds the new events into the saved (completed)
    /// workflow state and projects them. Returns <c>false</c>, doing nothing, when the saved state is not completed.
    /// </summary>
    public async Task<bool> CatchUpCompletedAsync(string complaintId, CancellationToken cancellationToken)
    {
        var id = IdOf(complaintId);
        var record = await workflows.GetAsync(id, cancellationToken);
        if (record is not { State.Completed: true })
        {
            DurableLog.NotCompleted(logger, id.Value);
            return false;
        }

        var events = await complaints.GetEventsAsync(id, record.State.LastVersion, cancellationToken);
        if (events.Count == 0)
        {
            return true;
        }

        var step = DurableWorkflowStep.Fold(
            record.State,
            events.Select(e => (WorkflowInput)new WorkflowInput.EventRecorded(e.Event, e.Version)),
            clock.GetUtcNow());
        foreach (var action in step.Actions)
        {
            await RunActionAsync(id.Value, action, cancellationToken); // None after completion today; idempotent if ever.
        }

        await ProjectAsync(id, step.State, cancellationToken);
        DurableLog.CaughtUp(logger, id.Value, events.Count);
        return true;
    }

    private async Task ProjectAsync(ComplaintId id, WorkflowState state, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            var record = await workflows.GetAsync(id, cancellationToken);
            var stored = await complaints.GetAsync(id, cancellationToken);
            if (stored is null)
            {
                return; // Nothing filed under this id: nothing to show.
            }

            var previous = record?.ProjectedRows ?? new Dictionary<string, string>();
            var projected = await projector.ProjectAsync(stored.State, previous, cancellationToken);
            var latest = record is not null && record.State.LastVersion > state.LastVersion ? record.State : state;
            if (await workflows.TrySaveAsync(new WorkflowRecord(latest, projected, record?.ETag), cancellationToken))
            {
                return;
            }

            DurableLog.WorkflowRowRace(logger, id.Value, attempt);
        }

        throw new InvalidOperationException($"The workflow row of {id} kept moving; the activity will be retried.");
    }

    private static ComplaintId IdOf(string complaintId)
    {
        ArgumentException.ThrowIfNullOrEmpty(complaintId);
        return new ComplaintId(complaintId);
    }
}

public static class DurableWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DurableWorkflowActivities"/> for the Azure host. Call after
    /// <see cref="PipelineServiceCollectionExtensions.AddComplaintPipeline"/>, which registers what it uses.
    /// </summary>
    public static IServiceCollection AddDurableWorkflowActivities(this IServiceCollection services)
    {
        services.TryAddSingleton<DurableWorkflowActivities>();
        return services;
    }
}

/// <summary>Source-generated log messages of the Durable runtime's shared code. Ids and counts only.</summary>
internal static partial class DurableLog
{
    [LoggerMessage(1101, LogLevel.Debug, "Workflow row of {ComplaintId} moved under the projection; retrying (attempt {Attempt})")]
    public static partial void WorkflowRowRace(ILogger logger, string complaintId, int attempt);

    [LoggerMessage(1102, LogLevel.Information, "Completed workflow of {ComplaintId} caught up with {Count} events")]
    public static partial void CaughtUp(ILogger logger, string complaintId, int count);

    [LoggerMessage(1103, LogLevel.Warning, "Nudge for {ComplaintId} after its orchestration ended, but its saved workflow is not complete; ignored")]
    public static partial void NotCompleted(ILogger logger, string complaintId);
}
