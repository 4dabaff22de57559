using Azure.Core;
using Azure.Core.Pipeline;
using Complaints.Pipeline.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Workflow;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost.Durable;

public static class LocalDurableServiceCollectionExtensions
{
    /// <summary>
    /// The local host's workflow engine: the shared orchestration and activities on the Durable Task Framework with the
    /// Azure Storage provider (<see cref="DurableTaskFrameworkEngine"/>), started after the pipeline's own storage is
    /// provisioned, and <see cref="IComplaintWorkflows"/> over its client. Call after <c>AddComplaintPipeline</c>.
    /// </summary>
    public static IServiceCollection AddLocalDurableEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalDurableOptions>()
            .Bind(configuration.GetSection(LocalDurableOptions.Section))
            .PostConfigure<StorageNames>((options, names) =>
            {
                if (string.IsNullOrEmpty(options.TaskHubName))
                {
                    options.TaskHubName = LocalDurableOptions.DefaultTaskHubName + names.Prefix;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddComplaintWorkflow(configuration);
        services.AddSingleton(sp =>
        {
            var counts = sp.GetService<StorageOperationCounts>();
            return new DurableTaskFrameworkEngine(
                sp.GetRequiredService<StorageEndpoints>(),
                sp.GetRequiredService<IOptions<LocalDurableOptions>>().Value,
                [KeyValuePair.Create<string, Func<ITaskOrchestrator>>(ComplaintOrchestration.Name, () => new ComplaintOrchestration())],
                WorkflowServiceCollectionExtensions.Activities.Select(a =>
                    KeyValuePair.Create<string, Func<ITaskActivity>>(a.Name.Name, () => (ITaskActivity)sp.GetRequiredService(a.Type))),
                sp.GetRequiredService<ILoggerFactory>(),
                counts is null ? null : service => new TaskHubRequestCounter(counts, service));
        });
        services.AddSingleton<IComplaintWorkflows, TaskHubClientWorkflows>();
        services.AddHostedService<DurableEngineService>();
        services.AddHostedService<WorkflowHistoryPurgeService>();
        return services;
    }
}

/// <summary>Runs the shared <see cref="WorkflowHistoryPurge"/> every <see cref="WorkflowOptions.HistoryPurgeInterval"/>.</summary>
internal sealed class WorkflowHistoryPurgeService(WorkflowHistoryPurge purge, IComplaintWorkflows workflows, IOptions<WorkflowOptions> options, TimeProvider clock)
    : Complaints.Pipeline.Workers.PeriodicSweep(clock)
{
    protected override TimeSpan Interval => options.Value.HistoryPurgeInterval;

    protected override Task SweepAsync(CancellationToken cancellationToken) => purge.PurgeOnceAsync(workflows, cancellationToken);
}

/// <summary>Starts the engine with the host and stops it first on shutdown (in-flight work is taken again later).</summary>
internal sealed partial class DurableEngineService(DurableTaskFrameworkEngine engine, ILogger<DurableEngineService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopTimedOut(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Durable engine did not stop within the host's shutdown timeout (storage not answering?); its leases expire and its work is taken again by the next worker.")]
    private static partial void LogStopTimedOut(ILogger logger);
}

/// <summary>Counts the task hub's own storage requests (benchmarks: operations per complaint, ours and the engine's).</summary>
internal sealed class TaskHubRequestCounter(StorageOperationCounts counts, string service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        counts.Add($"taskhub.{service}.{message.Request.Method.Method.ToLowerInvariant()}");
    }
}
