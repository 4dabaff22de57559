using System.Collections.Concurrent;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage;
using Complaints.Storage.Stores;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// Starts a complaint's workflow: the local process manager, or a Durable orchestration in Azure.
/// <paramref name="recorded"/> holds the events the intake stage has just recorded (none if the complaint was
/// recorded before), which the process manager reacts to without reading them back.
/// </summary>
public delegate Task WorkflowStarter(ComplaintId id, IReadOnlyList<RecordedEvent> recorded, CancellationToken cancellationToken);

/// <summary>
/// The intake stage, shared by both hosts. A doorbell on <c>complaint-intake</c> names shards of the intake table;
/// for each waiting filing it records the complaint, starts its workflow and only then removes the filing, so a
/// crash at any point repeats harmless steps and loses nothing. A message naming one complaint (as the outbox used
/// to send) starts that complaint's workflow. Within a process one handler works a shard at a time, so doorbells
/// that overlap do not record the same filings twice over, and at most <see cref="Parallelism"/> filings are worked
/// at once across all handlers: a burst of filings waits in the intake table instead of crowding the storage the
/// API needs to accept more (load levelling; the stage needs a few milliseconds per filing, far above the rate at
/// which complaints are worked through to the end).
/// </summary>
public sealed class IntakeStage(ComplaintStore complaints, IntakeStore intake, IntakeDoorbell doorbell) : IDisposable
{
    /// <summary>Filings taken from a shard per doorbell; more waiting rings the doorbell again.</summary>
    public const int FilingsPerShardVisit = 32;

    /// <summary>Filings worked side by side in this process, over all shards and doorbells.</summary>
    public const int Parallelism = 4;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _shardLocks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(Parallelism, Parallelism);

    public void Dispose()
    {
        _slots.Dispose();
        foreach (var gate in _shardLocks.Values)
        {
            gate.Dispose();
        }
    }

    public async Task HandleAsync(QueueMessageBody message, WorkflowStarter start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(start);
        if (!message.IsIntakeDoorbell)
        {
            var id = new ComplaintId(message.ComplaintId);
            await complaints.GetAsync(id, cancellationToken); // records it if its filing still waits
            await start(id, [], cancellationToken);
            return;
        }

        foreach (var shard in message.Shards!.Distinct(StringComparer.Ordinal))
        {
            if (!IntakeStore.AllShards.Contains(shard))
            {
                throw new FormatException($"'{shard}' is not an intake shard.");
            }

            await VisitShardAsync(shard, start, cancellationToken);
        }
    }

    private async Task VisitShardAsync(string shard, WorkflowStarter start, CancellationToken cancellationToken)
    {
        var gate = _shardLocks.GetOrAdd(shard, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        bool more;
        try
        {
            (var filings, more) = await intake.ListAsync(shard, FilingsPerShardVisit, cancellationToken);
            await Task.WhenAll(filings.Select(async filing =>
            {
                await _slots.WaitAsync(cancellationToken);
                try
                {
                    var id = filing.Command.Id;
                    var recorded = await complaints.RecordAsync(filing, cancellationToken);
                    await start(id, recorded, cancellationToken);
                    await intake.RemoveAsync(id, cancellationToken);
                }
                finally
                {
                    _slots.Release();
                }
            }));
        }
        finally
        {
            gate.Release();
        }

        if (more)
        {
            await doorbell.RingAsync(shard);
        }
    }
}
