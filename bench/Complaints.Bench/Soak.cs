using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Complaints.Bench.Infra;
using Complaints.Bench.Load;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Spectre.Console;

namespace Complaints.Bench;

/// <summary>
/// The memory soak: filings at a steady rate for a set time (2,400 in 10 minutes at the defaults) while the
/// pipeline records each complaint, starts its orchestration and assigns its first responder behind them; the host's
/// memory is sampled every second. Afterwards the bench waits for the pipeline to catch up, checks every complaint in
/// storage (recorded, assigned) and reads each one's orchestration status (Running, waiting for the acknowledgement;
/// none Failed or missing).
/// </summary>
public static partial class Bench
{
    public static async Task<int> SoakAsync(BenchOptions o, CancellationToken outer)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bound.CancelAfter(TimeSpan.FromMinutes(o.MaxMinutes));
        var ct = bound.Token;
        var repo = Sys.RepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(o.Output ?? Path.Combine(repo, "bench", "results"), "soak-" + stamp));
        Directory.CreateDirectory(outDir);
        var parties = BenchParties.Create(o.Merchants, o.Venues);
        var (narratives, _) = Narratives.Load(repo);
        AnsiConsole.MarkupLine($"[bold]Soak[/]: {o.SoakRate}/s for {o.SoakMinutes} min  results → [blue]{Markup.Escape(outDir)}[/]  load average {ProcStat.LoadAverage()}");
        await using var env = await Rig.StartAsync(o, repo, outDir, parties, ct);
        var (tables, queues) = env.Gateways;
        var names = env.Names;
        var hub = env.TaskHub;
        var metrics = new Metrics();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients * 4 }) { BaseAddress = env.HostUris[0], Timeout = TimeSpan.FromSeconds(o.StepTimeout) };

        var total = (int)Math.Round(o.SoakRate * o.SoakMinutes * 60);
        var ids = new string?[total];
        var posted = 0;
        var created = 0;
        var sampler = new Sampler(queues, names, env.HostPids, env.AzuritePid, () => (Volatile.Read(ref created), 0), hub);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var samplingTask = sampler.RunAsync(sampling.Token);
        using var slots = new SemaphoreSlim(o.Clients * 4);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"{total} filings at {o.SoakRate}/s", maxValue: total);
            for (var i = 0; i < total && !ct.IsCancellationRequested; i++)
            {
                var due = TimeSpan.FromSeconds(i / o.SoakRate) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                await slots.WaitAsync(ct);
                var index = i;
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
                        {
                            ["consumer"] = new Dictionary<string, object?> { ["name"] = $"Soak {index}", ["phone"] = $"139{index % 100_000_000:D8}" },
                            ["merchantId"] = parties.Merchants[index % parties.Merchants.Count],
                            ["venueId"] = index % 2 == 0 ? parties.Venues[index / 2 % parties.Venues.Count] : null,
                            ["category"] = "delivery",
                            ["description"] = narratives[index % narratives.Count],
                            ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = 50 + (index % 900), ["currency"] = "CNY" },
                        });
                        using var content = new StringContent(body, Encoding.UTF8, "application/json");
                        var t0 = Stopwatch.GetTimestamp();
                        using var response = await http.PostAsync("api/complaints", content, ct);
                        var text = await response.Content.ReadAsStringAsync(ct);
                        metrics.Record("POST /complaints", Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        metrics.Status("POST /complaints", (int)response.StatusCode);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            ids[index] = JsonNode.Parse(text)?["complaintId"]?.GetValue<string>();
                            Interlocked.Increment(ref created);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                    {
                        metrics.Status("POST /complaints", 0);
                    }
                    finally
                    {
                        Interlocked.Increment(ref posted);
                        task.Increment(1);
                        slots.Release();
                    }
                }, ct));
            }

            await Task.WhenAll(inFlight);
        });
        var filingSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // The pipeline records and assigns behind the filings: each complaint's orchestration starts, loads the Filed
        // event and assigns the first responder. Wait until the intake table, the pipeline's queues and the task hub's
        // work items are empty, then until every created complaint's state row says Assigned (those not yet are
        // read again each round).
        AnsiConsole.MarkupLine("Waiting for the pipeline to record and assign every filing…");
        var drainStarted = Stopwatch.GetTimestamp();
        var drained = false;
        var createdIds = ids.Where(id => id is not null).Select(id => id!).ToArray();
        var notYet = createdIds.ToList();
        var recordedIds = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested && Stopwatch.GetElapsedTime(drainStarted).TotalSeconds < o.DrainTimeout)
        {
            var waiting = 0;
            foreach (var shard in Complaints.Storage.Stores.IntakeStore.AllShards)
            {
                waiting += (await tables.QueryPartitionAsync(names.IntakeTable, shard, null, 1, null, ct)).Rows.Count;
            }

            var depth = 0;
            foreach (var q in names.Queues)
            {
                depth += await queues.ApproximateCountAsync(q, ct);
            }

            depth += (await hub.DepthsAsync(ct)).WorkItems;
            if (waiting == 0 && depth == 0)
            {
                var stillNot = new System.Collections.Concurrent.ConcurrentBag<string>();
                var cursor = -1;
                var round = notYet.ToArray();
                await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref cursor)) < round.Length && !ct.IsCancellationRequested)
                    {
                        var row = await tables.GetAsync(names.ComplaintsTable, round[i], "state", ct);
                        if (row is not null)
                        {
                            recordedIds.TryAdd(round[i], 0);
                        }

                        if (row?.GetString("Status") != "Assigned")
                        {
                            stillNot.Add(round[i]);
                        }
                    }
                }));
                notYet = [.. stillNot];
                if (notYet.Count == 0)
                {
                    drained = true;
                    break;
                }
            }

            await Task.Delay(1000, ct);
        }

        var drainSeconds = Stopwatch.GetElapsedTime(drainStarted).TotalSeconds;
        await sampling.CancelAsync();
        await samplingTask;
        var recorded = recordedIds.Count;
        var assigned = createdIds.Length - notYet.Count;

        // The engine's view: each created complaint's orchestration is Running (waiting for the acknowledgement, with
        // its deadline timer); none Failed, none missing.
        var instances = await hub.ReadInstancesAsync(ct);
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in createdIds)
        {
            var status = instances.TryGetValue(id, out var row) ? row.Status : "Missing";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }

        var failedOrMissing = statuses.Where(p => p.Key is "Failed" or "Missing" or "Terminated").Sum(p => p.Value);

        var samples = sampler.Samples;
        var perMinute = samples
            .Where(s => s.HostRssMb is not null)
            .GroupBy(s => (int)(s.T / 60))
            .Select(g => new JsonObject
            {
                ["minute"] = g.Key,
                ["hostRssMbMin"] = g.Min(s => s.HostRssMb),
                ["hostRssMbMax"] = g.Max(s => s.HostRssMb),
                ["azuriteRssMbMax"] = g.Max(s => s.AzuriteRssMb),
                ["filed"] = g.Max(s => s.Filed),
                ["intakeQueueMax"] = g.Max(s => s.QueueDepths.GetValueOrDefault(names.IntakeQueue)),
                ["eventsQueueMax"] = g.Max(s => s.QueueDepths.GetValueOrDefault(names.EventsQueue)),
                ["hubControlMax"] = g.Max(s => s.HubControlDepth),
                ["hubWorkItemsMax"] = g.Max(s => s.HubWorkItemsDepth),
            })
            .ToList();
        var filing = metrics.Summaries().GetValueOrDefault("POST /complaints");
        var report = new JsonObject
        {
            ["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["command"] = string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            ["machine"] = JsonSerializer.SerializeToNode(ProcStat.Machine()),
            ["filings"] = total,
            ["posted"] = posted,
            ["created"] = created,
            ["filingSeconds"] = Math.Round(filingSeconds, 1),
            ["filingsPerSecond"] = Math.Round(created / filingSeconds, 2),
            ["filingLatencyMs"] = JsonSerializer.SerializeToNode(filing),
            ["statuses"] = JsonSerializer.SerializeToNode(metrics.Statuses),
            ["drainSeconds"] = Math.Round(drainSeconds, 1),
            ["drained"] = drained,
            ["recorded"] = recorded,
            ["assigned"] = assigned,
            ["orchestrationStatuses"] = JsonSerializer.SerializeToNode(statuses),
            ["peakHostRssMb"] = Math.Round(sampler.PeakHostRssMb, 1),
            ["peakAzuriteRssMb"] = Math.Round(sampler.PeakAzuriteRssMb, 1),
            ["perMinute"] = new JsonArray([.. perMinute]),
            ["samples"] = JsonSerializer.SerializeToNode(samples),
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {report["date"]}: `dotnet run -c Release --project bench/Complaints.Bench -- {report["command"]}` on {Environment.ProcessorCount} cores; load average at end {ProcStat.LoadAverage()}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{created:N0} of {total:N0} filings created (201) in {filingSeconds:F0} s ({created / filingSeconds:F1}/s); POST /api/complaints p50 {filing?.P50} ms, p95 {filing?.P95} ms, p99 {filing?.P99} ms, max {filing?.Max} ms. {(drained ? $"The pipeline caught up {drainSeconds:F0} s after the last filing" : $"The intake table and the queues were not empty when the {o.DrainTimeout:F0} s wait ended")}; in storage {recorded:N0} complaints recorded, {assigned:N0} of them assigned to their first responder; their orchestrations: {string.Join(", ", statuses.Select(p => $"{p.Key} {p.Value:N0}"))}. Peak RSS: host {sampler.PeakHostRssMb:F1} MB, Azurite {sampler.PeakAzuriteRssMb:F1} MB.");
        md.AppendLine();
        md.AppendLine("| minute | host RSS MB (min–max) | Azurite RSS MB (max) | filed by then | complaint-intake depth (max) | complaint-events depth (max) | hub control queues (max; timers included) | hub work items (max) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var m in perMinute)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {m["minute"]} | {m["hostRssMbMin"]}–{m["hostRssMbMax"]} | {m["azuriteRssMbMax"]} | {m["filed"]} | {m["intakeQueueMax"]} | {m["eventsQueueMax"]} | {m["hubControlMax"]} | {m["hubWorkItemsMax"]} |");
        }

        var markdown = md.ToString();
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.md"), markdown, ct);
        AnsiConsole.WriteLine(markdown);
        if (o.Doc is not null)
        {
            DocSections.Replace(o.Doc, o.DocSection ?? "soak", markdown);
        }

        return created == total && recorded == created && assigned == created && failedOrMissing == 0 ? 0 : 1;
    }
}
