using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Functions;

/// <summary>
/// One queue trigger per pipeline queue (<see cref="StorageNames.Queues"/>, no prefix in Azure), each on the one
/// storage connection the stores use (<see cref="StorageConnection.Name"/>). A message that keeps failing goes to
/// <c>&lt;queue&gt;-poison</c> after <c>maxDequeueCount</c> (host.json). Bodies carry ids only.
/// </summary>
public sealed class QueueFunctions(
    IntakeStage intake,
    ComplaintEventsStage events,
    PayoutHandler payouts,
    DisclosureDraftHandler disclosures,
    IOptions<WorkflowOptions> workflow,
    ILogger<QueueFunctions> logger)
{
    /// <summary>Record the filings waiting in the shards the doorbell names and start each one's orchestration.</summary>
    [Function(nameof(ComplaintIntake))]
    public Task ComplaintIntake(
        [QueueTrigger("complaint-intake", Connection = StorageConnection.Name)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        intake.HandleAsync(QueueMessages.Read(message), Workflows(client), cancellationToken);

    /// <summary>The complaint recorded events: tell its orchestration (or project them, once it has ended).</summary>
    [Function(nameof(ComplaintEvents))]
    public Task ComplaintEvents(
        [QueueTrigger("complaint-events", Connection = StorageConnection.Name)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        events.HandleAsync(QueueMessages.Read(message), Workflows(client), cancellationToken);

    /// <summary>Pay an advance compensation (idempotent on the payout id).</summary>
    [Function(nameof(Payouts))]
    public Task Payouts([QueueTrigger("payouts", Connection = StorageConnection.Name)] string message, CancellationToken cancellationToken) =>
        payouts.HandleAsync(QueueMessages.Read(message), cancellationToken);

    /// <summary>Draft the redacted disclosure record of a closed complaint.</summary>
    [Function(nameof(Disclosures))]
    public Task Disclosures([QueueTrigger("disclosures", Connection = StorageConnection.Name)] string message, CancellationToken cancellationToken) =>
        disclosures.HandleAsync(QueueMessages.Read(message), cancellationToken);

    private DurableTaskClientWorkflows Workflows(DurableTaskClient client) => new(client, workflow, logger);
}
