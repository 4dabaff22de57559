using Complaints.Core;
using Complaints.Pipeline.Workflow;
using Complaints.Workflow;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost.Durable;

/// <summary><see cref="IComplaintWorkflows"/> over the Durable Task Framework's <see cref="TaskHubClient"/> (the local host).</summary>
public sealed partial class TaskHubClientWorkflows(DurableTaskFrameworkEngine engine, IOptions<WorkflowOptions> options, ILogger<TaskHubClientWorkflows> logger) : IComplaintWorkflows
{
    /// <summary>Every status: a start never replaces an existing instance, whatever state it is in.</summary>
    private static readonly OrchestrationStatus[] AnyStatus = Enum.GetValues<OrchestrationStatus>();

    public async Task StartAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        try
        {
            await engine.Client.CreateOrchestrationInstanceAsync(
                ComplaintOrchestration.Name,
                version: string.Empty,
                instanceId: id.Value,
                input: options.Value.FirstInput(),
                tags: null,
                dedupeStatuses: AnyStatus);
            LogStarted(logger, id.Value);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            LogAlreadyStarted(logger, id.Value);
        }
    }

    public Task NotifyAsync(ComplaintId id, long version, CancellationToken cancellationToken) =>
        engine.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = id.Value }, ComplaintOrchestration.ChangedEvent, version);

    public async Task<WorkflowInstance?> GetAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var state = await engine.Client.GetOrchestrationStateAsync(id.Value);
        return state is null
            ? null
            : WorkflowInstance.Reported(
                id.Value,
                Map(state.OrchestrationStatus),
                new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
                state.Status);
    }

    public async Task<IReadOnlyList<WorkflowHistoryEntry>?> GetHistoryAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var state = await engine.Client.GetOrchestrationStateAsync(id.Value);
        if (state?.OrchestrationInstance is not { ExecutionId: not null } instance)
        {
            return null;
        }

        return WorkflowHistory.FromJson(await engine.Client.GetOrchestrationHistoryAsync(instance));
    }

    public Task<int> PurgeCompletedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken) =>
        engine.PurgeCompletedAsync(startedBefore.UtcDateTime);

    private static WorkflowRuntimeStatus Map(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Pending => WorkflowRuntimeStatus.Pending,
        OrchestrationStatus.Running => WorkflowRuntimeStatus.Running,
        OrchestrationStatus.Completed => WorkflowRuntimeStatus.Completed,
        OrchestrationStatus.ContinuedAsNew => WorkflowRuntimeStatus.ContinuedAsNew,
        OrchestrationStatus.Failed => WorkflowRuntimeStatus.Failed,
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => WorkflowRuntimeStatus.Terminated,
        OrchestrationStatus.Suspended => WorkflowRuntimeStatus.Suspended,
        _ => WorkflowRuntimeStatus.Unknown,
    };

    [LoggerMessage(3101, LogLevel.Debug, "Orchestration {ComplaintId} started")]
    private static partial void LogStarted(ILogger logger, string complaintId);

    [LoggerMessage(3102, LogLevel.Debug, "Orchestration {ComplaintId} already exists; not started again")]
    private static partial void LogAlreadyStarted(ILogger logger, string complaintId);
}
