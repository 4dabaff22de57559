using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>The activity triggers: each forwards to the shared activity of the same name.</summary>
public sealed class Activities(LoadComplaintEvents load, RunWorkflowAction run)
{
    [Function(LoadComplaintEvents.Name)]
    public Task<RecordedEventEnvelope[]> LoadAsync([ActivityTrigger] LoadEventsInput input, CancellationToken cancellationToken) =>
        load.RunAsync(input, cancellationToken);

    [Function(RunWorkflowAction.Name)]
    public Task<RecordedEventEnvelope[]?> RunAsync([ActivityTrigger] RunActionInput input, CancellationToken cancellationToken) =>
        run.RunAsync(input, cancellationToken);
}
