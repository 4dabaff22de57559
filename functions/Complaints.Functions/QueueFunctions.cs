using Complaints.Pipeline;
using Complaints.Pipeline.Durable;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Complaints.Functions;

/// <summary>
/// One queue trigger per pipeline queue (<see cref="StorageNames.Queues"/>, no prefix in Azure). A message that keeps
/// failing goes to <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (host.json). Bodies carry ids only.
/// </summary>
public sealed class QueueFunctions(StageDispatcher stages, StorageNames names, IntakeStage intake, DurableWorkflowActivities workflows, ILogger<QueueFunctions> logger)
{
    /// <summary>
    /// Filings wait in the intake table (the doorbell names the shards): record each complaint and start its
    /// orchestration (instance id = complaint id; an existing instance is not an error), as the shared intake stage does.
    /// </summary>
    [Function(nameof(ComplaintIntake))]
    public Task ComplaintIntake([QueueTrigger("complaint-intake")] string message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        intake.HandleAsync(QueueMessages.Read(message), (id, _, ct) => ComplaintOrchestrations.EnsureStartedAsync(client, id.Value, logger, ct), cancellationToken);

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
