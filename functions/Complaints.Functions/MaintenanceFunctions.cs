using Complaints.Pipeline.Workers;
using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Functions;

/// <summary>
/// Finishes outboxes that a crash left between commit and send, and deletes attachment blobs no event records (the
/// local host runs the same sweepers as hosted services). The outbox sweep runs every 15 seconds and only touches
/// complaints marked longer ago than its sweep age; the attachment sweep every 15 minutes, on blobs older than the
/// orphan age, and erasing the attachments of complaints that ended longer than the retention ago; the workflow
/// history purge hourly, on orchestrations that completed longer than <c>Complaints:Workflow:HistoryRetention</c> ago.
/// </summary>
public sealed class MaintenanceFunctions(
    OutboxSweeper sweeper,
    AttachmentSweeper attachments,
    WorkflowHistoryPurge purge,
    IOptions<WorkflowOptions> workflow,
    ILogger<MaintenanceFunctions> logger)
{
    [Function(nameof(SweepOutboxes))]
    public Task SweepOutboxes([TimerTrigger("*/15 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepOnceAsync(cancellationToken);

    [Function(nameof(SweepAttachments))]
    public Task SweepAttachments([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        attachments.SweepOnceAsync(cancellationToken);

    /// <summary>Deletes the engine's status and history of orchestrations that completed longer than the retention ago.</summary>
    [Function(nameof(PurgeWorkflowHistory))]
    public Task PurgeWorkflowHistory(
        [TimerTrigger("0 7 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        purge.PurgeOnceAsync(new DurableTaskClientWorkflows(client, workflow, logger), cancellationToken);
}
