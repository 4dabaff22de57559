using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// Carries out what the workflow asks for: commands go to the complaint aggregate, payouts and disclosure drafts
/// go to their stage queues. Every action is idempotent, so a retried reaction may run it again safely.
/// </summary>
public sealed class WorkflowActionRunner(IComplaintStore complaints, IQueueGateway queues, StorageNames names, ILogger<WorkflowActionRunner> logger)
{
    /// <returns>
    /// What a command recorded (so the caller can react to it without reading it back); <c>null</c> for other
    /// actions and for a command the rules refused.
    /// </returns>
    public async Task<CommandOutcome?> RunAsync(ComplaintId id, WorkflowAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        switch (action)
        {
            case WorkflowAction.Execute execute:
                try
                {
                    return await complaints.ExecuteForWorkflowAsync(id, execute.Command, cancellationToken);
                }
                catch (ComplaintRuleViolation e)
                {
                    // The complaint moved on meanwhile (say the consumer withdrew); the workflow follows the new events.
                    Log.WorkflowCommandRefused(logger, execute.Command.GetType().Name, id.Value, e.Kind.ToString());
                    return null;
                }

            case WorkflowAction.RunPayout payout:
                await queues.SendAsync(names.PayoutsQueue, QueueMessages.Payout(id, payout.PayoutId), null, cancellationToken);
                return null;
            case WorkflowAction.DraftDisclosure:
                await queues.SendAsync(names.DisclosuresQueue, QueueMessages.Disclosure(id), null, cancellationToken);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action.GetType().Name, "unknown workflow action");
        }
    }
}
