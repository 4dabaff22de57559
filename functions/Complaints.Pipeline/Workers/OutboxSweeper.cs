using Complaints.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Workers;

/// <summary>
/// Finishes outboxes that a crash left between the commit and the send: every few seconds it looks up the
/// complaints marked in the outbox index longer ago than the sweep age and flushes them (at least once).
/// </summary>
public sealed class OutboxSweeper(IComplaintStore complaints, IOptions<QueueWorkerOptions> options, TimeProvider clock, ILogger<OutboxSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var id in await complaints.FindStaleOutboxesAsync(options.Value.SweepAge, cancellationToken))
            {
                await complaints.FlushOutboxAsync(id, cancellationToken);
                Log.OutboxSwept(logger, id.Value);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping (the legacy SDK reports a cancelled call as a StorageException): not a failed sweep.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SweepFailed(logger, e);
        }
    }
}
