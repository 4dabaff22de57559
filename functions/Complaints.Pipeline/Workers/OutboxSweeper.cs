using Complaints.Core.Ports;
using Complaints.Storage.Stores;
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
    : PeriodicSweep(clock)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task SweepAsync(CancellationToken cancellationToken) => SweepOnceAsync(cancellationToken);

    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var id in await complaints.FindStaleOutboxesAsync(options.Value.SweepAge, cancellationToken))
            {
                await complaints.FlushOutboxAsync(id, cancellationToken);
                Log.OutboxSwept(logger, id.Value);
            }

            foreach (var shard in await intake.StaleShardsAsync(options.Value.SweepAge, Clock.GetUtcNow(), cancellationToken))
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
