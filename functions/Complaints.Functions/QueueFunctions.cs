using Complaints.Pipeline;
using Complaints.Pipeline.Durable;
using Complaints.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Complaints.Functions;

/// <summary>
/// One queue trigger per pipeline queue (<see cref="StorageNames.Queues"/>, no prefix in Azure). A message that keeps
/// failing goes to <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (host.json). Bodies carry ids only.
/// </summary>
public sealed class QueueFunctions(StageDispatcher stages, StorageNames names, DurableWorkflowActivities workflows, ILogger<QueueFunctions> logger)
{
    /// <summary>A filed complaint: start its orchestration (instance id = complaint id). An existing instance is not an error.</summary>
    [Function(nameof(ComplaintIntake))]
    public Task ComplaintIntake([QueueTrigger("complaint-intake")] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ComplaintOrchestrations.EnsureStartedAsync(client, QueueMessages.Read(message).ComplaintId, logger, cancellationToken);

    /// <summary>The complaint recorded events: nudge its orchestration, which reads them from the store by version.</summary>
    [Function(nameof(ComplaintEvents))]
    public Task ComplaintEvents([QueueTrigger("complaint-events")] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        ComplaintOrchestrations.NudgeAsync(client, workflows, QueueMessages.Read(message).ComplaintId, logger, cancellationToken);

    /// <summary>Pay an advance compensation (idempotent on the payout id).</summary>
    [Function(nameof(Payouts))]
    public Task Payouts([QueueTrigger("payouts")] string message, CancellationToken cancellationToken) =>
        stages.HandleAsync(names.PayoutsQueue, message, cancellationToken);

    /// <summary>Draft the redacted disclosure record of a closed complaint.</summary>
    [Function(nameof(Disclosures))]
    public Task Disclosures([QueueTrigger("disclosures")] string message, CancellationToken cancellationToken) =>
        stages.HandleAsync(names.DisclosuresQueue, message, cancellationToken);
}
