using System.Globalization;
using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// Where the local runtime keeps deadline timers. A deadline within <see cref="QueueWorkerOptions.TimerHorizon"/> is
/// a delayed message on complaint-events, as before. A further one is a row in the timers table (one partition,
/// row key = due time, complaint and kind, so arming the same deadline twice writes one row) until the timer pump
/// moves it onto the queue, delayed to its due time. So the queues hold only timers due within the horizon: Azurite
/// scans every stored message on each queue call, and days-long timers (3–5 per complaint) made every queue
/// operation slower as complaints accumulated. A deadline that is replaced or cleared has its row deleted; a row
/// left behind by a crash only fires a stale timer, which the workflow ignores.
/// </summary>
public sealed class DeadlineTimers(ITableGateway tables, IQueueGateway queues, StorageNames names, IOptions<QueueWorkerOptions> options, TimeProvider clock)
{
    private const string Partition = "due";
    private const int PageSize = 100;
    private const int MaxPagesPerPump = 50;

    private TimeSpan Horizon => options.Value.TimerHorizon;

    public async Task ArmAsync(ComplaintId id, WorkflowTimer timer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.DueAt - now > Horizon)
        {
            var row = new TableRow(Partition, RowKey(id, timer), new Dictionary<string, object?>
            {
                ["ComplaintId"] = id.Value,
                ["Kind"] = timer.Kind.ToString(),
                ["DueAt"] = timer.DueAt,
            });
            await tables.SubmitTransactionAsync(names.TimersTable, [new TableOperation.Upsert(row)], cancellationToken);
            return;
        }

        await SendAsync(id, timer, now, cancellationToken);
    }

    /// <summary>Deletes the row of a deadline that is no longer armed (best effort: a leftover row fires a stale timer).</summary>
    public async Task DisarmAsync(ComplaintId id, WorkflowTimer timer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.DueAt - now <= Horizon)
        {
            return; // Already on the queue (or about to be); the workflow ignores it when it fires.
        }

        try
        {
            await tables.SubmitTransactionAsync(names.TimersTable, [new TableOperation.Delete(Partition, RowKey(id, timer), "*")], cancellationToken);
        }
        catch (StorageConflictException)
        {
            // Not there: armed as a message, already pumped, or removed by another host.
        }
    }

    /// <summary>Moves every row due within the horizon onto complaint-events, then deletes it (at least once). Returns how many.</summary>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var range = new RowKeyRange(null, Ticks(now + Horizon) + "~");
        var moved = 0;
        for (var page = 0; page < MaxPagesPerPump; page++)
        {
            var rows = (await tables.QueryPartitionAsync(names.TimersTable, Partition, range, PageSize, null, cancellationToken)).Rows;
            foreach (var row in rows)
            {
                if (row.GetString("ComplaintId") is { } complaint
                    && Enum.TryParse<DeadlineKind>(row.GetString("Kind"), out var kind)
                    && row.Get<DateTimeOffset>("DueAt") is var dueAt && dueAt != default)
                {
                    await SendAsync(new ComplaintId(complaint), new WorkflowTimer(kind, dueAt), now, cancellationToken);
                }

                try
                {
                    await tables.SubmitTransactionAsync(names.TimersTable, [new TableOperation.Delete(row.PartitionKey, row.RowKey, row.ETag ?? "*")], cancellationToken);
                }
                catch (StorageConflictException)
                {
                    // Another host pumped it too (its timer is then on the queue twice; the second one is stale).
                }

                moved++;
            }

            if (rows.Count < PageSize)
            {
                break;
            }
        }

        return moved;
    }

    private Task SendAsync(ComplaintId id, WorkflowTimer timer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var delay = timer.DueAt - now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > ProcessManager.MaxTimerHop ? ProcessManager.MaxTimerHop : delay;

        // Queue delays are whole seconds (the SDKs drop the fraction). Round up: a timer that arrives early is re-armed
        // for the remaining fraction, which would again round down to zero and spin until the deadline.
        delay = TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
        return queues.SendAsync(names.EventsQueue, QueueMessages.Timer(id, timer.Kind, timer.DueAt), delay, cancellationToken);
    }

    private static string RowKey(ComplaintId id, WorkflowTimer timer) => $"{Ticks(timer.DueAt)}|{id.Value}|{timer.Kind}";

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
