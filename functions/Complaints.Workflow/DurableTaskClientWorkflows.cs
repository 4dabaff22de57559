using Complaints.Core;
using Complaints.Pipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Workflow;

/// <summary>
/// <see cref="IComplaintWorkflows"/> over <see cref="DurableTaskClient"/>: the Azure Functions app (the client comes
/// from <c>[DurableClient]</c> per invocation) and the in-memory Durable test host.
/// </summary>
public sealed class DurableTaskClientWorkflows(DurableTaskClient client, IOptions<WorkflowOptions> options, ILogger logger) : IComplaintWorkflows
{
    public async Task StartAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        // Scheduling over an existing instance throws (pending, running) or replaces it (completed, failed), so look
        // first, and treat losing a race with another start of the same id as success.
        if (await client.GetInstanceAsync(id.Value, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            WorkflowLog.AlreadyStarted(logger, id.Value);
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                ComplaintOrchestration.Name,
                options.Value.FirstInput(),
                new StartOrchestrationOptions(id.Value),
                cancellationToken);
            WorkflowLog.Started(logger, id.Value);
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            // OrchestrationAlreadyExistsException derives from InvalidOperationException.
            if (await client.GetInstanceAsync(id.Value, getInputsAndOutputs: false, cancellationToken) is null)
            {
                throw;
            }

            WorkflowLog.AlreadyStarted(logger, id.Value);
        }
    }

    public Task NotifyAsync(ComplaintId id, long version, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(id.Value, ComplaintOrchestration.ChangedEvent, version, cancellationToken);

    public async Task<WorkflowInstance?> GetAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(id.Value, getInputsAndOutputs: true, cancellationToken);
        return metadata is null
            ? null
            : WorkflowInstance.Reported(metadata.InstanceId, Map(metadata.RuntimeStatus), metadata.CreatedAt, metadata.LastUpdatedAt, metadata.SerializedCustomStatus);
    }

    public async Task<IReadOnlyList<WorkflowHistoryEntry>?> GetHistoryAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        try
        {
            return WorkflowHistory.From(await client.GetOrchestrationHistoryAsync(id.Value, cancellationToken));
        }
        catch (NotSupportedException)
        {
            return null; // This client cannot read history (the engine still has it).
        }
        catch (ArgumentException)
        {
            return null; // No such instance.
        }
    }

    public async Task<int> PurgeCompletedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UnixEpoch, CreatedTo: startedBefore, Statuses: [OrchestrationRuntimeStatus.Completed]),
            cancellationToken);
        return result.PurgedInstanceCount;
    }

    private static WorkflowRuntimeStatus Map(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running => WorkflowRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => WorkflowRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Suspended => WorkflowRuntimeStatus.Suspended,
        _ => WorkflowRuntimeStatus.Unknown,
    };
}
