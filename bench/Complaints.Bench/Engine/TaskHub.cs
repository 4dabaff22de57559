using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Complaints.Bench.Engine;

/// <summary>
/// The storage of one Durable Task hub on the Azure Storage provider, named as the provider names it:
/// <c>&lt;hub&gt;Instances</c> and <c>&lt;hub&gt;History</c> tables, <c>&lt;hub&gt;-control-NN</c> queues (one per partition)
/// and the <c>&lt;hub&gt;-workitems</c> queue (queue names in lower case).
/// </summary>
public sealed record TaskHubNames(string Hub, int Partitions)
{
    public string InstancesTable => Hub + "Instances";

    public string HistoryTable => Hub + "History";

    public IReadOnlyList<string> ControlQueues =>
        [.. Enumerable.Range(0, Partitions).Select(i => $"{Hub.ToLowerInvariant()}-control-{i.ToString("D2", CultureInfo.InvariantCulture)}")];

    public string WorkItemQueue => $"{Hub.ToLowerInvariant()}-workitems";
}

/// <summary>One row of <c>&lt;hub&gt;Instances</c>: what the engine says about an orchestration.</summary>
public sealed record OrchestrationRow(string InstanceId, string Status, DateTimeOffset? Created, DateTimeOffset? LastUpdated, DateTimeOffset? Completed, string? CustomStatus)
{
    /// <summary>The progress the complaint's orchestration last published (its custom status): the version it reacted to, the deadline it waits for.</summary>
    public Complaints.Pipeline.Workflow.WorkflowProgress? Progress => Complaints.Pipeline.Workflow.WorkflowInstance.ReadProgress(CustomStatus);

    /// <summary>
    /// At rest: Completed, or Running and waiting for the recovery deadline (a refused complaint whose venue paid in
    /// advance closes and is drafted while its recovery claim against the merchant runs on, for 90 days by default).
    /// </summary>
    public bool AtRest => Status == "Completed" || (Status == "Running" && Progress?.WaitingFor == nameof(Complaints.Core.DeadlineKind.Recovery));
}

/// <summary>
/// What orchestrations did, counted from their history rows: per event type (<c>TaskScheduled</c> = an activity
/// call, <c>TimerCreated</c>, <c>TimerFired</c>, <c>EventRaised</c> = an external event taken, <c>OrchestratorStarted</c> =
/// one wake-up, or episode, of the orchestrator), in all and per instance.
/// </summary>
public sealed record OrchestrationShape(int Instances, int InstancesWithSeveralExecutions, IReadOnlyDictionary<string, long> Totals, IReadOnlyDictionary<string, long> ActivityCallsByName)
{
    /// <summary>Activity calls per instance, by activity name (where an orchestration's calls go).</summary>
    public IReadOnlyDictionary<string, double> ActivityCallsPerInstanceByName =>
        new SortedDictionary<string, double>(ActivityCallsByName.ToDictionary(p => p.Key, p => Instances == 0 ? 0 : Math.Round(p.Value / (double)Instances, 3)), StringComparer.Ordinal);

    public double Activities => Per("TaskScheduled");

    public double Timers => Per("TimerCreated");

    public double TimersFired => Per("TimerFired");

    public double Events => Per("EventRaised");

    public double WakeUps => Per("OrchestratorStarted");

    public double Per(string eventType) => Instances == 0 ? 0 : Math.Round(Totals.GetValueOrDefault(eventType) / (double)Instances, 3);

    public IReadOnlyDictionary<string, double> PerInstance =>
        new SortedDictionary<string, double>(Totals.ToDictionary(p => p.Key, p => Per(p.Key)), StringComparer.Ordinal);
}

/// <summary>Reads a task hub's tables and queues directly (the bench's view of the engine, beside the API's).</summary>
public sealed class TaskHubReader(TableServiceClient tables, QueueServiceClient queues, TaskHubNames names)
{
    public TaskHubNames Names => names;

    /// <summary>Every row of the instances table (only the columns the bench reads).</summary>
    public async Task<Dictionary<string, OrchestrationRow>> ReadInstancesAsync(CancellationToken ct)
    {
        var rows = new Dictionary<string, OrchestrationRow>(StringComparer.Ordinal);
        var table = tables.GetTableClient(names.InstancesTable);
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000,
                select: ["PartitionKey", "RuntimeStatus", "CreatedTime", "LastUpdatedTime", "CompletedTime", "CustomStatus"], cancellationToken: ct))
            {
                rows[e.PartitionKey] = new OrchestrationRow(e.PartitionKey, e.GetString("RuntimeStatus") ?? "?", Time(e, "CreatedTime"), Time(e, "LastUpdatedTime"), Time(e, "CompletedTime"), e.GetString("CustomStatus"));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No hub yet.
        }

        return rows;
    }

    /// <summary>
    /// What the instance's history rows say: started (an <c>ExecutionStarted</c> row) and completed (an
    /// <c>ExecutionCompleted</c> row, of any execution: a row left from an earlier one only makes the caller refuse a
    /// correction). The history is what the engine replays; the instances row is the provider's summary of it, written
    /// after it. An independent reading, not <c>WorkflowInstance.Reported</c>'s rule, so the verifier does not check
    /// the product by the product's own inference.
    /// </summary>
    public async Task<(bool Started, bool Completed)> ReadExecutionAsync(string instanceId, CancellationToken ct)
    {
        var table = tables.GetTableClient(names.HistoryTable);
        bool started = false, completed = false;
        await foreach (var e in table.QueryAsync<TableEntity>(filter: TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), maxPerPage: 1000,
            select: ["EventType"], cancellationToken: ct))
        {
            started |= e.GetString("EventType") == "ExecutionStarted";
            completed |= e.GetString("EventType") == "ExecutionCompleted";
        }

        return (started, completed);
    }

    /// <summary>
    /// The row with the status its history shows when the row says Pending but the history has the execution started and
    /// not completed (Running): a host killed after its first episode's history was written and before the instances row
    /// was (the row is written last, and later episodes do not rewrite the status). Other rows are returned as they are.
    /// </summary>
    public async Task<(OrchestrationRow Row, bool Corrected)> AsHistoryShowsAsync(OrchestrationRow row, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Status == "Pending" && await ReadExecutionAsync(row.InstanceId, ct) is (true, false)
            ? (row with { Status = "Running" }, true)
            : (row, false);
    }

    /// <summary>How many instances are in a status other than Completed (and not <paramref name="ignore"/>d), and the first few of them.</summary>
    public async Task<(int Count, List<OrchestrationRow> Some)> NotCompletedAsync(ISet<string>? among, CancellationToken ct, Func<OrchestrationRow, bool>? ignore = null)
    {
        var table = tables.GetTableClient(names.InstancesTable);
        var count = 0;
        var some = new List<OrchestrationRow>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter: "RuntimeStatus ne 'Completed'", maxPerPage: 1000,
                select: ["PartitionKey", "RuntimeStatus", "CreatedTime", "LastUpdatedTime", "CompletedTime", "CustomStatus"], cancellationToken: ct))
            {
                if (among is not null && !among.Contains(e.PartitionKey))
                {
                    continue;
                }

                var (row, _) = await AsHistoryShowsAsync(new OrchestrationRow(e.PartitionKey, e.GetString("RuntimeStatus") ?? "?", Time(e, "CreatedTime"), Time(e, "LastUpdatedTime"), Time(e, "CompletedTime"), e.GetString("CustomStatus")), ct);
                if (ignore?.Invoke(row) == true)
                {
                    continue;
                }

                count++;
                if (some.Count < 20)
                {
                    some.Add(row);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No hub yet.
        }

        return (count, some);
    }

    /// <summary>
    /// Counts history rows by event type for the instances in <paramref name="among"/> (all when null), reading the
    /// whole history table once with only four columns: a few hundred milliseconds per thousand rows on Azurite.
    /// </summary>
    public async Task<OrchestrationShape> ReadShapeAsync(ISet<string>? among, CancellationToken ct)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        var executions = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var table = tables.GetTableClient(names.HistoryTable);
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["PartitionKey", "EventType", "ExecutionId", "Name"], cancellationToken: ct))
            {
                if ((among is not null && !among.Contains(e.PartitionKey)) || e.GetString("EventType") is not { } type)
                {
                    continue; // another instance, or the sentinel row
                }

                totals[type] = totals.GetValueOrDefault(type) + 1;
                if (type == "TaskScheduled" && e.GetString("Name") is { } name)
                {
                    byName[name] = byName.GetValueOrDefault(name) + 1;
                }
                if (e.GetString("ExecutionId") is { } execution)
                {
                    if (!executions.TryGetValue(e.PartitionKey, out var set))
                    {
                        executions[e.PartitionKey] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(execution);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No hub yet.
        }

        return new OrchestrationShape(executions.Count, executions.Count(p => p.Value.Count > 1), new SortedDictionary<string, long>(totals, StringComparer.Ordinal),
            new SortedDictionary<string, long>(byName, StringComparer.Ordinal));
    }

    /// <summary>Approximate message counts (invisible ones included: a cancelled durable timer waits on its control queue until it falls due).</summary>
    public async Task<(int Control, int WorkItems)> DepthsAsync(CancellationToken ct)
    {
        var control = 0;
        foreach (var q in names.ControlQueues)
        {
            control += await CountAsync(q, ct);
        }

        return (control, await CountAsync(names.WorkItemQueue, ct));
    }

    private async Task<int> CountAsync(string queue, CancellationToken ct)
    {
        try
        {
            return (await queues.GetQueueClient(queue).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Deletes every table, queue and blob container of the hub (the engine-ceiling probe's own hub, when it is done:
    /// its cancelled day-long timers would otherwise wait in Azurite's queue store, which every later queue call scans).
    /// </summary>
    public static async Task DeleteHubAsync(string connectionString, string hub, CancellationToken ct)
    {
        var lower = hub.ToLowerInvariant();
        var tableService = new TableServiceClient(connectionString);
        await foreach (var t in tableService.QueryAsync(filter: (string?)null, cancellationToken: ct))
        {
            if (t.Name.StartsWith(hub, StringComparison.OrdinalIgnoreCase))
            {
                await tableService.DeleteTableAsync(t.Name, ct);
            }
        }

        var queueService = new QueueServiceClient(connectionString);
        await foreach (var q in queueService.GetQueuesAsync(prefix: lower, cancellationToken: ct))
        {
            await queueService.DeleteQueueAsync(q.Name, ct);
        }

        var blobService = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
        await foreach (var c in blobService.GetBlobContainersAsync(prefix: lower, cancellationToken: ct))
        {
            await blobService.DeleteBlobContainerAsync(c.Name, cancellationToken: ct);
        }
    }

    private static DateTimeOffset? Time(TableEntity e, string column) => e.TryGetValue(column, out var v) ? v switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) => d,
        _ => null,
    } : null;
}

/// <summary>
/// What the hosts' logs say about the engine (the Azure Storage provider logs every message it fetches, with how long
/// after it was sent): lines per complaint, message delays (a message a killed worker had taken reappears only after
/// the visibility timeout), warnings and errors by category.
/// </summary>
public sealed record HostLogStats(
    long Lines,
    long Fetched,
    double P50DelayMs,
    double P99DelayMs,
    double MaxDelayMs,
    long FetchedAfterVisibilityTimeout,
    IReadOnlyList<long> ActivitiesStartedByHost,
    long PartitionsReleasedForLostLease,
    IReadOnlyDictionary<string, long> WarningsAndErrors)
{
    public static HostLogStats Read(IEnumerable<string> paths, TimeSpan visibilityTimeout)
    {
        long lines = 0, late = 0, lostLeases = 0;
        var activities = new List<long>();
        var delays = new List<double>();
        var problems = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var threshold = visibilityTimeout.TotalMilliseconds * 0.9;
        foreach (var path in paths.Where(File.Exists))
        {
            long started = 0;
            foreach (var line in File.ReadLines(path))
            {
                lines++;
                if (line.Contains("Starting task activity", StringComparison.Ordinal))
                {
                    started++;
                    continue;
                }

                if (line.Contains("for reason: LeaseLost", StringComparison.Ordinal) && line.Contains("DrainTablePartitionAsync", StringComparison.Ordinal))
                {
                    lostLeases++;
                    continue;
                }

                if (line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal))
                {
                    var key = line.Split('[')[0];
                    problems[key] = problems.GetValueOrDefault(key) + 1;
                    continue;
                }

                var at = line.IndexOf("message from ", StringComparison.Ordinal);
                var delay = at < 0 ? -1 : line.IndexOf("(delay = ", at, StringComparison.Ordinal);
                if (delay < 0 || !line.Contains("Fetched [", StringComparison.Ordinal))
                {
                    continue;
                }

                var end = line.IndexOf("ms)", delay, StringComparison.Ordinal);
                if (end > delay && double.TryParse(line.AsSpan(delay + 9, end - delay - 9), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    delays.Add(ms);
                    if (ms >= threshold)
                    {
                        late++;
                    }
                }
            }

            activities.Add(started);
        }

        delays.Sort();
        double Pct(double p) => delays.Count == 0 ? 0 : delays[Math.Clamp((int)Math.Ceiling(p * delays.Count) - 1, 0, delays.Count - 1)];
        return new HostLogStats(lines, delays.Count, Pct(0.5), Pct(0.99), delays.Count == 0 ? 0 : delays[^1], late, activities, lostLeases, problems);
    }
}
