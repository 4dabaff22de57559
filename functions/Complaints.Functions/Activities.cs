using Complaints.Pipeline.Webhooks;
using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>The activity triggers: each forwards to the shared activity of the same name.</summary>
public sealed class Activities(LoadComplaintEvents load, RunWorkflowAction run, NotifyOperators notify, DeliverWebhook deliver, GiveUpWebhookDelivery giveUp)
{
    [Function(LoadComplaintEvents.Name)]
    public Task<RecordedEventEnvelope[]> LoadAsync([ActivityTrigger] LoadEventsInput input, CancellationToken cancellationToken) =>
        load.RunAsync(input, cancellationToken);

    [Function(RunWorkflowAction.Name)]
    public Task<RecordedEventEnvelope[]?> RunAsync([ActivityTrigger] RunActionInput input, CancellationToken cancellationToken) =>
        run.RunAsync(input, cancellationToken);

    [Function(NotifyOperators.Name)]
    public Task<WebhookDeliveryRef[]> NotifyAsync([ActivityTrigger] NotifyOperatorsInput input, CancellationToken cancellationToken) =>
        notify.RunAsync(input, cancellationToken);

    [Function(DeliverWebhook.Name)]
    public Task<bool> DeliverAsync([ActivityTrigger] WebhookDeliveryRef input, CancellationToken cancellationToken) =>
        deliver.RunAsync(input, cancellationToken);

    [Function(GiveUpWebhookDelivery.Name)]
    public Task<bool> GiveUpAsync([ActivityTrigger] WebhookDeliveryRef input, CancellationToken cancellationToken) =>
        giveUp.RunAsync(input, cancellationToken);
}
