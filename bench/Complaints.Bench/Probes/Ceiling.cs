using System.Diagnostics;
using Complaints.Storage.Gateway;

namespace Complaints.Bench.Probes;

public sealed record OpRate(string Kind, long Operations, double Seconds, double PerSecond, double MeanLatencyMs, string Note);

/// <summary>
/// Raw Azurite throughput for the operations the pipeline uses, through the pipeline's own gateway
/// (<c>AzureTableGateway</c>/<c>AzureQueueGateway</c> on Azure.Data.Tables and Azure.Storage.Queues), at the load run's
/// client concurrency and (for queues) its observed queue depth. Each kind runs alone for a fixed time. Extra kinds
/// (the task hub's own history queries and instance reads) are measured the same way on the tables the run left.
/// </summary>
public sealed class Ceiling(ITableGateway tables, IQueueGateway queues, int concurrency, TimeSpan duration)
{
    private static readonly string Payload1K = new('p', 1000);
    private static readonly string Payload2K = new('s', 2000);

    /// <param name="queueDepth">The queue depth to measure queue operations at.</param>
    /// <param name="complaintsTable">The pipeline's complaints table.</param>
    /// <param name="complaintIds">Complaints the run filed: point reads and event queries go to their partitions, so that
    /// they scan a table as large as the pipeline's (Azurite filters a query by scanning the whole table).</param>
    /// <param name="progress">Where to say what is being measured.</param>
    /// <param name="extras">More kinds to time alone: a name, a note, and one operation (given its index).</param>
    /// <param name="ct">Cancels the probe.</param>
    public async Task<List<OpRate>> MeasureAsync(int queueDepth, string complaintsTable, IReadOnlyList<string> complaintIds, Action<string> progress,
        IReadOnlyList<(string Kind, string Note, Func<int, Task> Op)> extras, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var table = "ceil" + run;
        var queue = "ceil-" + run;
        var emptyQueue = "ceil-empty-" + run;
        await tables.EnsureTableAsync(table, ct);
        await queues.EnsureQueueAsync(queue, ct);
        await queues.EnsureQueueAsync(emptyQueue, ct);
        var results = new List<OpRate>();

        progress("seeding rows for reads");
        const int readPartitions = 200;
        await ParallelAsync(readPartitions, async p =>
        {
            var ops = Enumerable.Range(1, 8).Select(v => (TableOperation)new TableOperation.Upsert(Row($"p{p}", $"event-{v:D10}", Payload1K))).ToList();
            ops.Add(new TableOperation.Upsert(Row($"p{p}", "state", Payload2K)));
            await tables.SubmitTransactionAsync(table, ops, ct);
        }, ct);

        progress("table.get");
        results.Add(await TimeAsync("table.get", "point read of a 2 KB row", async i => await tables.GetAsync(table, $"p{i % readPartitions}", "state", ct), ct));
        progress("table.query");
        results.Add(await TimeAsync("table.query", "one partition, 8 rows of 1 KB (a complaint's events)", async i =>
            await tables.QueryPartitionAsync(table, $"p{i % readPartitions}", new RowKeyRange("event-", "event-~"), 1000, null, ct), ct));
        if (complaintIds.Count > 0)
        {
            progress("table.get and table.query on the pipeline's complaints table");
            results.Add(await TimeAsync("table.get@complaints", $"point read of a complaint's state row ({complaintIds.Count} complaints stored)", async i =>
                await tables.GetAsync(complaintsTable, complaintIds[Math.Abs(i) % complaintIds.Count], "state", ct), ct));
            results.Add(await TimeAsync("table.query@complaints", $"a complaint's event rows ({complaintIds.Count} complaints stored)", async i =>
                await tables.QueryPartitionAsync(complaintsTable, complaintIds[Math.Abs(i) % complaintIds.Count], new RowKeyRange("event-", "event-~"), 1000, null, ct), ct));
        }
        foreach (var (kind, note, op) in extras)
        {
            progress(kind);
            results.Add(await TimeAsync(kind, note, op, ct));
        }

        progress("table.insert");
        results.Add(await TimeAsync("table.insert", "insert-if-absent, 1 KB, new partition", async i =>
            await tables.InsertIfAbsentAsync(table, Row($"i{run}{i}", "r", Payload1K), ct), ct));
        progress("table.transaction.1");
        results.Add(await TimeAsync("table.transaction.1", "entity-group transaction of one upsert, 1 KB", async i =>
            await tables.SubmitTransactionAsync(table, [new TableOperation.Upsert(Row($"u{i % 1000}", "r", Payload1K))], ct), ct));
        progress("table.transaction.n");
        results.Add(await TimeAsync("table.transaction.n", "transaction of 3: upsert 2 KB state + insert 1 KB event + insert outbox row", async i =>
            await tables.SubmitTransactionAsync(table,
            [
                new TableOperation.Upsert(Row($"t{run}{i}", "state", Payload2K)),
                new TableOperation.Insert(Row($"t{run}{i}", "event-0000000001", Payload1K)),
                new TableOperation.Insert(Row($"t{run}{i}", "outbox-0000000001", "{\"complaintId\":\"c0\"}")),
            ], ct), ct));

        progress($"queue: prefill to depth {queueDepth}");
        await ParallelAsync(queueDepth, async _ => await queues.SendAsync(queue, Body, null, ct), ct);
        progress("queue.send");
        var send = await TimeAsync("queue.send", $"send at depth {queueDepth}+", async _ => await queues.SendAsync(queue, Body, null, ct), ct, maxOperations: Math.Max(200, queueDepth));
        results.Add(send);

        // Bring the queue back to the run's depth, then measure send + receive + delete cycles at that constant depth.
        await DrainToAsync(queue, queueDepth, ct);
        progress("queue.cycle");
        var cycle = await TimeAsync("queue.cycle", $"send + receive(1) + delete at constant depth {queueDepth}", async _ =>
        {
            await queues.SendAsync(queue, Body, null, ct);
            foreach (var m in await queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30), ct))
            {
                await queues.DeleteAsync(queue, m.Id, m.PopReceipt, ct);
            }
        }, ct);
        results.Add(cycle);
        var receiveDelete = 1.0 / Math.Max(1e-9, (1.0 / cycle.PerSecond) - (1.0 / send.PerSecond));
        results.Add(new OpRate("queue.receive+delete", cycle.Operations, cycle.Seconds, Math.Round(receiveDelete, 1), 0,
            "derived: 1 / (1/cycle - 1/send), Azurite serving one request at a time"));
        progress("queue.receive.empty");
        results.Add(await TimeAsync("queue.receive.empty", "receive(16) on an empty queue", async _ => await queues.ReceiveAsync(emptyQueue, 16, TimeSpan.FromSeconds(30), ct), ct));
        return results;
    }

    private const string Body = "{\"complaintId\":\"c0123456789abcdef0123456789abcdef\",\"kind\":\"changed\"}";

    private static TableRow Row(string pk, string rk, string json) => new(pk, rk, new Dictionary<string, object?> { ["Json"] = json });

    private async Task DrainToAsync(string queue, int depth, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var count = await queues.ApproximateCountAsync(queue, ct);
            if (count <= depth)
            {
                return;
            }

            await ParallelAsync(Math.Min(concurrency, (count - depth + 15) / 16), async _ =>
            {
                foreach (var m in await queues.ReceiveAsync(queue, 16, TimeSpan.FromSeconds(30), ct))
                {
                    await queues.DeleteAsync(queue, m.Id, m.PopReceipt, ct);
                }
            }, ct);
        }
    }

    private async Task ParallelAsync(int count, Func<int, Task> body, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !ct.IsCancellationRequested)
            {
                await body(i);
            }
        }));
    }

    private async Task<OpRate> TimeAsync(string kind, string note, Func<int, Task> op, CancellationToken ct, int maxOperations = int.MaxValue)
    {
        // Warm up, then run the concurrency for the duration (or the operation cap).
        for (var i = 0; i < 5; i++)
        {
            await op(-1 - i);
        }

        var next = -1;
        long done = 0;
        long totalTicks = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while (Stopwatch.GetTimestamp() < stopAt && (i = Interlocked.Increment(ref next)) < maxOperations && !ct.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                await op(i);
                Interlocked.Add(ref totalTicks, Stopwatch.GetTimestamp() - t0);
                Interlocked.Increment(ref done);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var n = done;
        return new OpRate(kind, n, Math.Round(seconds, 2), Math.Round(n / seconds, 1), Math.Round(totalTicks * 1000.0 / Stopwatch.Frequency / Math.Max(1, n), 2), note);
    }
}
