using System.Globalization;
using Complaints.Bench.Engine;
using Complaints.Core;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;

namespace Complaints.Bench.Load;

public sealed record Verification(
    int Complaints,
    int Terminal,
    int NotTerminal,
    int ExpectedPayouts,
    int PayoutRows,
    int PayoutRowsForThisRun,
    int ComplaintsWithGaps,
    int DuplicatedOnceEvents,
    int DisclosureDraftsMissingOrDoubled,
    int WrongOutcome,
    int PoisonMessages,
    int OrchestrationsCompleted,
    int OrchestrationsWaitingForRecovery,
    int OrchestrationsNotCompleted,
    IReadOnlyDictionary<string, int> OrchestrationStatuses,
    IReadOnlyList<string> Problems)
{
    public bool Passed => NotTerminal == 0 && PayoutRowsForThisRun == ExpectedPayouts && ComplaintsWithGaps == 0
        && DuplicatedOnceEvents == 0 && DisclosureDraftsMissingOrDoubled == 0 && WrongOutcome == 0 && PoisonMessages == 0
        && OrchestrationsNotCompleted == 0;
}

/// <summary>
/// Reads storage directly after a run: every complaint's event rows are versions 1..n with no gap or repeat, events
/// that may happen once happen at most once, exactly one disclosure draft, the right outcome per route; the payouts
/// ledger holds exactly one row per refused complaint; the poison queues are empty; every complaint's orchestration
/// is at rest in the task hub's instances table: Completed, or — when the complaint's recovery claim is still open —
/// Running, waiting for the recovery deadline, having reacted to every event the complaint recorded. Anything else
/// (Failed, Pending, Running behind the complaint's events or waiting for another deadline, no instance) is listed as
/// a problem ("not completed": failed or stuck). An instances row that says Pending is read against its history: started and
/// not completed there, it is Running (counted as "…, instances row Pending"; see <c>WorkflowInstance.Reported</c>). A drafted complaint with no recovery claim open and no instance counts
/// as Completed, "(purged)": the history purge deletes only Completed instances, and only an orchestration drafts.
/// </summary>
public static partial class Verifier
{
    private static readonly HashSet<string> OnceOnly = new(StringComparer.Ordinal)
    {
        nameof(ComplaintEvent.Filed), nameof(ComplaintEvent.FirstResponderAssigned), nameof(ComplaintEvent.Acknowledged),
        nameof(ComplaintEvent.Refused), nameof(ComplaintEvent.Confirmed), nameof(ComplaintEvent.Withdrawn),
        nameof(ComplaintEvent.AdvanceCompensationRequested), nameof(ComplaintEvent.PayoutSettled),
        nameof(ComplaintEvent.RecoveryClaimOpened), nameof(ComplaintEvent.Closed), nameof(ComplaintEvent.DisclosureDrafted),
    };

    public static async Task<Verification> RunAsync(
        ITableGateway tables,
        IQueueGateway queues,
        StorageNames names,
        IReadOnlyList<Tracked> items,
        IReadOnlyList<string> venues,
        TaskHubReader? hub,
        Action<IReadOnlyList<ComplaintEvent>>? onEvents,
        CancellationToken ct)
    {
        var problems = new List<string>();
        int terminal = 0, gaps = 0, duplicated = 0, drafts = 0, wrong = 0;
        var expected = new Dictionary<string, (bool RecoveryOpen, long Version, bool Drafted)>(StringComparer.Ordinal);
        var filed = items.Where(i => i?.Id is not null).ToList();
        using var gate = new SemaphoreSlim(8);
        var tasks = filed.Select(async item =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var rows = await ReadAllAsync(tables, names.ComplaintsTable, item.Id!, new RowKeyRange("event-", "event-~"), ct);
                var versions = rows.Select(r => long.Parse(r.RowKey.AsSpan(6), CultureInfo.InvariantCulture)).ToList();
                var events = rows.Select(r => StorageJson.DeserializeEvent(r.GetString("Type")!, r.GetString("Json")!)).ToList();
                var types = events.Select(e => e.GetType().Name).ToList();
                var state = await tables.GetAsync(names.ComplaintsTable, item.Id!, "state", ct);
                var stateVersion = state?.Get<long>("Version") ?? -1;
                lock (problems)
                {
                    onEvents?.Invoke(events);
                    var recoveryOpen = types.Contains(nameof(ComplaintEvent.RecoveryClaimOpened))
                        && !types.Contains(nameof(ComplaintEvent.RecoveryClaimEnded)) && !types.Contains(nameof(ComplaintEvent.RecoveryClaimSettled));
                    expected[item.Id!] = (recoveryOpen, stateVersion, types.Contains(nameof(ComplaintEvent.DisclosureDrafted)));
                    if (!versions.SequenceEqual(Enumerable.Range(1, versions.Count).Select(v => (long)v)) || stateVersion != versions.Count)
                    {
                        gaps++;
                        Note(problems, $"{item.Id}: event versions [{string.Join(',', versions)}], state version {stateVersion}");
                    }

                    foreach (var twice in types.GroupBy(t => t).Where(g => g.Count() > 1 && OnceOnly.Contains(g.Key)))
                    {
                        duplicated++;
                        Note(problems, $"{item.Id}: {twice.Key} recorded {twice.Count()} times");
                    }

                    var draftCount = types.Count(t => t == nameof(ComplaintEvent.DisclosureDrafted));
                    if (draftCount != 1)
                    {
                        drafts++;
                        Note(problems, $"{item.Id}: {draftCount} disclosure drafts");
                    }
                    else
                    {
                        terminal++;
                    }

                    var routeEvent = item.Route switch
                    {
                        Route.Resolve => nameof(ComplaintEvent.Confirmed),
                        Route.Refuse => nameof(ComplaintEvent.PayoutSettled),
                        _ => nameof(ComplaintEvent.Withdrawn),
                    };
                    if (!types.Contains(routeEvent))
                    {
                        wrong++;
                        Note(problems, $"{item.Id}: route {item.Route} but no {routeEvent} event ({string.Join(',', types)})");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);

        var ids = filed.Where(i => i.Route == Route.Refuse).Select(i => i.Id!).ToHashSet(StringComparer.Ordinal);
        var payoutRows = 0;
        var forRun = 0;
        foreach (var venue in venues)
        {
            foreach (var row in await ReadAllAsync(tables, names.PayoutsTable, venue, null, ct))
            {
                payoutRows++;
                var match = ComplaintIdPattern().Match(row.GetString("Json") ?? string.Empty);
                if (match.Success && ids.Contains(match.Value))
                {
                    forRun++;
                }
            }
        }

        var poison = 0;
        foreach (var q in names.Queues)
        {
            poison += await queues.ApproximateCountAsync(StorageNames.PoisonQueueOf(q), ct);
        }

        // The engine's view: every complaint's orchestration at rest. A last wake-up may still be in flight when the
        // bench gets here, so the instances are read up to three times, 5 s apart, while any is not.
        int completed = 0, waiting = 0, notCompleted = 0;
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var orchestrationProblems = new List<string>();
        for (var attempt = 1; hub is not null && attempt <= 3; attempt++)
        {
            (completed, waiting, notCompleted) = (0, 0, 0);
            statuses.Clear();
            orchestrationProblems.Clear();
            var instances = await hub.ReadInstancesAsync(ct);
            foreach (var item in filed)
            {
                var row = instances.GetValueOrDefault(item.Id!);
                var status = row?.Status ?? "Missing";
                var (recoveryOpen, version, drafted) = expected.GetValueOrDefault(item.Id!);
                if (row is null && drafted && !recoveryOpen)
                {
                    // Purged (Complaints:Workflow:HistoryRetention): only Completed instances are, and a complaint is
                    // drafted only by its orchestration, so it ran and completed.
                    statuses["Completed (purged)"] = statuses.GetValueOrDefault("Completed (purged)") + 1;
                    completed++;
                    continue;
                }

                var corrected = string.Empty;
                if (row is not null)
                {
                    // A Pending row is read against the history, which is what the engine replays.
                    (row, var wasCorrected) = await hub.AsHistoryShowsAsync(row, ct);
                    (status, corrected) = (row.Status, wasCorrected ? ", instances row Pending" : string.Empty);
                }

                var progress = row?.Progress;
                var key = status == "Running" && progress?.WaitingFor is { } w ? $"{status} (waiting for {w}{corrected})" : status + corrected;
                statuses[key] = statuses.GetValueOrDefault(key) + 1;
                if (status == "Completed" && !recoveryOpen)
                {
                    completed++;
                    continue;
                }

                if (recoveryOpen && row?.AtRest == true && status == "Running" && progress!.LastVersion >= version)
                {
                    waiting++;
                    continue;
                }

                notCompleted++;
                orchestrationProblems.Add($"{item.Id}: orchestration {status}{(recoveryOpen ? " (its recovery claim is open: expected Running, waiting for Recovery, at version " + version + ")" : string.Empty)}{(row is null ? string.Empty : $" (created {row.Created:O}, last updated {row.LastUpdated:O}, custom status {row.CustomStatus})")}");
            }

            if (notCompleted == 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }

        foreach (var problem in orchestrationProblems)
        {
            Note(problems, problem);
        }

        return new Verification(items.Count, terminal, items.Count - terminal, ids.Count, payoutRows, forRun, gaps, duplicated, drafts, wrong, poison,
            completed, waiting, notCompleted, statuses, problems);
    }

    [System.Text.RegularExpressions.GeneratedRegex("c[0-9a-f]{32}")]
    private static partial System.Text.RegularExpressions.Regex ComplaintIdPattern();

    private static void Note(List<string> problems, string problem)
    {
        if (problems.Count < 50)
        {
            problems.Add(problem);
        }
    }

    private static async Task<List<TableRow>> ReadAllAsync(ITableGateway tables, string table, string partition, RowKeyRange? range, CancellationToken ct)
    {
        var rows = new List<TableRow>();
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartitionAsync(table, partition, range, 1000, continuation, ct);
            rows.AddRange(page.Rows);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return rows;
    }
}
