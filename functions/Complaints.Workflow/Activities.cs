using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Webhooks;
using Microsoft.DurableTask;

namespace Complaints.Workflow;

// The orchestration's activities. Each is at least once (a crash or a lost lease runs it again), so each is
// idempotent, keyed by what its input names: reading is harmless, a repeated command is a no-op for the decider
// (or refused, and the orchestration reads the events instead), a repeated stage message is handled once by the
// stage (payout id, disclosure id), and the projection writes only what differs from the stored rows.
// The projection rides along with the activity that ends a step (no activity of its own: one activity round trip
// on the Azure Storage provider costs more storage operations than the projection's two point reads).
// RunAsync(input, cancellationToken) is what the Functions app's [ActivityTrigger] shells call; the Durable Task
// Framework calls the TaskActivity override.

/// <summary>
/// The complaint's events after a version, in order, without the free text people wrote; asked to, it also projects
/// the state they lead to (the step that reads them may ask for nothing more).
/// </summary>
public sealed class LoadComplaintEvents(IComplaintStore complaints, ComplaintProjection projection) : TaskActivity<LoadEventsInput, RecordedEventEnvelope[]>
{
    public const string Name = nameof(LoadComplaintEvents);

    public override Task<RecordedEventEnvelope[]> RunAsync(TaskActivityContext context, LoadEventsInput input) => RunAsync(input, CancellationToken.None);

    public async Task<RecordedEventEnvelope[]> RunAsync(LoadEventsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = new ComplaintId(input.ComplaintId);
        var events = await complaints.GetEventsAsync(id, input.AfterVersion, cancellationToken);
        if (input.Project && events.Count > 0)
        {
            await projection.ProjectAsync(id, cancellationToken);
        }

        return [.. events.Select(WorkflowEnvelopes.ToWorkflowEnvelope)];
    }
}

/// <summary>
/// Carries out one workflow action (<see cref="WorkflowActionRunner"/>): a command on the complaint, or a message to
/// the payouts or disclosures stage. Returns the events a command recorded (so the orchestration need not read them
/// back), or <c>null</c> for a stage message and for a command the rules refused. Asked to, it then projects.
/// </summary>
public sealed class RunWorkflowAction(WorkflowActionRunner runner, ComplaintProjection projection) : TaskActivity<RunActionInput, RecordedEventEnvelope[]?>
{
    public const string Name = nameof(RunWorkflowAction);

    public override Task<RecordedEventEnvelope[]?> RunAsync(TaskActivityContext context, RunActionInput input) => RunAsync(input, CancellationToken.None);

    public async Task<RecordedEventEnvelope[]?> RunAsync(RunActionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = new ComplaintId(input.ComplaintId);
        var outcome = await runner.RunAsync(id, WorkflowEnvelopes.FromEnvelope(input.Action), cancellationToken);
        if (input.Project)
        {
            await projection.ProjectAsync(id, cancellationToken);
        }

        if (outcome is null)
        {
            return null;
        }

        var first = outcome.State.Version - outcome.NewEvents.Count + 1;
        return [.. outcome.NewEvents.Select((e, i) => WorkflowEnvelopes.ToWorkflowEnvelope(new RecordedEvent(first + i, e)))];
    }
}

/// <summary>
/// Plans the webhook deliveries of the notices a wake-up found (<see cref="WebhookNotifier"/>): one row per party with a
/// webhook, inserted once, so a repeated run plans the same deliveries. Returns them for the orchestration to deliver.
/// </summary>
public sealed class NotifyOperators(WebhookNotifier notifier) : TaskActivity<NotifyOperatorsInput, WebhookDeliveryRef[]>
{
    public const string Name = nameof(NotifyOperators);

    public override Task<WebhookDeliveryRef[]> RunAsync(TaskActivityContext context, NotifyOperatorsInput input) => RunAsync(input, CancellationToken.None);

    public async Task<WebhookDeliveryRef[]> RunAsync(NotifyOperatorsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return [.. await notifier.PlanAsync(new ComplaintId(input.ComplaintId), input.Notices ?? [], cancellationToken)];
    }
}

/// <summary>
/// One attempt at a webhook delivery (<see cref="WebhookSender"/>). A failure that may pass throws
/// <see cref="WebhookDeliveryFailedException"/>, so the orchestration's Durable retry policy tries again after its
/// back-off; a delivery that is over (delivered, given up, refused address, unregistered) returns.
/// </summary>
public sealed class DeliverWebhook(WebhookSender sender) : TaskActivity<WebhookDeliveryRef, bool>
{
    public const string Name = nameof(DeliverWebhook);

    public override Task<bool> RunAsync(TaskActivityContext context, WebhookDeliveryRef input) => RunAsync(input, CancellationToken.None);

    /// <returns>Whether the delivery got through.</returns>
    public async Task<bool> RunAsync(WebhookDeliveryRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await sender.DeliverAsync(input, cancellationToken) switch
        {
            WebhookAttemptResult.Retry => throw new WebhookDeliveryFailedException(),
            var result => result == WebhookAttemptResult.Delivered,
        };
    }
}

/// <summary>The retries of a delivery ran out: it is recorded as failed, for the party to see.</summary>
public sealed class GiveUpWebhookDelivery(WebhookSender sender) : TaskActivity<WebhookDeliveryRef, bool>
{
    public const string Name = nameof(GiveUpWebhookDelivery);

    public override Task<bool> RunAsync(TaskActivityContext context, WebhookDeliveryRef input) => RunAsync(input, CancellationToken.None);

    public async Task<bool> RunAsync(WebhookDeliveryRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await sender.GiveUpAsync(input, cancellationToken);
        return true;
    }
}

/// <summary>A delivery attempt failed in a way that may pass (the error code is on the delivery's record).</summary>
public sealed class WebhookDeliveryFailedException : Exception
{
    public WebhookDeliveryFailedException() : base("The webhook delivery attempt failed; see the delivery's last error.") { }

    public WebhookDeliveryFailedException(string message) : base(message) { }

    public WebhookDeliveryFailedException(string message, Exception inner) : base(message, inner) { }
}
