using Complaints.Core.Ports;
using Complaints.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Workers;

/// <summary>
/// Finishes what a crash (or a failed send) left undelivered: every few seconds it flushes the outboxes marked in
/// the outbox index longer ago than the sweep age (at least once), and rings the intake doorbell for shards of the
/// intake table holding a filing older than the sweep age.
/// </summary>
public sealed class OutboxSweeper(
    IComplaintStore complaints,
    IntakeStore intake,
    IntakeDoorbell doorbell,
    IOptions<QueueWorkerOptions> options,
    TimeProvider clock,
    ILogger<OutboxSweeper> logger)
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

            foreach (var shard in await intake.StaleShardsAsync(options.Value.SweepAge, clock.GetUtcNow(), cancellationToken))
            {
                await doorbell.RingAsync(shard);
                Log.IntakeSwept(logger, shard);
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
