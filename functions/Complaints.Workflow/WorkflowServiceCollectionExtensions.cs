using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Complaints.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The activities and options both hosts register (call after <c>AddComplaintPipeline</c>).</summary>
    public static IServiceCollection AddComplaintWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LoadComplaintEvents>();
        services.TryAddSingleton<RunWorkflowAction>();
        return services;
    }

    /// <summary>The orchestration and every activity by name, for an engine that registers them itself (the local host, tests).</summary>
    public static IReadOnlyList<(TaskName Name, Type Type)> Activities { get; } =
    [
        (LoadComplaintEvents.Name, typeof(LoadComplaintEvents)),
        (RunWorkflowAction.Name, typeof(RunWorkflowAction)),
    ];
}
