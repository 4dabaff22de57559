using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Complaints.Bench.Infra;
using Complaints.Bench.Load;
using Complaints.Core;
using Complaints.Core.Indicators;
using Complaints.Storage.Stores;
using Spectre.Console;
using static Complaints.Core.ComplaintEvent;

namespace Complaints.Bench;

/// <summary>One timed query of the trends bench at one size.</summary>
public sealed record TrendLatency(int Complaints, string Query, LatencySummary Latency, int CellsInRange, int Points);

/// <summary>
/// Trends and indicators as the number of complaints grows (issue 12, docs/adr/0012): the counters are seeded through
/// <see cref="IndicatorStore.ApplyAsync"/>, the very call the projection makes, with each synthetic complaint's
/// contribution computed by <see cref="IndicatorCounts.Of"/> from its state (folded from a generated history); then
/// the public trend routes and the regulator's slice are timed over real HTTP against the Release local host.
/// </summary>
public static partial class Bench
{
    private static readonly string[] TrendQueries =
    [
        "api/public/trends",
        "api/public/trends?by=category",
        "api/public/trends?by=region",
        "api/public/trends?by=region&region=330000",
        "api/public/trends?period=quarter&region=330100&category=goods-quality",
    ];

    public static async Task<int> TrendsAsync(BenchOptions o, IReadOnlyList<int> sizes, int repeats, int applyUpTo, CancellationToken outer)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bound.CancelAfter(TimeSpan.FromMinutes(o.MaxMinutes));
        var ct = bound.Token;
        var repo = Sys.RepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(o.Output ?? Path.Combine(repo, "bench", "results"), "trends-" + stamp));
        Directory.CreateDirectory(outDir);
        var parties = BenchParties.Create(o.Merchants, o.Venues);
        var loadAtStart = ProcStat.LoadAverage();
        await using var env = await Rig.StartAsync(o, repo, outDir, parties, ct);
        var store = new IndicatorStore(env.Gateways.Tables, env.Names);
        var seeder = new TrendSeeder(parties, DateTime.UtcNow) { ApplyUpTo = applyUpTo };
        using var http = new HttpClient { BaseAddress = env.HostUris[0], Timeout = TimeSpan.FromSeconds(60) };
        var regulatorKey = BenchParties.KeyOf(parties.Regulator);
        var merchant = parties.Merchants[0];
        var results = new List<TrendLatency>();
        var seeding = new JsonArray();
        foreach (var size in sizes.Order())
        {
            var clock = Stopwatch.StartNew();
            var from = seeder.Seeded;
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"projecting complaints into the counters, to {size}", maxValue: size - from);
                await seeder.SeedToAsync(store, size, o.Clients, n => task.Value = n, ct);
            });
            var seconds = clock.Elapsed.TotalSeconds;
            seeding.Add(new JsonObject { ["to"] = size, ["added"] = size - from, ["oneByOneSoFar"] = seeder.AppliedOneByOne, ["seconds"] = Math.Round(seconds, 1), ["perSecond"] = Math.Round((size - from) / seconds, 1) });
            var cells = 0;
            foreach (var month in seeder.Months)
            {
                cells += (await store.ReadMonthAsync(month, null, ct)).Count;
            }

            AnsiConsole.MarkupLine($"[bold]Trends[/] with {size} complaints ({cells} cells in the 12 months; seeded in {seconds:F0} s)");
            foreach (var query in TrendQueries)
            {
                results.Add(await TimeTrendAsync(http, size, query, null, repeats, cells, ct));
            }

            results.Add(await TimeTrendAsync(http, size, $"api/public/merchants/{merchant}/history", null, repeats, cells, ct));
            results.Add(await TimeTrendAsync(http, size, "api/regulator/indicators?region=330000&compareRegion=440000", regulatorKey, repeats, cells, ct));
            results.Add(await TimeTrendAsync(http, size, $"api/regulator/indicators?merchantId={merchant}&from={seeder.Months[^1]:yyyy-MM}&to={seeder.Months[6]:yyyy-MM}&compareFrom={seeder.Months[5]:yyyy-MM}&compareTo={seeder.Months[0]:yyyy-MM}", regulatorKey, repeats, cells, ct));
        }

        var report = new JsonObject
        {
            ["startedUtc"] = stamp,
            ["loadAverageAtStart"] = loadAtStart,
            ["loadAverageAtEnd"] = ProcStat.LoadAverage(),
            ["merchants"] = parties.Merchants.Count,
            ["venues"] = parties.Venues.Count,
            ["seeding"] = seeding,
            ["latencies"] = JsonSerializer.SerializeToNode(results, Json),
        };
        await File.WriteAllTextAsync(Path.Combine(outDir, "trends.json"), report.ToJsonString(Json), ct);
        var markdown = TrendsMarkdown(sizes, repeats, applyUpTo, results, seeding, loadAtStart, ProcStat.LoadAverage(), parties);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.md"), markdown, ct);
        if (o.Doc is not null)
        {
            DocSections.Replace(o.Doc, o.DocSection ?? "trends", markdown);
        }

        Console.WriteLine(markdown);
        AnsiConsole.MarkupLine($"Results: [blue]{Markup.Escape(outDir)}[/]/trends.json, summary.md");
        return 0;
    }

    private static async Task<TrendLatency> TimeTrendAsync(HttpClient http, int size, string path, string? key, int repeats, int cells, CancellationToken ct)
    {
        var latencies = new List<double>();
        var points = 0;
        for (var i = -2; i < repeats; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
            }

            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
            }

            if (i >= 0)
            {
                latencies.Add(elapsed); // the first two warm caches and connections
            }

            points = JsonNode.Parse(body)?["series"]?.AsArray().Count ?? 1;
        }

        return new TrendLatency(size, path, LatencySummary.Of([.. latencies]), cells, points);
    }

    private static string TrendsMarkdown(IReadOnlyList<int> sizes, int repeats, int applyUpTo, List<TrendLatency> results, JsonArray seeding, string loadAtStart, string loadAtEnd, BenchParties parties)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:u}: `./bench/run.sh trends --sizes {string.Join(',', sizes)} --apply-up-to {applyUpTo} --merchants {parties.Merchants.Count} --venues {parties.Venues.Count}` (load average {loadAtStart} at the start, {loadAtEnd} at the end). Each query {repeats} times in sequence after two warm-up calls, over real HTTP to the Release local host on in-memory Azurite.");
        md.AppendLine();
        md.AppendLine("| complaints | seeded (added, s, per s) | counted one by one (`ApplyAsync`) so far; the rest in bulk (`AddNewAsync`) |");
        md.AppendLine("|---|---|---|");
        foreach (var s in seeding)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s!["to"]} | {s["added"]} in {s["seconds"]} s ({s["perSecond"]}/s) | {s["oneByOneSoFar"]} |");
        }

        md.AppendLine();
        var smallest = sizes.Min();
        var largest = sizes.Max();
        var header = string.Join(" | ", sizes.Order().Select(s => string.Create(CultureInfo.InvariantCulture, $"p50 / p95 ms at {s:N0}")));
        md.AppendLine(CultureInfo.InvariantCulture, $"| query | {header} | p50 {largest:N0} / {smallest:N0} |");
        md.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---|")) + "---|");
        foreach (var query in results.Select(r => r.Query).Distinct())
        {
            var row = results.Where(r => r.Query == query).ToDictionary(r => r.Complaints);
            var ratio = row[largest].Latency.P50 / Math.Max(0.01, row[smallest].Latency.P50);
            var cellsText = string.Join(" | ", sizes.Order().Select(s => string.Create(CultureInfo.InvariantCulture, $"{row[s].Latency.P50:0.0} / {row[s].Latency.P95:0.0}")));
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{query.Replace("api/", "/", StringComparison.Ordinal)}` | {cellsText} | **{ratio:0.00}** |");
        }

        md.AppendLine();
        md.AppendLine("| complaints | cells in the 12 months read |");
        md.AppendLine("|---|---|");
        foreach (var size in sizes.Order())
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {results.First(r => r.Complaints == size).CellsInRange:N0} |");
        }

        return md.ToString();
    }

    /// <summary>
    /// Synthetic complaints over 12 months, the bench merchants (each in its region), no venue or the first one, every
    /// category: the first complaints take every cell once, so each size reads the same cells and only the counts grow.
    /// Histories: resolved (1 to 20 days, rated), withdrawn, untimely and escalated, advance-compensated, still open.
    /// </summary>
    private sealed class TrendSeeder(BenchParties parties, DateTime now)
    {
        private readonly Category[] categories = Enum.GetValues<Category>();

        public int Seeded { get; private set; }

        public DateOnly[] Months { get; } = [.. Enumerable.Range(0, 12).Select(i => new DateOnly(now.Year, now.Month, 1).AddMonths(-i))];

        private int Cells => Months.Length * parties.Merchants.Count * 2 * categories.Length;

        /// <summary>Complaints past this many are counted in bulk (<see cref="IndicatorStore.AddNewAsync"/>), 5,000 at a time.</summary>
        public int ApplyUpTo { get; init; } = int.MaxValue;

        /// <summary>How many complaints were counted one by one (<see cref="IndicatorStore.ApplyAsync"/>) so far.</summary>
        public int AppliedOneByOne { get; private set; }

        public async Task SeedToAsync(IndicatorStore store, int total, int concurrency, Action<int> progress, CancellationToken ct)
        {
            var start = Seeded;
            var oneByOne = Math.Clamp(ApplyUpTo, Seeded, total);
            var next = Seeded - 1;
            var done = 0;
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < oneByOne)
                {
                    await store.ApplyAsync(IndicatorContribution.Of(Complaint.Replay(History(i)))!, ct);
                    var n = Interlocked.Increment(ref done);
                    if (n % 100 == 0)
                    {
                        progress(n);
                    }
                }
            }));
            AppliedOneByOne += oneByOne - start;
            for (var from = oneByOne; from < total; from += 5000)
            {
                var end = Math.Min(total, from + 5000);
                await store.AddNewAsync([.. Enumerable.Range(from, end - from).Select(i => IndicatorContribution.Of(Complaint.Replay(History(i)))!)], concurrency, ct);
                progress(end - start);
            }

            Seeded = total;
        }

        private List<ComplaintEvent> History(int i)
        {
            // The first Cells complaints cover every cell once; then a seeded random cell each.
            var cell = i < Cells ? i : new Random(i).Next(Cells);
            var month = Months[cell % Months.Length];
            var rest = cell / Months.Length;
            var category = categories[rest % categories.Length];
            rest /= categories.Length;
            var venue = rest % 2 == 1 ? new PartyId(parties.Venues[0]) : (PartyId?)null;
            var merchant = parties.Merchants[rest / 2];
            var at = new DateTimeOffset(month.Year, month.Month, 1 + (i % 27), 8, 0, 0, TimeSpan.Zero).AddMinutes(i % 600);
            var merchantId = new PartyId(merchant);
            var responder = venue ?? merchantId;
            var snapshot = new MerchantSnapshot(merchantId, merchant, "91310000BENCH00000", true, BenchParties.RegionOf(merchant));
            var filed = new Filed(new ComplaintId($"c-bench-{i:D7}"), snapshot,
                venue is { } v ? new VenueSnapshot(v, v.Value, VenueKind.OnlinePlatform, AdvanceCompensationEnrolment.None) : null,
                category, Money.Of(100m + (i % 500), "CNY"), false, at);
            var assigned = new FirstResponderAssigned(responder, at.AddDays(1), at);
            var kind = i % 10;
            var days = 1 + (i % 20);
            return kind switch
            {
                < 6 =>
                [
                    filed, assigned, new Acknowledged(responder, kind != 5, at.AddDays(8), at.AddHours(kind == 5 ? 30 : 2)),
                    new ResolutionProposed(merchantId, Remedy.Refund, Money.Of(50m, "CNY"), null, true, at.AddDays(days + 7), at.AddDays(days - 0.5)),
                    new Confirmed(false, at.AddDays(days - 0.2)), new Closed(ComplaintOutcome.MonetaryRelief, at.AddDays(days - 0.2)),
                    new Evaluated(1 + (i % 5), null, at.AddDays(days)),
                ],
                6 => [filed, assigned, new ComplaintEvent.Withdrawn(at.AddHours(5))],
                7 =>
                [
                    filed, assigned, new DeadlineMissed(DeadlineKind.Acknowledge, at.AddDays(1), responder, at.AddDays(1)),
                    new Escalated(EscalationReason.AcknowledgeDeadlineMissed, at.AddDays(46), at.AddDays(1)),
                ],
                8 when venue is { } paidBy =>
                [
                    filed, assigned, new Acknowledged(responder, true, at.AddDays(8), at.AddHours(1)),
                    new Refused(merchantId, "No.", true, at.AddDays(1)),
                    new AdvanceCompensationRequested($"p-{i}", paidBy, Money.Of(80m, "CNY"), AdvanceCompensationTrigger.Refusal, false, at.AddDays(1)),
                    new PayoutSettled($"p-{i}", at.AddDays(2)), new Closed(ComplaintOutcome.AdvanceCompensated, at.AddDays(2)),
                ],
                _ => [filed, assigned, new Acknowledged(responder, true, at.AddDays(8), at.AddHours(3))],
            };
        }
    }
}
