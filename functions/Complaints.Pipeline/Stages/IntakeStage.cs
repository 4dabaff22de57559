using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage;
using Complaints.Storage.Stores;
using Complaints.Pipeline.Workflow;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The intake stage, shared by both hosts. A doorbell on <c>complaint-intake</c> names shards of the intake table;
/// for each waiting filing it records the complaint, starts its orchestration and only then removes the filing, so a
/// crash at any point repeats harmless steps and loses nothing. A message naming one complaint (as the outbox used
/// to send) starts that complaint's workflow. Within a process one handler works a shard at a time: a doorbell for a
/// shard that another handler is working is settled at once, and that handler looks at the shard again before it
/// lets go, so overlapping doorbells neither wait nor record the same filings twice over. At most
/// <see cref="Parallelism"/> filings are worked
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

    /// <summary>Pages worked in one visit before the rest is handed to another doorbell.</summary>
    public const int PagesPerVisit = 16;

    private const int Idle = 0;
    private const int Working = 1;
    private const int RungWhileWorking = 2;

    private readonly ConcurrentDictionary<string, StrongBox<int>> _shards = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(Parallelism, Parallelism);

    public void Dispose() => _slots.Dispose();

    public async Task HandleAsync(QueueMessageBody message, IComplaintWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(workflows);
        if (!message.IsIntakeDoorbell)
        {
            var id = new ComplaintId(message.ComplaintId);
            await complaints.GetAsync(id, cancellationToken); // records it if its filing still waits
            await workflows.StartAsync(id, cancellationToken);
            return;
        }

        foreach (var shard in message.Shards!.Distinct(StringComparer.Ordinal))
        {
            if (!IntakeStore.AllShards.Contains(shard))
            {
                throw new FormatException($"'{shard}' is not an intake shard.");
            }

            await VisitShardAsync(shard, workflows, cancellationToken);
        }
    }

    private async Task VisitShardAsync(string shard, IComplaintWorkflows workflows, CancellationToken cancellationToken)
    {
        var state = _shards.GetOrAdd(shard, _ => new StrongBox<int>(Idle));
        while (true)
        {
            var current = Volatile.Read(ref state.Value);
            if (current == Idle)
            {
                if (Interlocked.CompareExchange(ref state.Value, Working, Idle) == Idle)
                {
                    break;
                }
            }
            else if (Interlocked.CompareExchange(ref state.Value, RungWhileWorking, current) == current)
            {
                return; // Another handler is working the shard; it looks again before it lets go.
            }
        }

        try
        {
            for (var page = 1; ; page++)
            {
                var more = await WorkPageAsync(shard, workflows, cancellationToken);
                if (more && page < PagesPerVisit)
                {
                    continue;
                }

                if (Interlocked.CompareExchange(ref state.Value, Idle, Working) == Working)
                {
                    if (more)
                    {
                        await doorbell.RingAsync(shard); // the rest in another visit
                    }

                    return;
                }

                Volatile.Write(ref state.Value, Working); // rung while working: look again
            }
        }
        catch
        {
            // This message is retried, and that visit (or the sweeper) picks up what is left.
            Volatile.Write(ref state.Value, Idle);
            throw;
        }
    }

    /// <returns>Whether more filings were waiting than one page holds.</returns>
    private async Task<bool> WorkPageAsync(string shard, IComplaintWorkflows workflows, CancellationToken cancellationToken)
    {
        var (filings, more) = await intake.ListAsync(shard, FilingsPerShardVisit, cancellationToken);
        await Task.WhenAll(filings.Select(async filing =>
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                var id = filing.Command.Id;
                await complaints.RecordAsync(filing, cancellationToken);
                await workflows.StartAsync(id, cancellationToken);
                await intake.RemoveAsync(id, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }));
        return more;
    }
}
