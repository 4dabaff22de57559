using Complaints.Pipeline.Durable;
using Complaints.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Complaints.Functions;

/// <summary>Starting and nudging the per-complaint orchestration from the queue triggers (Durable client side).</summary>
internal static class ComplaintOrchestrations
{
    /// <summary>
    /// Starts the orchestration unless an instance with this id exists in any state. Scheduling over an existing
    /// instance either throws (Pending/Running) or silently replaces it (Completed/Failed/Terminated), so look first,
    /// and treat losing a race with another delivery of the same message as success.
    /// </summary>
    public static async Task EnsureStartedAsync(DurableTaskClient client, string complaintId, ILogger logger, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(complaintId, getInputsAndOutputs: false, cancellation: cancellationToken) is not null)
        {
            FunctionsLog.AlreadyStarted(logger, complaintId);
            return;
        }

        await StartAsync(client, complaintId, logger, cancellationToken);
    }

    /// <summary>
    /// Tells the orchestration that its complaint changed. The event is only a nudge: the orchestration reads the
    /// events from the store by version, so a lost or repeated nudge is harmless.
    /// <list type="bullet">
    /// <item>no instance (the intake message is late or was lost): start it;</item>
    /// <item>completed (disclosure drafted): project the later events without it (publication, evaluation);
    /// if its saved workflow is not complete, start it again (a completed instance is replaced);</item>
    /// <item>failed or terminated: left to the operator (rewind or restart it); logged;</item>
    /// <item>otherwise: raise the event.</item>
    /// </list>
    /// </summary>
    public static async Task NudgeAsync(
        DurableTaskClient client,
        DurableWorkflowActivities workflows,
        string complaintId,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(complaintId, getInputsAndOutputs: false, cancellation: cancellationToken);
        if (instance is null)
        {
            await StartAsync(client, complaintId, logger, cancellationToken);
        }
        else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            if (!await workflows.CatchUpCompletedAsync(complaintId, cancellationToken))
            {
                await StartAsync(client, complaintId, logger, cancellationToken);
            }
        }
        else if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            FunctionsLog.NudgeNotDelivered(logger, complaintId, instance.RuntimeStatus.ToString());
        }
        else
        {
            await client.RaiseEventAsync(complaintId, DurableWorkflowStep.ChangedEvent, eventPayload: QueueMessages.ChangedKind, cancellation: cancellationToken);
        }
    }

    private static async Task StartAsync(DurableTaskClient client, string complaintId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ComplaintOrchestrator),
                input: null,
                options: new StartOrchestrationOptions(complaintId),
                cancellation: cancellationToken);
            FunctionsLog.Started(logger, complaintId);
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            // OrchestrationAlreadyExistsException derives from InvalidOperationException: another delivery won the race.
            if (await client.GetInstanceAsync(complaintId, getInputsAndOutputs: false, cancellation: cancellationToken) is null)
            {
                throw;
            }

            FunctionsLog.AlreadyStarted(logger, complaintId);
        }
    }
}
