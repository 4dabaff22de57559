using System.Collections.Concurrent;
using Complaints.Core;
using Complaints.Storage;
using Complaints.Storage.Stores;

namespace Complaints.Pipeline.Stages;

/// <summary>Starts a complaint's workflow: the local process manager, or a Durable orchestration in Azure.</summary>
public delegate Task WorkflowStarter(ComplaintId id, CancellationToken cancellationToken);

/// <summary>
/// The intake stage, shared by both hosts. A doorbell on <c>complaint-intake</c> names shards of the intake table;
/// for each waiting filing it records the complaint, starts its workflow and only then removes the filing, so a
/// crash at any point repeats harmless steps and loses nothing. A message naming one complaint (as the outbox used
/// to send) starts that complaint's workflow. Within a process one handler works a shard at a time, so doorbells
/// that overlap do not record the same filings twice over.
/// </summary>
public sealed class IntakeStage(ComplaintStore complaints, IntakeStore intake, IntakeDoorbell doorbell)
{
    /// <summary>Filings taken from a shard per doorbell; more waiting rings the doorbell again.</summary>
    public const int FilingsPerShardVisit = 32;

    /// <summary>Filings of one shard recorded side by side.</summary>
    public const int Parallelism = 4;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _shardLocks = new(StringComparer.Ordinal);

    public async Task HandleAsync(QueueMessageBody message, WorkflowStarter start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(start);
        if (!message.IsIntakeDoorbell)
        {
            var id = new ComplaintId(message.ComplaintId);
            await complaints.GetAsync(id, cancellationToken); // records it if its filing still waits
            await start(id, cancellationToken);
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
            await Parallel.ForEachAsync(
                filings,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (filing, ct) =>
                {
                    var id = filing.Command.Id;
                    await complaints.RecordAsync(filing, ct);
                    await start(id, ct);
                    await intake.RemoveAsync(id, ct);
                });
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
