using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Complaints.Bench.Engine;
using Complaints.Bench.Infra;
using Complaints.Bench.Load;
using Complaints.LocalHost.Durable;
using Microsoft.Extensions.Configuration;
using Complaints.Bench.Probes;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Spectre.Console;

namespace Complaints.Bench;

public sealed class BenchOptions
{
    public int Complaints { get; init; } = 2000;
    public int Clients { get; init; } = 16;
    public double Rate { get; init; }
    public string Mix { get; init; } = "60/30/10";
    public int Merchants { get; init; } = 20;
    public int Venues { get; init; } = 5;
    public string? Url { get; init; }
    public string? Storage { get; init; }
    public int? HostPid { get; init; }
    public string? Output { get; init; }
    public int Hosts { get; init; } = 1;
    public double KillHostEvery { get; init; }
    public double RestartStorageAfter { get; init; }
    public bool PersistStorage { get; init; }
    public bool Ceiling { get; init; } = true;
    public double CeilingSeconds { get; init; } = 2;
    public int IntakeRequests { get; init; } = 1000;
    /// <summary>Complaints in the half-rate run; -1: as many as <see cref="Complaints"/>, at most 600.</summary>
    public int HalfRateComplaints { get; init; } = -1;

    public int HalfRateCount => HalfRateComplaints < 0 ? Math.Min(600, Complaints) : HalfRateComplaints;
    public string FeedSizes { get; init; } = string.Empty;
    public double DrainTimeout { get; init; } = 300;
    public double StepTimeout { get; init; } = 60;
    public int Watchers { get; init; } = 4;
    public double MaxMinutes { get; init; } = 180;
    public string? Doc { get; init; }
    public string? DocSection { get; init; }
    public bool PrintHostEnv { get; init; }
    public int FuzzRequests { get; init; } = 5000;

    public bool EngineCeiling { get; init; } = true;

    public int EngineCeilingOrchestrations { get; init; }

    public int EngineCeilingInFlight { get; init; } = 200;

    public IReadOnlyList<string> HostSettings { get; init; } = [];

    public string? TaskHub { get; init; }

    public double SoakRate { get; init; } = 4;

    public double SoakMinutes { get; init; } = 10;
    public int Seed { get; init; } = 20261122;

    public bool Chaos => KillHostEvery > 0 || RestartStorageAfter > 0;
}

/// <summary>The run: environment up, load, verification, ceiling, intake, feed, report.</summary>
public static partial class Bench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(BenchOptions o, CancellationToken outer)
    {
        var parties = BenchParties.Create(o.Merchants, o.Venues);
        if (o.PrintHostEnv)
        {
            foreach (var (k, v) in parties.Environment())
            {
                Console.WriteLine($"export {k}='{v}'");
            }

            Console.WriteLine("export Complaints__RateLimit__FilingsPerMinute=100000000 Complaints__Storage__CountOperations=true");
            return 0;
        }

        var mix = o.Mix.Split('/').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (mix.Length != 3 || mix.Sum() != 100 || mix.Any(m => m < 0))
        {
            Console.Error.WriteLine("--mix must be three percentages adding up to 100, e.g. 60/30/10.");
            return 2;
        }

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bound.CancelAfter(TimeSpan.FromMinutes(o.MaxMinutes));
        var ct = bound.Token;
        var repo = Sys.RepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(o.Output ?? Path.Combine(repo, "bench", "results"), stamp));
        Directory.CreateDirectory(outDir);
        var report = new JsonObject
        {
            ["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["command"] = string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            ["machine"] = JsonSerializer.SerializeToNode(ProcStat.Machine()),
            ["options"] = JsonSerializer.SerializeToNode(o, Json),
        };
        AnsiConsole.MarkupLine($"[bold]Complaints bench[/]  results → [blue]{Markup.Escape(outDir)}[/]  load average {ProcStat.LoadAverage()}");

        var (narratives, narrativeSource) = Narratives.Load(repo);
        report["narratives"] = narrativeSource;

        await using var env = await Rig.StartAsync(o, repo, outDir, parties, ct);
        var (tables, queues) = env.Gateways;
        var names = env.Names;
        var hub = env.TaskHub;
        var metrics = new Metrics();
        using var api = new ApiClient(env.HostUris, o.Clients * 2 + o.Watchers * 2, metrics);
        report["engineOptions"] = JsonSerializer.SerializeToNode(env.HostDurableOptions(), Json);

        // ---- the end-to-end load ----
        var before = await StorageCountsAsync(api, env.HostUris, ct);
        var plan = new LoadPlan(o.Complaints, o.Clients, o.Rate, mix[0], mix[1], Idempotent: o.Chaos || o.Hosts > 1, TimeSpan.FromSeconds(o.StepTimeout),
            TimeSpan.FromSeconds(o.DrainTimeout), o.Watchers, TimeSpan.FromMilliseconds(200), stamp.Replace("-", string.Empty, StringComparison.Ordinal));
        var driver = new Driver(api, parties, narratives, plan);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = new Sampler(queues, names, env.HostPids, env.AzuritePid, () => (driver.Filed, driver.Disclosed), hub);
        var sampling1 = sampler.RunAsync(sampling.Token);
        using var chaosStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var chaos = env.ChaosAsync(o, () => driver.Disclosed, chaosStop.Token);
        var hostCpuBefore = env.HostCpuSeconds();
        var azCpuBefore = ProcStat.Read(env.AzuritePid())?.CpuSeconds;
        var ioBefore = ProcStat.IoFullStallSeconds();
        var heartbeat = new Heartbeat(queues, names.IntakeQueue);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var heartbeating = heartbeat.RunAsync(heartbeatStop.Token);
        var load = await WithProgressAsync($"{o.Complaints} complaints, {o.Clients} clients" + (o.Rate > 0 ? $", {o.Rate}/s" : string.Empty), o.Complaints, driver, ct);
        await chaosStop.CancelAsync();
        var chaosLog = await chaos;
        var loadEnded = DateTime.UtcNow;

        // Written at once: if the run's bound ends it later, what the load measured is not lost with the summary.
        await File.WriteAllTextAsync(Path.Combine(outDir, "load.json"), new JsonObject
        {
            ["complaints"] = o.Complaints,
            ["completed"] = load.Completed,
            ["failed"] = load.Failed,
            ["firstFilingToLastDisclosureSeconds"] = Math.Round(load.FirstFilingToLastDisclosureSeconds, 2),
            ["complaintsPerSecond"] = Math.Round(load.Completed / Math.Max(0.001, load.FirstFilingToLastDisclosureSeconds), 2),
            ["polls"] = load.Polls,
            ["failures"] = new JsonArray([.. load.Complaints.Where(c => c?.Failure is not null).GroupBy(c => c!.Failure!).OrderByDescending(g => g.Count())
                .Select(g => (JsonNode)new JsonObject { ["reason"] = g.Key, ["count"] = g.Count() })]),
        }.ToJsonString(Json), CancellationToken.None);
        foreach (var failure in load.Complaints.Where(c => c?.Failure is not null).GroupBy(c => c!.Failure!).OrderByDescending(g => g.Count()).Take(5))
        {
            AnsiConsole.MarkupLine($"[yellow]not driven[/] ×{failure.Count()}: {Markup.Escape(failure.Key)}");
        }

        // Every complaint's orchestration ends shortly after its draft (its next wake-up sees DisclosureDrafted), or, for
        // a refused complaint whose venue paid in advance, goes on waiting for its recovery claim's deadline. After a
        // kill run this is where the last, fresh host finishes what the killed ones left.
        var ids = load.Complaints.Where(c => c?.Id is not null).Select(c => c.Id!).ToHashSet(StringComparer.Ordinal);
        AnsiConsole.MarkupLine($"Waiting for the {ids.Count} orchestrations to come to rest: Completed, or waiting for a recovery claim (at most {o.DrainTimeout:F0} s)…");
        var (stillOpen, settleSeconds) = await WaitOrchestrationsAsync(hub, ids, TimeSpan.FromSeconds(o.DrainTimeout), ct);
        var hostCpu = env.HostCpuSeconds() - hostCpuBefore;
        var azCpu = ProcStat.Read(env.AzuritePid())?.CpuSeconds - azCpuBefore;
        var ioStall = ProcStat.IoFullStallSeconds() - ioBefore;
        await heartbeatStop.CancelAsync();
        await heartbeating;
        var after = await StorageCountsAsync(api, env.HostUris, ct);
        await sampling.CancelAsync();
        await sampling1;
        var logStats = HostLogStats.Read(env.HostLogs, env.HostDurableOptions().ControlQueueVisibilityTimeout);

        // What one bench poll costs the host (GET /api/complaints/{id} as the responder and as the regulator), measured
        // on a finished complaint, so that the bench's own polling can be taken out of the operations per complaint.
        var pollCost = after.Count > 0 && !o.Chaos ? await CalibratePollsAsync(env.HostUris, parties, load.Complaints, ct) : null;

        var completed = load.Completed;
        var throughput = completed / Math.Max(0.001, load.FirstFilingToLastDisclosureSeconds);
        var opsPerComplaint = Delta(before, after).ToDictionary(p => p.Key, p => Math.Round(p.Value / Math.Max(1.0, completed), 2));
        var summaries = metrics.Summaries();
        long PollsOf(string name) => summaries.GetValueOrDefault(name)?.Count ?? 0;
        var pollsPerComplaint = new Dictionary<string, double>(StringComparer.Ordinal);
        if (pollCost is not null)
        {
            foreach (var (kind, perGet) in pollCost.Operator)
            {
                pollsPerComplaint[kind] = pollsPerComplaint.GetValueOrDefault(kind) + (perGet * PollsOf("GET /complaints/{id} (await assignment)") / Math.Max(1.0, completed));
            }

            foreach (var (kind, perGet) in pollCost.Regulator)
            {
                pollsPerComplaint[kind] = pollsPerComplaint.GetValueOrDefault(kind)
                    + (perGet * (PollsOf("GET /complaints/{id} (await disclosure)") + PollsOf("GET /complaints/{id} (after 409)")) / Math.Max(1.0, completed));
            }
        }

        var samples = sampler.Samples;
        var e2e = new JsonObject
        {
            ["complaints"] = o.Complaints,
            ["completed"] = completed,
            ["failed"] = load.Failed,
            ["seconds"] = Math.Round(load.FirstFilingToLastDisclosureSeconds, 2),
            ["complaintsPerSecond"] = Math.Round(throughput, 2),
            ["retries"] = load.Retries,
            ["ioStallSeconds"] = ioStall is { } stall ? Math.Round(stall, 2) : null,
            ["polls"] = load.Polls,
            ["orchestrationsNotCompleted"] = stillOpen,
            ["orchestrationsSettledSecondsAfterLoad"] = Math.Round(settleSeconds, 1),
            ["filingToDisclosureMs"] = JsonSerializer.SerializeToNode(LatencySummary.Of([.. load.Complaints.Where(c => c?.FilingToDisclosureMs is not null).Select(c => c.FilingToDisclosureMs!.Value)]), Json),
            ["apiLatencyMs"] = JsonSerializer.SerializeToNode(summaries, Json),
            ["slowCalls"] = JsonSerializer.SerializeToNode(metrics.SlowCalls, Json),
            ["azuriteStalls"] = StallsOf(heartbeat, metrics),
            ["apiLatencyMsOutsideAzuriteStalls"] = JsonSerializer.SerializeToNode(metrics.SummariesOutside(heartbeat.Stalls), Json),
            ["statuses"] = JsonSerializer.SerializeToNode(metrics.Statuses, Json),
            ["storageOperationsPerComplaint"] = JsonSerializer.SerializeToNode(new SortedDictionary<string, double>(opsPerComplaint, StringComparer.Ordinal), Json),
            ["benchPollCostPerGet"] = JsonSerializer.SerializeToNode(pollCost, Json),
            ["hostCpuSecondsPerComplaint"] = hostCpu is { } hc ? Math.Round(hc / Math.Max(1, completed) * 1000, 2) + " ms" : null,
            ["azuriteCpuSecondsPerComplaint"] = azCpu is { } ac ? Math.Round(ac / Math.Max(1, completed) * 1000, 2) + " ms" : null,
            ["peakHostRssMb"] = Math.Round(sampler.PeakHostRssMb, 1),
            ["peakAzuriteRssMb"] = Math.Round(sampler.PeakAzuriteRssMb, 1),
            ["failures"] = JsonSerializer.SerializeToNode(load.Complaints.Where(c => c?.Failure is not null).Take(20).Select(c => $"{c.Index} {c.Id}: {c.Failure}").ToList()),
            ["outcomes"] = JsonSerializer.SerializeToNode(load.Complaints.Where(c => c?.Outcome is not null || c?.FinalStatus is not null)
                .GroupBy(c => $"{c.Route}: {c.FinalStatus}/{c.Outcome}").ToDictionary(g => g.Key, g => g.Count())),
            ["chaos"] = JsonSerializer.SerializeToNode(chaosLog),
            ["hostRestarts"] = env.HostRestarts,
            ["kills"] = JsonSerializer.SerializeToNode(env.Kills, Json),
            ["hostLogs"] = JsonSerializer.SerializeToNode(logStats, Json),
            ["hostLogLinesPerComplaint"] = Math.Round(logStats.Lines / Math.Max(1.0, completed), 1),
            ["lastKillSecondsBeforeLoadEnd"] = env.LastKillUtc is { } lastKill ? Math.Round((loadEnded - lastKill).TotalSeconds, 1) : null,
        };
        report["endToEnd"] = e2e;
        report["samples"] = JsonSerializer.SerializeToNode(samples, Json);
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(Json), ct);

        AnsiConsole.MarkupLine("[bold]Verifying storage[/] (event versions, once-only events, payouts ledger, poison queues, orchestration statuses)…");
        var histories = new List<IReadOnlyList<Complaints.Core.ComplaintEvent>>();
        var verification = await Verifier.RunAsync(tables, queues, names, load.Complaints, parties.Venues, hub, histories.Add, ct);
        report["verification"] = JsonSerializer.SerializeToNode(verification, Json);

        // The engine's work per complaint, counted from the task hub's history, and the design's minimum beside it.
        AnsiConsole.MarkupLine($"Reading the task hub's history ({hub.Names.HistoryTable})…");
        var shape = await hub.ReadShapeAsync(ids, ct);
        var minimum = await DesignMinimum.OfAsync(histories, ct);
        var operations = OperationsOf(opsPerComplaint, pollsPerComplaint, minimum, shape);
        report["engineShape"] = JsonSerializer.SerializeToNode(shape, Json);
        report["operations"] = operations;
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(Json), ct);

        // ---- the engine's own ceiling: a trivial orchestration of the same shape, same Azurite, same settings ----
        if (o.EngineCeiling && !o.Chaos && env.ConnectionString is { } connection && completed > 0 && shape.Instances > 0)
        {
            await WaitQueuesEmptyAsync(queues, names, hub, TimeSpan.FromSeconds(o.DrainTimeout), ct);
            var probeOptions = env.HostDurableOptions();
            probeOptions.TaskHubName = "probe" + stamp.Replace("-", string.Empty, StringComparison.Ordinal);
            var target = new TargetShape(shape.Activities, shape.Events, Math.Max(0, shape.Timers - shape.TimersFired), shape.TimersFired, TimerHours: 24);
            var n = o.EngineCeilingOrchestrations > 0 ? o.EngineCeilingOrchestrations : completed;
            AnsiConsole.MarkupLine($"[bold]Engine ceiling[/]: {n} trivial orchestrations ({target.Activities:F2} activities, {target.Events:F2} external events, {target.RacingTimers:F2} day-long timers that lose, {target.FiredTimers:F2} 1-s timers that fire, per instance on average), at most {o.EngineCeilingInFlight} at once, task hub {probeOptions.TaskHubName}, the host's engine settings");
            var probe = await new EngineCeiling().RunAsync(connection, probeOptions, target, n, o.EngineCeilingInFlight,
                TimeSpan.FromSeconds(o.DrainTimeout + (n * 0.5)), Path.Combine(outDir, "engine-probe.log"), s => AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(s)}[/]"), ct);
            var engineNode = JsonSerializer.SerializeToNode(probe, Json)!.AsObject();
            engineNode["endToEndOverEngineCeiling"] = Math.Round(throughput / Math.Max(0.001, probe.OrchestrationsPerSecond), 2);
            report["engineCeiling"] = engineNode;
            await TaskHubReader.DeleteHubAsync(connection, probeOptions.TaskHubName, ct);
            await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(Json), ct);
        }

        // ---- the ceiling, intake vs bare, the half-rate run, the public feed ----
        List<OpRate>? rates = null;
        JsonObject? ceilingNode = null;
        if (o.Ceiling && !o.Chaos)
        {
            // The ceiling and the intake probes need Azurite to themselves: wait until the pipeline has drained its backlog.
            AnsiConsole.MarkupLine("Waiting for the pipeline's queues to drain before probing the ceiling…");
            await WaitQueuesEmptyAsync(queues, names, hub, TimeSpan.FromSeconds(o.DrainTimeout), ct);

            // The half-rate run first, on the data the end-to-end run left (the intake probe adds thousands of
            // complaints, and Azurite's cost per query grows with every stored row).
            if (o.HalfRateCount > 0 && throughput > 0)
            {
                var halfMetrics = new Metrics();
                using var halfApi = new ApiClient(env.HostUris, o.Clients * 4 + o.Watchers * 2, halfMetrics);
                var half = throughput / 2;
                var halfPlan = plan with { Complaints = o.HalfRateCount, Rate = half, Clients = Math.Max(o.Clients, 64), RunId = plan.RunId + "h" };
                var halfDriver = new Driver(halfApi, parties, narratives, halfPlan);
                var halfIoBefore = ProcStat.IoFullStallSeconds();
                var halfHeartbeat = new Heartbeat(queues, names.IntakeQueue);
                using var halfHeartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var halfHeartbeating = halfHeartbeat.RunAsync(halfHeartbeatStop.Token);
                var halfLoad = await WithProgressAsync($"half rate: {o.HalfRateCount} complaints at {half:F1}/s", o.HalfRateCount, halfDriver, ct);
                await halfHeartbeatStop.CancelAsync();
                await halfHeartbeating;
                report["halfRate"] = new JsonObject
                {
                    ["ratePerSecond"] = Math.Round(half, 2),
                    ["completed"] = halfLoad.Completed,
                    ["achievedPerSecond"] = Math.Round(halfLoad.Completed / Math.Max(0.001, halfLoad.FirstFilingToLastDisclosureSeconds), 2),
                    ["ioStallSeconds"] = ProcStat.IoFullStallSeconds() - halfIoBefore is { } halfStall ? Math.Round(halfStall, 2) : null,
                    ["apiLatencyMs"] = JsonSerializer.SerializeToNode(halfMetrics.Summaries(), Json),
                    ["slowCalls"] = JsonSerializer.SerializeToNode(halfMetrics.SlowCalls, Json),
                    ["azuriteStalls"] = StallsOf(halfHeartbeat, halfMetrics),
                    ["apiLatencyMsOutsideAzuriteStalls"] = JsonSerializer.SerializeToNode(halfMetrics.SummariesOutside(halfHeartbeat.Stalls), Json),
                    ["filingToDisclosureMs"] = JsonSerializer.SerializeToNode(LatencySummary.Of([.. halfLoad.Complaints.Where(c => c?.FilingToDisclosureMs is not null).Select(c => c.FilingToDisclosureMs!.Value)]), Json),
                };
            }


            await WaitQueuesEmptyAsync(queues, names, hub, TimeSpan.FromSeconds(o.DrainTimeout), ct);
            var depth = Math.Max(16, (int)Math.Ceiling(samples.Where(s => s.QueueDepths.Count > 0).Select(s => (double)s.QueueDepths.Values.Max()).DefaultIfEmpty(0).Average()));
            AnsiConsole.MarkupLine($"[bold]Storage ceiling[/]: each operation alone, {o.Clients} concurrent, {o.CeilingSeconds} s, queue depth {depth} (mean of the busiest queue's depth during the run)");
            var runIds = ids.ToList();
            List<(string, string, Func<int, Task>)> extras = runIds.Count == 0 ? [] :
            [
                ("table.query@history", $"one orchestration's history rows ({hub.Names.HistoryTable}, {runIds.Count} orchestrations stored)",
                    async i => await tables.QueryPartitionAsync(hub.Names.HistoryTable, runIds[Math.Abs(i) % runIds.Count], null, 1000, null, ct)),
                ("table.get@instances", $"point read of an orchestration's instance row ({hub.Names.InstancesTable})",
                    async i => await tables.GetAsync(hub.Names.InstancesTable, runIds[Math.Abs(i) % runIds.Count], string.Empty, ct)),
            ];
            rates = await new Ceiling(tables, queues, o.Clients, TimeSpan.FromSeconds(o.CeilingSeconds)).MeasureAsync(
                depth, names.ComplaintsTable, runIds, s => AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(s)}[/]"), extras, ct);
            ceilingNode = CeilingOf(rates, opsPerComplaint, pollsPerComplaint, load.Polls, completed, throughput);
            ceilingNode["queueDepth"] = depth;
            report["ceiling"] = ceilingNode;

            AnsiConsole.MarkupLine($"[bold]Intake vs bare endpoint[/]: {o.IntakeRequests} POSTs each, {o.Clients} concurrent");
            var bare = await Intake.StartBareAsync(tables, "benchbare" + stamp.Replace("-", string.Empty, StringComparison.Ordinal));
            using var bareClient = new HttpClient { BaseAddress = new Uri(bare.Urls.First()) };
            string Body(int i) => JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["consumer"] = new Dictionary<string, object?> { ["name"] = $"Intake {i}", ["phone"] = "13800000000" },
                ["merchantId"] = parties.Merchants[i % parties.Merchants.Count],
                ["category"] = "delivery",
                ["description"] = narratives[i % narratives.Count],
                ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = 100, ["currency"] = "CNY" },
                ["consentToPublishNarrative"] = true,
            });
            // Three rounds, each bare then intake after the pipeline has drained the previous burst: a single pair
            // swings with whatever else Azurite is doing, so the headline is the median round.
            var rounds = new List<(Throughput Bare, Throughput Intake, double Ratio)>();
            for (var round = 0; round < 3; round++)
            {
                await WaitQueuesEmptyAsync(queues, names, hub, TimeSpan.FromSeconds(o.DrainTimeout), ct);
                var bareRun = await Intake.MeasureAsync("bare endpoint (one table insert)", bareClient, "/bare", o.IntakeRequests, o.Clients, Body, ct);
                var intakeRun = await Intake.MeasureAsync("POST /api/complaints", api.First, "api/complaints", o.IntakeRequests, o.Clients, Body, ct);
                rounds.Add((bareRun, intakeRun, Math.Round(intakeRun.PerSecond / Math.Max(0.001, bareRun.PerSecond), 2)));
                AnsiConsole.MarkupLine($"  [grey]round {round + 1}: bare {bareRun.PerSecond}/s, intake {intakeRun.PerSecond}/s, ratio {rounds[^1].Ratio}[/]");
            }

            await bare.StopAsync(ct);
            await bare.DisposeAsync();
            var median = rounds.OrderBy(r => r.Ratio).ElementAt(1);
            report["intake"] = new JsonObject
            {
                ["bare"] = JsonSerializer.SerializeToNode(median.Bare, Json),
                ["intake"] = JsonSerializer.SerializeToNode(median.Intake, Json),
                ["ratio"] = median.Ratio,
                ["roundRatios"] = new JsonArray([.. rounds.Select(r => (JsonNode)r.Ratio)]),
            };

            await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(Json), ct);
        }

        var sizes = o.Chaos ? [] : o.FeedSizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
        if (sizes.Count > 0)
        {
            var feed = new Feed(tables, names, parties.Merchants, 4);
            var feedResults = new List<FeedLatency>();
            foreach (var size in sizes)
            {
                var seedClock = Stopwatch.StartNew();
                await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"seeding the disclosure index to {size}", maxValue: size - feed.Stored);
                    await feed.SeedToAsync(size, n => task.Value = n, ct);
                });
                AnsiConsole.MarkupLine($"[bold]Public feed[/] with {size} published disclosures (seeded in {seedClock.Elapsed.TotalSeconds:F0} s)");
                feedResults.AddRange(await feed.MeasureAsync(api.First, 20, ct));
            }

            report["feed"] = JsonSerializer.SerializeToNode(feedResults, Json);
        }

        report["loadAverageAtEnd"] = ProcStat.LoadAverage();
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(Json), ct);
        var markdown = Markdown.Of(report, verification);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.md"), markdown, ct);
        if (o.Doc is not null)
        {
            DocSections.Replace(o.Doc, o.DocSection ?? "bench", markdown);
        }

        Console.WriteLine();
        Console.WriteLine(markdown);
        AnsiConsole.MarkupLine($"Results: [blue]{Markup.Escape(outDir)}[/]/results.json, summary.md; logs of the children beside them.");
        return verification.Passed && completed == o.Complaints ? 0 : 1;
    }

    public static async Task<int> FuzzAsync(BenchOptions o, CancellationToken outer)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bound.CancelAfter(TimeSpan.FromMinutes(o.MaxMinutes));
        var ct = bound.Token;
        var repo = Sys.RepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(o.Output ?? Path.Combine(repo, "bench", "results"), "fuzz-" + stamp));
        Directory.CreateDirectory(outDir);
        var parties = BenchParties.Create(o.Merchants, o.Venues);
        await using var env = await Rig.StartAsync(o, repo, outDir, parties, ct);
        var metrics = new Metrics();
        using var api = new ApiClient(env.HostUris, o.Clients * 2, metrics);

        // A few real complaints, so that fuzzed commands also reach existing ones with real credentials.
        var real = new List<(string, string)>();
        for (var i = 0; i < 5; i++)
        {
            var filed = await api.CallAsync("seed", HttpMethod.Post, "api/complaints", null, new Dictionary<string, object?>
            {
                ["consumer"] = new Dictionary<string, object?> { ["name"] = "Fuzz Seed", ["email"] = "seed@example.org" },
                ["merchantId"] = parties.Merchants[0],
                ["venueId"] = i % 2 == 0 ? parties.Venues[0] : null,
                ["category"] = "goods-quality",
                ["description"] = "Seed complaint for the fuzzer.",
                ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = 100, ["currency"] = "CNY" },
            }, DateTime.UtcNow.AddSeconds(30), ct);
            if (filed.Str("complaintId") is { } id)
            {
                real.Add((id, filed.Str("trackingToken")!));
            }
        }

        var keys = parties.Merchants.Take(2).Concat(parties.Venues.Take(2)).Append(parties.Regulator).Select(BenchParties.KeyOf).ToList();
        // Headers go out as Latin-1 bytes, so that the fuzzer can send any byte the server must cope with.
        using var raw = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1 })
        {
            BaseAddress = env.HostUris[0],
            Timeout = TimeSpan.FromSeconds(30),
        };
        var fuzz = new Fuzz(raw, o.Seed);
        FuzzResult result = null!;
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"{o.FuzzRequests} malformed requests", maxValue: o.FuzzRequests);
            result = await fuzz.RunAsync(o.FuzzRequests, o.Clients, real, keys, n => task.Value = n, ct);
        });
        var serverErrors = result.Statuses.Where(s => s.Key >= 500 || s.Key == 0).Sum(s => s.Value);
        var md = new System.Text.StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:u}: `dotnet run -c Release --project bench/Complaints.Bench -- fuzz --requests {o.FuzzRequests} --seed {o.Seed}` (load average {ProcStat.LoadAverage()}).");
        md.AppendLine();
        md.AppendLine("| status | requests |");
        md.AppendLine("|---|---|");
        foreach (var (status, count) in result.Statuses)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {(status == -1 ? "not sent (the HTTP client refused it)" : status == 0 ? "no response" : status.ToString(CultureInfo.InvariantCulture))} | {count} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"5xx or dropped: **{serverErrors}**; host still ready afterwards: **{(result.HostStillReady ? "yes" : "no")}**.");
        foreach (var error in result.ServerErrors.Take(20))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- `{error.Replace("`", "'", StringComparison.Ordinal)}`");
        }

        var markdown = md.ToString();
        await File.WriteAllTextAsync(Path.Combine(outDir, "fuzz.json"), JsonSerializer.Serialize(result, Json), ct);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.md"), markdown, ct);
        if (o.Doc is not null)
        {
            DocSections.Replace(o.Doc, o.DocSection ?? "fuzz", markdown);
        }

        Console.WriteLine(markdown);
        return serverErrors == 0 && result.HostStillReady ? 0 : 1;
    }

    /// <summary>
    /// The storage-bound maximum: Azurite serves one request at a time, so the time one complaint costs it is the sum
    /// over operation kinds of (operations per complaint / raw rate of that kind alone). The task hub's requests are
    /// charged at the nearest measured kind: its table reads at a history query on the run's own history table, its
    /// table writes at a transaction, its queue reads at an empty receive, its deletes at a receive+delete cycle, its
    /// sends and message updates at a send, its blob (lease) requests at a point read.
    /// </summary>
    private static JsonObject CeilingOf(List<OpRate> rates, Dictionary<string, double> ops, Dictionary<string, double> polls, long pollCount, int completed, double achieved)
    {
        // Reads are charged at the rates measured on the pipeline's own tables when the probe had them: Azurite scans a
        // whole table to answer a partition query, so a small fresh table flatters them.
        double Rate(string kind) => (rates.FirstOrDefault(r => r.Kind == kind + "@complaints") ?? rates.FirstOrDefault(r => r.Kind == kind) ?? rates.First(r => r.Kind == "table.get")).PerSecond;
        string? RateKindOf(string kind) => kind switch
        {
            "table.get" or "table.query" or "table.insert" or "table.transaction.1" or "table.transaction.n" or "queue.receive.empty" => kind,
            "queue.send" or "queue.send.delayed" or "queue.update" or "queue.count" => "queue.send",
            "queue.delete" => "queue.receive+delete",
            "taskhub.table.get" => rates.Any(r => r.Kind == "table.query@history") ? "table.query@history" : "table.query",
            "taskhub.table.post" => "table.transaction.n",
            _ when kind.StartsWith("taskhub.table.", StringComparison.Ordinal) => "table.transaction.1",
            "taskhub.queue.get" => "queue.receive.empty",
            "taskhub.queue.delete" => "queue.receive+delete",
            _ when kind.StartsWith("taskhub.queue.", StringComparison.Ordinal) => "queue.send",
            _ when kind.StartsWith("taskhub.blob.", StringComparison.Ordinal) => "table.get",
            _ => null, // counters that are not requests (rows in transactions, messages received), ensure calls
        };
        double RateFor(string rateKind) => rateKind.Contains('@', StringComparison.Ordinal) ? rates.First(r => r.Kind == rateKind).PerSecond : Rate(rateKind);
        var terms = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (kind, n) in ops)
        {
            if (RateKindOf(kind) is { } rateKind)
            {
                terms[kind] = n / RateFor(rateKind);
            }
        }

        var seconds = terms.Values.Sum();
        var ceiling = 1 / seconds;

        // The bench's own polling (GET /complaints/{id}: what one costs was measured after the run) is part of what
        // storage carried; this shows the ceiling without it.
        var pollSeconds = polls.Sum(p => RateKindOf(p.Key) is { } k ? p.Value / RateFor(k) : 0);
        var pipelineSeconds = seconds - pollSeconds;
        var engineSeconds = terms.Where(t => t.Key.StartsWith("taskhub.", StringComparison.Ordinal)).Sum(t => t.Value);
        return new JsonObject
        {
            ["rates"] = JsonSerializer.SerializeToNode(rates, Json),
            ["secondsOfStoragePerComplaint"] = JsonSerializer.SerializeToNode(terms.ToDictionary(p => p.Key, p => Math.Round(p.Value * 1000, 3)), Json),
            ["storageMsPerComplaint"] = Math.Round(seconds * 1000, 2),
            ["taskHubStorageMsPerComplaint"] = Math.Round(engineSeconds * 1000, 2),
            ["ceilingComplaintsPerSecond"] = Math.Round(ceiling, 2),
            ["achievedComplaintsPerSecond"] = Math.Round(achieved, 2),
            ["achievedOverCeiling"] = Math.Round(achieved / ceiling, 2),
            ["pollsPerComplaint"] = Math.Round(pollCount / Math.Max(1.0, completed), 2),
            ["ceilingWithoutBenchPolling"] = Math.Round(1 / Math.Max(1e-9, pipelineSeconds), 2),
        };
    }

    /// <summary>Azurite's stall windows seen by the heartbeat, as seconds since the metrics' origin.</summary>
    private static JsonObject StallsOf(Heartbeat heartbeat, Metrics metrics)
    {
        double Seconds(long timestamp) => Math.Round((timestamp - metrics.OriginTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency, 2);
        return new JsonObject
        {
            ["count"] = heartbeat.Stalls.Count,
            ["seconds"] = Math.Round(heartbeat.StalledSeconds, 2),
            ["longestSeconds"] = Math.Round(heartbeat.LongestSeconds, 2),
            ["windows"] = new JsonArray([.. heartbeat.Stalls.Select(w => (JsonNode)new JsonArray(Seconds(w.Start), Seconds(w.End)))]),
        };
    }

    private static async Task<LoadResult> WithProgressAsync(string title, int total, Driver driver, CancellationToken ct)
    {
        LoadResult result = null!;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var filed = ctx.AddTask("filed", maxValue: total);
                var driven = ctx.AddTask("driven (acknowledged + resolved/refused/withdrawn)", maxValue: total);
                var disclosed = ctx.AddTask("disclosure drafted", maxValue: total);
                var run = driver.RunAsync(ct);
                while (!run.IsCompleted)
                {
                    filed.Value = driver.Filed;
                    driven.Value = driver.Driven;
                    disclosed.Value = driver.Disclosed + driver.FailedCount;
                    disclosed.Description = $"disclosure drafted ({driver.Disclosed}; failed {driver.FailedCount}; pending {driver.Pending})";
                    await Task.WhenAny(run, Task.Delay(250, ct));
                }

                result = await run;
                filed.Value = driver.Filed;
                driven.Value = driver.Driven;
                disclosed.Value = total;
            });
        return result;
    }

    /// <summary>Waits (bounded) until the pipeline's queues and the task hub's work-item queue are (nearly) empty.</summary>
    private static async Task WaitQueuesEmptyAsync(IQueueGateway queues, StorageNames names, TaskHubReader hub, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var total = 0;
            foreach (var q in names.Queues)
            {
                total += await queues.ApproximateCountAsync(q, ct);
            }

            // The control queues are not counted: every durable timer (a complaint's deadline, days ahead) waits there.
            total += (await hub.DepthsAsync(ct)).WorkItems;
            if (total <= 2)
            {
                await Task.Delay(3000, ct);
                return;
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>Waits (bounded) until every orchestration of <paramref name="ids"/> is at rest (<see cref="OrchestrationRow.AtRest"/>); returns how many are not, and after how long.</summary>
    private static async Task<(int NotCompleted, double Seconds)> WaitOrchestrationsAsync(TaskHubReader hub, ISet<string> ids, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var open = 0;
        var said = TimeSpan.Zero;
        while (true)
        {
            string? why = null;
            try
            {
                var (count, some) = await hub.NotCompletedAsync(ids, ct, row => row.AtRest);
                open = count;
                why = some.Count > 0 ? $"e.g. {some[0].InstanceId} {some[0].Status} {some[0].CustomStatus}" : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                open = -1; // storage not answering (a restart run): look again
                why = $"{e.GetType().Name}: {e.Message}";
            }

            if (open == 0 || clock.Elapsed >= timeout)
            {
                return (open, clock.Elapsed.TotalSeconds);
            }

            if (clock.Elapsed - said >= TimeSpan.FromSeconds(30))
            {
                said = clock.Elapsed;
                AnsiConsole.MarkupLine(Markup.Escape($"  {clock.Elapsed.TotalSeconds:F0} s: {(open < 0 ? "storage not answering" : $"{open} not at rest")}{(why is null ? string.Empty : $" ({why})")}"));
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    /// <summary>What one GET /api/complaints/{id} costs the host, by operation kind, as the responder and as the regulator.</summary>
    public sealed record PollCost(IReadOnlyDictionary<string, double> Operator, IReadOnlyDictionary<string, double> Regulator);

    private static async Task<PollCost?> CalibratePollsAsync(IReadOnlyList<Uri> hosts, BenchParties parties, IReadOnlyList<Tracked> items, CancellationToken ct)
    {
        var sample = items.FirstOrDefault(c => c?.FilingToDisclosureMs is not null);
        if (sample is null)
        {
            return null;
        }

        const int Gets = 20;
        using var api = new ApiClient([hosts[0]], 4, new Metrics());
        async Task<Dictionary<string, double>> CostAsync(string key)
        {
            var before = await StorageCountsAsync(api, [hosts[0]], ct);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Gets; i++)
            {
                await api.CallAsync("calibration", HttpMethod.Get, $"api/complaints/{sample.Id}", Auth.Key(BenchParties.KeyOf(key)), null, DateTime.UtcNow.AddSeconds(30), ct);
            }

            var elapsed = clock.Elapsed;
            var after = await StorageCountsAsync(api, [hosts[0]], ct);

            // The same time again without calls: the host's background work (the sweeper's table queries, idle
            // queue polling, the engine's own requests) lands in the same counters and is taken out.
            await Task.Delay(elapsed, ct);
            var idle = await StorageCountsAsync(api, [hosts[0]], ct);
            var background = Delta(after, idle);

            // A GET reads tables only (the engine only with ?include=workflow, which the bench never asks for).
            return Delta(before, after)
                .Where(p => p.Key.StartsWith("table.", StringComparison.Ordinal) && p.Key != "table.transaction.rows")
                .Select(p => KeyValuePair.Create(p.Key, Math.Max(0, p.Value - background.GetValueOrDefault(p.Key)) / (double)Gets))
                .Where(p => p.Value > 0)
                .ToDictionary(p => p.Key, p => Math.Round(p.Value, 2), StringComparer.Ordinal);
        }

        var responder = await CostAsync(sample.Venue ?? sample.Merchant);
        var regulator = await CostAsync(parties.Regulator);
        return new PollCost(responder, regulator);
    }

    /// <summary>
    /// Operations per complaint: ours (the pipeline's gateways, without the bench's own polls) and the task hub's, as
    /// reads, writes and messages, beside the design's minimum (<see cref="DesignMinimum"/>), and the engine's work
    /// per complaint measured (from the history) beside the minimum the design needs.
    /// </summary>
    private static JsonObject OperationsOf(Dictionary<string, double> ops, Dictionary<string, double> polls, MinimumResult minimum, OrchestrationShape shape)
    {
        static Cost Classify(IEnumerable<KeyValuePair<string, double>> kinds)
        {
            double r = 0, w = 0, m = 0;
            foreach (var (kind, n) in kinds)
            {
                var parts = kind.Split('.');
                var hub = parts[0] == "taskhub";
                var service = hub ? parts[1] : parts[0];
                var verb = hub ? parts[2] : string.Join('.', parts.Skip(1));
                if (kind is "table.transaction.rows" or "queue.receive.messages")
                {
                    continue; // counters of rows and messages, not requests
                }

                if (service == "queue")
                {
                    m += n;
                }
                else if (verb is "get" or "query" or "head")
                {
                    r += n;
                }
                else
                {
                    w += n;
                }
            }

            return new Cost(r, w, m).Round();
        }

        var oursMeasured = Classify(ops.Where(p => !p.Key.StartsWith("taskhub.", StringComparison.Ordinal)));
        var oursPolls = Classify(polls.Where(p => !p.Key.StartsWith("taskhub.", StringComparison.Ordinal)));
        var ours = new Cost(oursMeasured.Reads - oursPolls.Reads, oursMeasured.Writes - oursPolls.Writes, oursMeasured.Messages - oursPolls.Messages).Round();
        var hubMeasured = Classify(ops.Where(p => p.Key.StartsWith("taskhub.", StringComparison.Ordinal)));
        var hubPolls = Classify(polls.Where(p => p.Key.StartsWith("taskhub.", StringComparison.Ordinal)));
        var hubOps = new Cost(hubMeasured.Reads - hubPolls.Reads, hubMeasured.Writes - hubPolls.Writes, hubMeasured.Messages - hubPolls.Messages).Round();
        var idle = ops.GetValueOrDefault("queue.receive.empty");
        var total = ours.Total + hubOps.Total;

        // The provider's floor for the work the orchestrations actually recorded (wake-ups, activity calls and timers
        // from their history): how much the Azure Storage provider spends beyond it, apart from the orchestration's shape.
        var floor = (DesignMinimum.PerWakeUp.Times(shape.WakeUps) + DesignMinimum.PerActivity.Times(shape.Activities)
            + DesignMinimum.PerTimer.Times(shape.Timers) + DesignMinimum.PerStart).Round();
        return new JsonObject
        {
            ["ours"] = JsonSerializer.SerializeToNode(ours, Json),
            ["oursIncludingBenchPolls"] = JsonSerializer.SerializeToNode(oursMeasured, Json),
            ["benchPolls"] = JsonSerializer.SerializeToNode(new Cost(oursPolls.Reads + hubPolls.Reads, oursPolls.Writes + hubPolls.Writes, oursPolls.Messages + hubPolls.Messages).Round(), Json),
            ["oursEmptyReceives"] = Math.Round(idle, 2),
            ["taskHub"] = JsonSerializer.SerializeToNode(hubOps, Json),
            ["oursMinimum"] = JsonSerializer.SerializeToNode(minimum.Ours, Json),
            ["oursMinimumByStage"] = JsonSerializer.SerializeToNode(minimum.OursByStage, Json),
            ["taskHubMinimum"] = JsonSerializer.SerializeToNode(minimum.TaskHub, Json),
            ["engineMinimum"] = JsonSerializer.SerializeToNode(minimum.Engine, Json),
            ["engineMeasured"] = JsonSerializer.SerializeToNode(new EngineWork(shape.WakeUps, shape.Activities, shape.Events, shape.Timers), Json),
            ["total"] = Math.Round(total, 2),
            ["minimum"] = Math.Round(minimum.Total, 2),
            ["overMinimum"] = Math.Round(total / Math.Max(0.001, minimum.Total), 2),
            ["oursOverMinimum"] = Math.Round(ours.Total / Math.Max(0.001, minimum.Ours.Total), 2),
            ["taskHubOverMinimum"] = Math.Round(hubOps.Total / Math.Max(0.001, minimum.TaskHub.Total), 2),
            ["taskHubFloorForRecordedWork"] = JsonSerializer.SerializeToNode(floor, Json),
            ["taskHubOverFloor"] = Math.Round(hubOps.Total / Math.Max(0.001, floor.Total), 2),
        };
    }

    private static async Task<Dictionary<string, long>> StorageCountsAsync(ApiClient api, IReadOnlyList<Uri> hosts, CancellationToken ct)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            try
            {
                var text = await api.First.GetStringAsync(new Uri(host, "debug/storage-operations"), ct);
                foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, long>>(text) ?? [])
                {
                    sum[k] = sum.GetValueOrDefault(k) + v;
                }
            }
            catch (HttpRequestException)
            {
                // Counting is off on that host.
            }
        }

        return sum;
    }

    private static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);

    /// <summary>Everything the run started: Azurite, local hosts, chaos.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly List<LocalHostProcess> _hosts = [];
        private Azurite? _azurite;
        private int? _externalPid;

        private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);
        private DateTime? _lastKill;

        public (ITableGateway Tables, IQueueGateway Queues) Gateways { get; private set; }

        public IReadOnlyList<Uri> HostUris { get; private set; } = [];

        public IReadOnlyList<string> HostLogs => [.. _hosts.Select(h => h.LogFile)];

        public string? ConnectionString { get; private set; }

        public StorageNames Names { get; private set; } = new();

        /// <summary>The hosts' task hub, read directly (statuses, history, queue depths).</summary>
        public TaskHubReader TaskHub { get; private set; } = null!;

        /// <summary>Starts beyond the first of each host (kill runs restart them).</summary>
        public int HostRestarts => _hosts.Sum(h => Math.Max(0, h.Starts - 1));

        public DateTime? LastKillUtc => _lastKill;

        /// <summary>
        /// The engine settings the hosts run with: <see cref="LocalDurableOptions"/> bound from the same
        /// <c>Complaints__Durable__*</c> values the bench gives them (<c>--host-setting</c>), defaults otherwise, and the
        /// task hub named as the host names it. A fresh instance each call.
        /// </summary>
        public LocalDurableOptions HostDurableOptions()
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(_settings.Select(p => KeyValuePair.Create(p.Key.Replace("__", ":", StringComparison.Ordinal), (string?)p.Value)))
                .Build();
            var options = new LocalDurableOptions();
            configuration.GetSection(LocalDurableOptions.Section).Bind(options);
            if (string.IsNullOrEmpty(options.TaskHubName))
            {
                options.TaskHubName = LocalDurableOptions.DefaultTaskHubName + Names.Prefix;
            }

            return options;
        }

        public static async Task<Rig> StartAsync(BenchOptions o, string repo, string outDir, BenchParties parties, CancellationToken ct)
        {
            var env = new Rig();
            foreach (var setting in o.HostSettings)
            {
                var eq = setting.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new ArgumentException($"--host-setting takes KEY=VALUE (e.g. Complaints__Durable__PartitionCount=4), not '{setting}'.");
                }

                env._settings[setting[..eq]] = setting[(eq + 1)..];
            }

            if (o.TaskHub is not null)
            {
                env._settings["Complaints__Durable__TaskHubName"] = o.TaskHub;
            }

            env.Names = new StorageNames(env._settings.GetValueOrDefault("Complaints__Storage__Prefix"));
            var storage = o.Storage;
            if (storage is null && o.Url is null)
            {
                var persistent = o.PersistStorage || o.RestartStorageAfter > 0;
                AnsiConsole.MarkupLine($"Starting Azurite ({(persistent ? "on disk" : "in memory")}, free loopback ports)…");
                env._azurite = await Azurite.StartAsync(repo, Path.Combine(outDir, "azurite"), persistent, ct);
                storage = env._azurite.ConnectionString;
            }

            if (storage is not null)
            {
                env.ConnectionString = storage;
                env.Gateways = (new AzureTableGateway(new TableServiceClient(storage)), new AzureQueueGateway(new QueueServiceClient(storage, AzureQueueGateway.CreateClientOptions())));
                var durable = env.HostDurableOptions();
                env.TaskHub = new TaskHubReader(new TableServiceClient(storage), new QueueServiceClient(storage), new TaskHubNames(durable.TaskHubName, durable.PartitionCount));
            }

            if (o.Url is not null)
            {
                env.HostUris = [new Uri(o.Url.EndsWith('/') ? o.Url : o.Url + "/")];
                env._externalPid = o.HostPid;
                if (storage is null)
                {
                    throw new InvalidOperationException("--url needs --storage too (the bench samples queues and verifies storage).");
                }

                return env;
            }

            var dll = await LocalHostProcess.EnsureBuiltAsync(repo);
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            for (var i = 0; i < Math.Max(1, o.Hosts); i++)
            {
                var host = LocalHostProcess.Create(dll, storage!, secret, parties, Path.Combine(outDir, $"host{i}.log"), env._settings);
                AnsiConsole.MarkupLine($"Starting local host {i} (Release, Production) at {host.BaseAddress}…");
                await host.StartAsync(ct);
                env._hosts.Add(host);
            }

            env.HostUris = [.. env._hosts.Select(h => h.BaseAddress)];
            return env;
        }

        public IReadOnlyList<int?> HostPids() => _externalPid is { } p ? [p] : [.. _hosts.Select(h => h.Pid)];

        public int? AzuritePid() => _azurite?.Pid;

        public double HostCpuSeconds() => HostPids().Select(p => ProcStat.Read(p)?.CpuSeconds ?? 0).Sum();

        /// <summary>What the kill -9 runs saw: per kill, the orchestrations open then, and how long the restarted host took to draft again.</summary>
        public List<KillRecord> Kills { get; } = [];

        public sealed record KillRecord(double AtSeconds, int OpenOrchestrations, double ReadyAfterSeconds, double? FirstLeaseAfterReadySeconds, double? AllLeasesAfterReadySeconds, double? FirstDraftAfterReadySeconds);

        public async Task<List<string>> ChaosAsync(BenchOptions o, Func<int> drafted, CancellationToken ct)
        {
            var log = new List<string>();
            var clock = Stopwatch.StartNew();
            var tasks = new List<Task>();
            if (o.KillHostEvery > 0 && _hosts.Count > 0)
            {
                tasks.Add(Task.Run(async () =>
                {
                    var random = new Random(7);
                    var nextKill = TimeSpan.FromSeconds(o.KillHostEvery * (0.7 + (random.NextDouble() * 0.6)));
                    try
                    {
                        await Task.Delay(nextKill, ct);
                        while (!ct.IsCancellationRequested)
                        {
                            // What the host leaves: orchestrations not Completed at the moment it dies.
                            var open = -1;
                            try
                            {
                                open = (await TaskHub.NotCompletedAsync(null, ct)).Count;
                            }
                            catch (Exception e) when (e is not OperationCanceledException)
                            {
                                // Storage busy: not counted this time.
                            }

                            var host = _hosts[random.Next(_hosts.Count)];
                            var killedAt = clock.Elapsed.TotalSeconds;
                            host.KillHard();
                            _lastKill = DateTime.UtcNow;
                            lock (log)
                            {
                                log.Add($"{killedAt:F1}s kill -9 host :{host.Port} ({open} orchestrations open)");
                            }

                            await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
                            await host.RestartAsync(CancellationToken.None);
                            var readyAt = clock.Elapsed.TotalSeconds;
                            lock (log)
                            {
                                log.Add($"{readyAt:F1}s host :{host.Port} ready again");
                            }

                            // Until the next kill: when does a draft appear again? (A fresh worker takes the dead one's
                            // control-queue partitions only once their leases expire.)
                            var before = drafted();
                            double? firstDraft = null, firstLease = null, allLeases = null;
                            var partitions = HostDurableOptions().PartitionCount;
                            nextKill = TimeSpan.FromSeconds(o.KillHostEvery * (0.7 + (random.NextDouble() * 0.6)));
                            var killAt = clock.Elapsed + nextKill;
                            try
                            {
                                while (clock.Elapsed < killAt)
                                {
                                    var since = Math.Round(clock.Elapsed.TotalSeconds - readyAt, 1);
                                    if (firstDraft is null && drafted() > before)
                                    {
                                        firstDraft = since;
                                    }

                                    if (firstLease is null && host.LeasesTaken > 0)
                                    {
                                        firstLease = since;
                                    }

                                    // With several hosts the partitions are shared, so "all" means all of them only with one.
                                    if (allLeases is null && host.LeasesTaken >= (_hosts.Count == 1 ? partitions : 1))
                                    {
                                        allLeases = since;
                                    }

                                    await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
                                }
                            }
                            finally
                            {
                                lock (log)
                                {
                                    Kills.Add(new KillRecord(Math.Round(killedAt, 1), open, Math.Round(readyAt - killedAt, 1), firstLease, allLeases, firstDraft));
                                }
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        // Load finished.
                    }
                }, CancellationToken.None));
            }

            if (o.RestartStorageAfter > 0 && _azurite is not null)
            {
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(o.RestartStorageAfter), ct);
                        lock (log)
                        {
                            log.Add($"{clock.Elapsed.TotalSeconds:F1}s stopping Azurite (SIGTERM)");
                        }

                        await _azurite.RestartAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
                        lock (log)
                        {
                            log.Add($"{clock.Elapsed.TotalSeconds:F1}s Azurite listening again (same ports, same data folder); hosts not restarted");
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        // Load finished first.
                    }
                }, CancellationToken.None));
            }

            await Task.WhenAll(tasks);
            return log;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var host in _hosts)
            {
                await host.DisposeAsync();
            }

            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }
}
