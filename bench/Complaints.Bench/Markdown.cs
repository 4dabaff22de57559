using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Complaints.Bench.Load;

namespace Complaints.Bench;

/// <summary>The human summary of results.json, as markdown (printed, saved as summary.md, optionally put into a doc).</summary>
public static class Markdown
{
    public static string Of(JsonObject r, Verification v)
    {
        var sb = new StringBuilder();
        var e = r["endToEnd"]!.AsObject();
        var m = r["machine"]!.AsObject();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {r["date"]} on {m["cores"]} cores ({m["cpu"]}), {m["memory"]} RAM; load average at start {m["loadavg"]}, at end {r["loadAverageAtEnd"]}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Complaints.Bench -- {r["command"]}`. Narratives: {r["narratives"]}.");
        sb.AppendLine();
        sb.AppendLine("**End to end**");
        sb.AppendLine();
        sb.AppendLine("| measure | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| complaints completed (disclosure drafted) / driven | {e["completed"]} / {e["complaints"]} (failed {e["failed"]}) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| end-to-end throughput | **{e["complaintsPerSecond"]} complaints/s** over {e["seconds"]} s |");
        var f = e["filingToDisclosureMs"]!.AsObject();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| filing → disclosure draft | p50 {f["p50"]} ms, p95 {f["p95"]} ms, p99 {f["p99"]} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| host CPU per complaint / Azurite CPU per complaint | {e["hostCpuSecondsPerComplaint"]} / {e["azuriteCpuSecondsPerComplaint"]} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| peak RSS host / Azurite | {e["peakHostRssMb"]} MB / {e["peakAzuriteRssMb"]} MB |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| HTTP retries (transport errors, 429, 5xx) | {e["retries"]} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| machine-wide I/O stall during the phase (PSI io full) | {e["ioStallSeconds"]?.ToString() ?? "n/a"} s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Azurite stalls (a 100 ms heartbeat unanswered for > 250 ms) | {StallText(e["azuriteStalls"])} |");
        if (r["engineOptions"] is JsonObject eo)
        {
            var hosts = r["options"]?["hosts"]?.GetValue<int>() ?? 1;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| engine | task hub `{eo["taskHubName"]}` ({eo["partitionCount"]} control-queue partitions){(hosts > 1 ? $", shared by {hosts} hosts as competing workers" : string.Empty)}; polling ≤ {eo["maxQueuePollingInterval"]}, visibility timeouts {eo["controlQueueVisibilityTimeout"]} / {eo["workItemQueueVisibilityTimeout"]}, lease {eo["leaseInterval"]} (renewed every {eo["leaseRenewInterval"]}), at most {eo["maxConcurrentOrchestrations"]} orchestrations and {eo["maxConcurrentActivities"]} activities at once per host |");
        }

        if (e["hostLogs"] is JsonObject logs)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| engine messages (from the hosts' logs) | {logs["fetched"]} fetched, delay after sending p50 {logs["p50DelayMs"]} ms, p99 {logs["p99DelayMs"]} ms, max {logs["maxDelayMs"]} ms; {logs["fetchedAfterVisibilityTimeout"]} only after ~the visibility timeout (taken by a killed worker, or abandoned) |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| activities started, by host (logs) / partitions given up for a lost lease | {string.Join(" + ", logs["activitiesStartedByHost"]!.AsArray().Select(a => a!.ToString()))} / {logs["partitionsReleasedForLostLease"]} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| host log | {e["hostLogLinesPerComplaint"]} lines per complaint; warnings/errors: {(logs["warningsAndErrors"]!.AsObject().Count == 0 ? "none" : string.Join(", ", logs["warningsAndErrors"]!.AsObject().Select(p => $"{p.Key.Trim()} {p.Value}")))} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| orchestrations not at rest when the bench stopped waiting (at rest: Completed, or waiting for an open recovery claim) | {e["orchestrationsNotCompleted"]} (waited {e["orchestrationsSettledSecondsAfterLoad"]} s after the last draft was seen) |");
        if (e["chaos"] is JsonArray { Count: > 0 } chaos)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| chaos events | {chaos.Count}: {string.Join("; ", chaos.Take(6).Select(c => c!.ToString()))}{(chaos.Count > 6 ? "; …" : string.Empty)} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| host restarts / last kill | {e["hostRestarts"]} / {(e["lastKillSecondsBeforeLoadEnd"] is { } k ? $"{k} s before the last draft was seen" : "none")} |");
            if (e["kills"] is JsonArray { Count: > 0 } kills)
            {
                var open = kills.Select(k => (int)k!["openOrchestrations"]!).Where(n => n >= 0).ToList();
                List<double> Seconds(string field) => [.. kills.Select(k => k![field]).Where(v => v is not null).Select(v => (double)v!).Order()];
                string Spread(List<double> v) => v.Count > 0 ? $"{Median(v):0.0} s (median; max {v[^1]:0.0} s)" : "never";
                var ready = Seconds("readyAfterSeconds");
                var firstLease = Seconds("firstLeaseAfterReadySeconds");
                var allLeases = Seconds("allLeasesAfterReadySeconds");
                sb.AppendLine(CultureInfo.InvariantCulture, $"| after each kill | host ready again after {Spread(ready)}; orchestrations open at the kill: {(open.Count > 0 ? $"mean {open.Average():0}, max {open.Max()}" : "n/a")}; after ready, the first control-queue lease taken after {Spread(firstLease)}, all of them after {Spread(allLeases)}; {kills.Count - firstLease.Count} of {kills.Count} restarted hosts took no lease (ran no orchestration) before the next kill |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("| API call | n | p50 ms | p95 ms | p99 ms | max ms |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, node) in e["apiLatencyMs"]!.AsObject())
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {node!["count"]} | {node["p50"]} | {node["p95"]} | {node["p99"]} | {node["max"]} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Statuses: {string.Join(", ", e["statuses"]!.AsObject().Select(p => $"{p.Key}: {p.Value}"))}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Storage operations per completed complaint, by kind (the host's counting gateways; `taskhub.*` are the Durable task hub's own requests): {string.Join(", ", e["storageOperationsPerComplaint"]!.AsObject().Select(p => $"{p.Key} {p.Value}"))}.");
        sb.AppendLine();
        if (r["operations"] is JsonObject ops)
        {
            string C(JsonNode? c) => c is null ? "n/a" : $"{c["reads"]} | {c["writes"]} | {c["messages"]} | **{c["total"]}**";
            sb.AppendLine("**Storage operations per complaint against the design's minimum** (docs/benchmarks.md, \"The design's minimum\"; measured without the bench's own polls):");
            sb.AppendLine();
            sb.AppendLine("| | reads | writes | messages | total |");
            sb.AppendLine("|---|---|---|---|---|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| ours, measured | {C(ops["ours"])} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| ours, design minimum | {C(ops["oursMinimum"])} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| task hub, measured | {C(ops["taskHub"])} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| task hub, design minimum | {C(ops["taskHubMinimum"])} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| task hub, the provider's floor for the work its history records | {C(ops["taskHubFloorForRecordedWork"])} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| the bench's polls (taken out above) | {C(ops["benchPolls"])} |");
            sb.AppendLine();
            foreach (var (stage, cost) in ops["oursMinimumByStage"]!.AsObject())
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- minimum, {stage}: {cost!["reads"]} reads, {cost["writes"]} writes, {cost["messages"]} messages");
            }

            var em = ops["engineMinimum"]!;
            var ea = ops["engineMeasured"]!;
            sb.AppendLine(CultureInfo.InvariantCulture, $"- engine work per complaint, measured (history) / design minimum: wake-ups {ea["wakeUps"]} / {em["wakeUps"]}, activity calls {ea["activities"]} / {em["activities"]}, external events {ea["events"]} / {em["events"]}, timers {ea["timers"]} / {em["timers"]}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"- ours includes {ops["oursEmptyReceives"]} empty queue receives per complaint (idle polling, not in the minimum)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"operations / design minimum: {F(ops["overMinimum"])} (ours {F(ops["oursOverMinimum"])}, task hub {F(ops["taskHubOverMinimum"])}; {ops["total"]} vs {ops["minimum"]} per complaint; target ≤ 1.5). The task hub's requests against the provider's floor for the wake-ups, activity calls and timers its history records: {F(ops["taskHubOverFloor"])}.");
            sb.AppendLine();
        }

        if (r["engineShape"] is JsonObject shape)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"**The engine's work per complaint** (the task hub's history rows of the run's {shape["instances"]} orchestrations; {shape["instancesWithSeveralExecutions"]} continued as new): {string.Join(", ", shape["perInstance"]!.AsObject().Select(p => $"{p.Key} {p.Value}"))}. Activity calls by activity: {string.Join(", ", shape["activityCallsPerInstanceByName"]!.AsObject().Select(p => $"{p.Key} {p.Value}"))}.");
            sb.AppendLine();
        }

        if (r["engineCeiling"] is JsonObject ec)
        {
            var t = ec["target"]!;
            var ms = ec["measured"]!;
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Engine ceiling** (task hub `{ec["taskHub"]}`, the host's engine settings, in the bench process): {ec["completed"]}/{ec["orchestrations"]} trivial orchestrations completed{(ec["allCompleted"]!.GetValue<bool>() ? string.Empty : " (NOT all)")}, at most {ec["inFlight"]} at once, in {ec["seconds"]} s: **{ec["orchestrationsPerSecond"]} orchestrations/s**. Shape per instance, asked / recorded in its history: activity calls {t["activities"]} / {ms["perInstance"]!["TaskScheduled"]}, external events {t["events"]} / {ms["perInstance"]!["EventRaised"]}, timers {(double)t["racingTimers"]! + (double)t["firedTimers"]!:0.##} / {ms["perInstance"]!["TimerCreated"]} ({t["firedTimers"]} fired), wake-ups — / {ms["perInstance"]!["OrchestratorStarted"]}. Task hub requests per probe orchestration: {ec["taskHubRequestsPerOrchestrationTotal"]} ({ec["requestsPerWakeUp"]} per wake-up): {string.Join(", ", ec["taskHubRequestsPerOrchestration"]!.AsObject().Select(p => $"{p.Key} {p.Value}"))}.");
            foreach (var n in ec["notCompleted"]!.AsArray().Take(5))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- not completed: {n}");
            }

            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"end-to-end / engine ceiling: {F(ec["endToEndOverEngineCeiling"])} ({e["complaintsPerSecond"]} complaints/s vs {ec["orchestrationsPerSecond"]} orchestrations/s; target ≥ 0.8)");
            sb.AppendLine();
        }
        var samples = r["samples"]!.AsArray();
        if (samples.Count > 0)
        {
            sb.AppendLine("Queue depths over time (approximate counts, every ~15th of the one-second samples; the task hub's control queues, summed, include each durable timer's invisible message until it falls due — a complaint's cancelled deadline timers too):");
            sb.AppendLine();
            var queues = samples[0]!["queueDepths"]!.AsObject().Select(p => p.Key).ToList();
            sb.AppendLine("| t s | " + string.Join(" | ", queues) + " | poison | hub control | hub work items | host CPU % | host RSS MB | Azurite CPU % | bench CPU % | filed | drafted |");
            sb.AppendLine("|---" + string.Concat(Enumerable.Repeat("|---", queues.Count + 9)) + "|");
            var step = Math.Max(1, samples.Count / 15);
            for (var i = 0; i < samples.Count; i += step)
            {
                var s = samples[i]!;
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {s["t"]} | {string.Join(" | ", queues.Select(q => s["queueDepths"]![q]))} | {s["poisonDepth"]} | {s["hubControlDepth"]} | {s["hubWorkItemsDepth"]} | {s["hostCpuPercent"]} | {s["hostRssMb"]} | {s["azuriteCpuPercent"]} | {s["benchCpuPercent"]} | {s["filed"]} | {s["disclosed"]} |");
            }

            sb.AppendLine();
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"**Verification** ({(v.Passed ? "passed" : "FAILED")}): {v.Terminal}/{v.Complaints} complaints with exactly one disclosure draft; payouts ledger rows for this run {v.PayoutRowsForThisRun}, expected {v.ExpectedPayouts} (all rows {v.PayoutRows}); complaints with event-version gaps or state/version mismatch {v.ComplaintsWithGaps}; once-only events recorded twice {v.DuplicatedOnceEvents}; wrong outcome {v.WrongOutcome}; poison messages {v.PoisonMessages}; orchestrations Completed {v.OrchestrationsCompleted}, waiting for an open recovery claim's deadline (as they should) {v.OrchestrationsWaitingForRecovery}, failed or stuck {v.OrchestrationsNotCompleted} ({string.Join(", ", v.OrchestrationStatuses.Select(p => $"{p.Key} {p.Value}"))}).");
        foreach (var p in v.Problems.Take(10))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {p}");
        }

        sb.AppendLine();
        if (r["ceiling"] is JsonObject c)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Storage ceiling** (each operation alone at the same concurrency; queue depth {c["queueDepth"]}):");
            sb.AppendLine();
            sb.AppendLine("| operation | ops/s | mean latency ms | how |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var rate in c["rates"]!.AsArray())
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {rate!["kind"]} | {rate["perSecond"]} | {rate["meanLatencyMs"]} | {rate["note"]} |");
            }

            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Azurite time per complaint, by operation (ms): {string.Join(", ", c["secondsOfStoragePerComplaint"]!.AsObject().Select(p => $"{p.Key} {p.Value}"))}; total {c["storageMsPerComplaint"]} ms, of which the task hub's {c["taskHubStorageMsPerComplaint"]} ms → ceiling **{c["ceilingComplaintsPerSecond"]} complaints/s** ({c["ceilingWithoutBenchPolling"]}/s without the bench's own {c["pollsPerComplaint"]} polls per complaint).");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"end-to-end / storage ceiling: {((double)c["achievedOverCeiling"]!).ToString("0.00", CultureInfo.InvariantCulture)}");
            sb.AppendLine();
        }

        if (r["intake"] is JsonObject intake)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Intake**: POST /api/complaints {intake["intake"]!["perSecond"]}/s (p50 {intake["intake"]!["latency"]!["p50"]} ms, p99 {intake["intake"]!["latency"]!["p99"]} ms, {intake["intake"]!["ok"]}/{intake["intake"]!["requests"]} created) vs bare endpoint with one table insert {intake["bare"]!["perSecond"]}/s (p50 {intake["bare"]!["latency"]!["p50"]} ms, p99 {intake["bare"]!["latency"]!["p99"]} ms): intake / bare = **{intake["ratio"]}** (the median of three rounds: {intake["roundRatios"]?.ToJsonString()}).");
            sb.AppendLine();
        }

        if (r["halfRate"] is JsonObject half)
        {
            var filing = half["apiLatencyMs"]!["POST /complaints"];
            sb.AppendLine(CultureInfo.InvariantCulture, $"**Half of the maximum rate** ({half["ratePerSecond"]} complaints/s offered, {half["achievedPerSecond"]}/s achieved, {half["completed"]} completed): POST /api/complaints p50 {filing?["p50"]} ms, p95 {filing?["p95"]} ms, **p99 {filing?["p99"]} ms**; filing → disclosure p50 {half["filingToDisclosureMs"]!["p50"]} ms, p99 {half["filingToDisclosureMs"]!["p99"]} ms; machine-wide I/O stall during the phase {half["ioStallSeconds"]?.ToString() ?? "n/a"} s.");
            var outside = half["apiLatencyMsOutsideAzuriteStalls"]?["POST /complaints"];
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Azurite stalls during the half-rate run: {StallText(half["azuriteStalls"])}. POST /api/complaints outside them ({outside?["count"]} of {filing?["count"]} calls): p50 {outside?["p50"]} ms, p95 {outside?["p95"]} ms, p99 {outside?["p99"]} ms.");
            sb.AppendLine();
        }

        if (r["feed"] is JsonArray feed)
        {
            sb.AppendLine("**Public feed** (GET /api/public/disclosures, 50 per page, sequential requests):");
            sb.AppendLine();
            sb.AppendLine("| published disclosures | query | p50 ms | p95 ms | max ms | items |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var row in feed)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {row!["stored"]} | {row["query"]} | {row["latency"]!["p50"]} | {row["latency"]!["p95"]} | {row["latency"]!["max"]} | {row["itemsOnPage"]} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
    private static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];

    private static string F(JsonNode? ratio) => ratio is null ? "n/a" : ((double)ratio).ToString("0.00", CultureInfo.InvariantCulture);

    private static string StallText(JsonNode? stalls) =>
        stalls is null ? "n/a" : $"{stalls["count"]} windows, {stalls["seconds"]} s in all, longest {stalls["longestSeconds"]} s";
}

/// <summary>Replaces the text between <c>&lt;!-- bench:NAME --&gt;</c> and <c>&lt;!-- /bench:NAME --&gt;</c> in a markdown file (appends the section when missing).</summary>
public static class DocSections
{
    public static void Replace(string path, string name, string content)
    {
        var open = $"<!-- bench:{name} -->";
        var close = $"<!-- /bench:{name} -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var start = text.IndexOf(open, StringComparison.Ordinal);
        var end = text.IndexOf(close, StringComparison.Ordinal);
        var block = open + "\n" + content.TrimEnd() + "\n" + close;
        text = start >= 0 && end > start
            ? text[..start] + block + text[(end + close.Length)..]
            : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}
