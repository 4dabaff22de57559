using Complaints.Pipeline.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Workflow;

/// <summary>
/// Keeps the task hub's history to what the retention asks for: every run deletes the orchestrations that completed
/// and whose last generation started more than <see cref="WorkflowOptions.HistoryRetention"/> ago. Both hosts run this
/// one implementation, each with its own <see cref="IComplaintWorkflows"/>: the local host as a hosted service every
/// <see cref="WorkflowOptions.HistoryPurgeInterval"/>, the Functions app from an hourly timer with its Durable client.
/// A complaint whose orchestration was purged still takes its later events (publication, rating): the
/// <c>complaint-events</c> stage projects them itself (see <c>ComplaintEventsStage</c>).
/// </summary>
public sealed partial class WorkflowHistoryPurge(IOptions<WorkflowOptions> options, TimeProvider clock, ILogger<WorkflowHistoryPurge> logger)
{
    /// <summary>One purge; returns how many orchestrations went, or 0 when the engine refused (logged; the next run tries again).</summary>
    public async Task<int> PurgeOnceAsync(IComplaintWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var before = clock.GetUtcNow() - options.Value.HistoryRetention;
        try
        {
            var purged = await workflows.PurgeCompletedAsync(before, cancellationToken);
            if (purged > 0)
            {
                LogPurged(logger, purged, before);
            }

            return purged;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPurgeFailed(logger, e);
            return 0;
        }
    }

    [LoggerMessage(3201, LogLevel.Information, "Purged the history of {Count} completed orchestrations started before {Before:o}")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(3202, LogLevel.Warning, "Purging completed orchestrations failed; the next run tries again")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
