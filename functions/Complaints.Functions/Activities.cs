using Complaints.Pipeline.Durable;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>The orchestrator's activities: each hands off in one line to <see cref="DurableWorkflowActivities"/>.</summary>
public sealed class Activities(DurableWorkflowActivities workflow)
{
    [Function(nameof(LoadComplaintEvents))]
    public Task<RecordedEventEnvelope[]> LoadComplaintEvents([ActivityTrigger] LoadEventsRequest request, CancellationToken cancellationToken) =>
        workflow.LoadEventsAsync(request.ComplaintId, request.AfterVersion, cancellationToken);

    [Function(nameof(RunWorkflowAction))]
    public Task RunWorkflowAction([ActivityTrigger] RunActionRequest request, CancellationToken cancellationToken) =>
        workflow.RunActionAsync(request.ComplaintId, request.Action, cancellationToken);

    [Function(nameof(ProjectComplaint))]
    public Task ProjectComplaint([ActivityTrigger] ProjectRequest request, CancellationToken cancellationToken) =>
        workflow.ProjectAsync(request.ComplaintId, request.State, cancellationToken);
}
