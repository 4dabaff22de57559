using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Microsoft.DurableTask;

namespace Complaints.Workflow;

// The orchestration's activities. Each is at least once (a crash or a lost lease runs it again), so each is
// idempotent, keyed by what its input names: reading is harmless, a repeated command is a no-op for the decider
// (or refused, and the orchestration reads the events instead), a repeated stage message is handled once by the
// stage (payout id, disclosure id), and the projection writes only what differs from the stored rows.
// RunAsync(input, cancellationToken) is what the Functions app's [ActivityTrigger] shells call; the Durable Task
// Framework calls the TaskActivity override.

/// <summary>The complaint's events after a version, in order, without the free text people wrote.</summary>
public sealed class LoadComplaintEvents(IComplaintStore complaints) : TaskActivity<LoadEventsInput, RecordedEventEnvelope[]>
{
    public const string Name = nameof(LoadComplaintEvents);

    public override Task<RecordedEventEnvelope[]> RunAsync(TaskActivityContext context, LoadEventsInput input) => RunAsync(input, CancellationToken.None);

    public async Task<RecordedEventEnvelope[]> RunAsync(LoadEventsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var events = await complaints.GetEventsAsync(new ComplaintId(input.ComplaintId), input.AfterVersion, cancellationToken);
        return [.. events.Select(WorkflowEnvelopes.ToWorkflowEnvelope)];
    }
}

/// <summary>
/// Carries out one workflow action (<see cref="WorkflowActionRunner"/>): a command on the complaint, or a message to
/// the payouts or disclosures stage. Returns the events a command recorded (so the orchestration need not read them
/// back), or <c>null</c> for a stage message and for a command the rules refused.
/// </summary>
public sealed class RunWorkflowAction(WorkflowActionRunner runner) : TaskActivity<RunActionInput, RecordedEventEnvelope[]?>
{
    public const string Name = nameof(RunWorkflowAction);

    public override Task<RecordedEventEnvelope[]?> RunAsync(TaskActivityContext context, RunActionInput input) => RunAsync(input, CancellationToken.None);

    public async Task<RecordedEventEnvelope[]?> RunAsync(RunActionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await runner.RunAsync(new ComplaintId(input.ComplaintId), WorkflowEnvelopes.FromEnvelope(input.Action), cancellationToken);
        if (outcome is null)
        {
            return null;
        }

        var first = outcome.State.Version - outcome.NewEvents.Count + 1;
        return [.. outcome.NewEvents.Select((e, i) => WorkflowEnvelopes.ToWorkflowEnvelope(new RecordedEvent(first + i, e)))];
    }
}

/// <summary>Brings the complaint's read models up to its stored state (<see cref="ComplaintProjection"/>).</summary>
public sealed class ProjectComplaint(ComplaintProjection projection) : TaskActivity<ProjectInput, bool>
{
    public const string Name = nameof(ProjectComplaint);

    public override Task<bool> RunAsync(TaskActivityContext context, ProjectInput input) => RunAsync(input, CancellationToken.None);

    public Task<bool> RunAsync(ProjectInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return projection.ProjectAsync(new ComplaintId(input.ComplaintId), cancellationToken);
    }
}
