using Complaints.Pipeline.Webhooks;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Complaints.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The activities and options both hosts register (call after <c>AddComplaintPipeline</c>).</summary>
    public static IServiceCollection AddComplaintWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section))
            .Configure<IOptions<WebhookOptions>>((workflow, webhooks) => workflow.Webhooks = webhooks.Value)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LoadComplaintEvents>();
        services.TryAddSingleton<RunWorkflowAction>();
        services.TryAddSingleton<NotifyOperators>();
        services.TryAddSingleton<DeliverWebhook>();
        services.TryAddSingleton<GiveUpWebhookDelivery>();
        services.TryAddSingleton<WorkflowHistoryPurge>();
        return services;
    }

    /// <summary>The orchestration and every activity by name, for an engine that registers them itself (the local host, tests).</summary>
    public static IReadOnlyList<(TaskName Name, Type Type)> Activities { get; } =
    [
        (LoadComplaintEvents.Name, typeof(LoadComplaintEvents)),
        (RunWorkflowAction.Name, typeof(RunWorkflowAction)),
        (NotifyOperators.Name, typeof(NotifyOperators)),
        (DeliverWebhook.Name, typeof(DeliverWebhook)),
        (GiveUpWebhookDelivery.Name, typeof(GiveUpWebhookDelivery)),
    ];
}
