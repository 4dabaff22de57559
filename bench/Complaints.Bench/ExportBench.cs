using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Complaints.Bench.Infra;
using Complaints.Bench.Load;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Spectre.Console;

namespace Complaints.Bench;

/// <summary>One export of the whole index: what it sent, how long it took, and the host's resident memory around it.</summary>
/// <param name="Stored">Published disclosures in the index.</param>
/// <param name="Format">csv or jsonl.</param>
/// <param name="Rows">Records received (CSV: lines after the header).</param>
/// <param name="Bytes">Bytes of the body.</param>
/// <param name="Seconds">First request byte to the body's end.</param>
/// <param name="FirstByteMs">Until the response's headers.</param>
/// <param name="RssBeforeMb">The host's RSS just before the request.</param>
/// <param name="RssPeakMb">The highest RSS sampled (every 20 ms) while the body streamed.</param>
public sealed record ExportRun(int Stored, string Format, int Rows, long Bytes, double Seconds, double FirstByteMs, double RssBeforeMb, double RssPeakMb)
{
    public double RssGrowthMb => RssPeakMb - RssBeforeMb;
}

/// <summary>
/// The full export's memory: the disclosure index's month partitions are seeded to each size, then
/// <c>GET /api/public/disclosures/export</c> is read to its end as CSV and as JSON lines, while the host's RSS is
/// sampled. Streaming holds one storage batch (1,000 rows) at a time, so the growth must not depend on the size; a
/// server that buffered the result would grow by a multiple of the body's size.
/// </summary>
public static partial class Bench
{
    public static async Task<int> ExportAsync(BenchOptions o, CancellationToken outer)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bound.CancelAfter(TimeSpan.FromMinutes(o.MaxMinutes));
        var ct = bound.Token;
        var repo = Sys.RepositoryRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(o.Output ?? Path.Combine(repo, "bench", "results"), "export-" + stamp));
        Directory.CreateDirectory(outDir);
        var sizes = o.FeedSizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
        var parties = BenchParties.Create(o.Merchants, o.Venues);
        AnsiConsole.MarkupLine($"[bold]Export[/] at {string.Join(", ", sizes)} published disclosures  results → [blue]{Markup.Escape(outDir)}[/]  load average {ProcStat.LoadAverage()}");
        await using var env = await Rig.StartAsync(o, repo, outDir, parties, ct);
        var (tables, _) = env.Gateways;
        var pid = env.HostPids().FirstOrDefault();
        var stored = 0;
        using var http = new HttpClient { BaseAddress = env.HostUris[0], Timeout = TimeSpan.FromMinutes(30) };
        var runs = new List<ExportRun>();
        foreach (var size in sizes)
        {
            var seeding = Stopwatch.StartNew();
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"seeding the disclosure index to {size}", maxValue: size - stored);
                await SeedMonthRowsAsync(tables, env.Names, parties.Merchants, stored, size, n => task.Value = n, ct);
            });
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"seeded to {size} in {seeding.Elapsed.TotalSeconds:F0} s");
            stored = size;
            foreach (var format in new[] { "csv", "jsonl" })
            {
                var run = await ExportOnceAsync(http, pid, size, format, ct);
                runs.Add(run);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"{size} stored, {format}: {run.Rows} rows, {run.Bytes / 1e6:F1} MB in {run.Seconds:F1} s; host RSS {run.RssBeforeMb:F0} → peak {run.RssPeakMb:F0} MB");
            }
        }

        var markdown = ExportMarkdown(runs, o);
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(new { machine = ProcStat.Machine(), runs }, Json), ct);
        await File.WriteAllTextAsync(Path.Combine(outDir, "summary.md"), markdown, ct);
        if (o.Doc is not null)
        {
            DocSections.Replace(o.Doc, o.DocSection ?? "export", markdown);
        }

        Console.WriteLine(markdown);
        return runs.All(r => r.Rows == r.Stored) ? 0 : 1;
    }

    /// <summary>
    /// Published records <paramref name="from"/> to <paramref name="to"/> (exclusive), in the month partitions only: the
    /// partitions an unfiltered export reads (the projector also lists each under its merchant, category and outcome,
    /// which this probe leaves out: Azurite's inserts slow down as the table grows, and those rows are not read here).
    /// </summary>
    private static async Task SeedMonthRowsAsync(ITableGateway tables, StorageNames names, IReadOnlyList<string> merchants, int from, int to, Action<int> progress, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(now.Year, now.Month, 1).AddMonths(-i)).ToArray();
        var batches = Enumerable.Range(from, to - from)
            .Select(i => Probes.Feed.BenchRecord(i, months[i % months.Length], merchants,
                "The parcel arrived two weeks late and the seller refunded the delivery fee after the complaint. 快递晚到两周，商家退了运费。"))
            .GroupBy(r => r.MonthReceived)
            .SelectMany(g => g.Chunk(100))
            .ToList();
        var next = -1;
        var written = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Count)
            {
                var rows = batches[b];
                var partition = DisclosurePartitions.Month(DateOnly.ParseExact(rows[0].MonthReceived, "yyyy-MM", CultureInfo.InvariantCulture));
                await tables.SubmitTransactionAsync(names.DisclosureIndexTable,
                    [.. rows.Select(r => (TableOperation)new TableOperation.Upsert(new Complaints.Storage.Gateway.TableRow(partition, r.DisclosureId, new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(r) })))], ct);
                progress(Interlocked.Add(ref written, rows.Length));
            }
        }));
    }

    private static async Task<ExportRun> ExportOnceAsync(HttpClient http, int? pid, int stored, string format, CancellationToken ct)
    {
        // The month range covers what the feed probe seeds (the last 12 months), so every stored record matches.
        var now = DateTime.UtcNow;
        var from = new DateOnly(now.Year, now.Month, 1).AddMonths(-12).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // let the host settle after seeding
        var before = ProcStat.Read(pid)?.RssBytes ?? 0;
        var peak = before;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ProcStat.Read(pid)?.RssBytes ?? 0);
                try
                {
                    await Task.Delay(20, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }, CancellationToken.None);

        var t0 = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync($"api/public/disclosures/export?format={format}&from={from}", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var firstByte = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long bytes = 0;
        var lines = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        // CSV: a header line, and a narrative never holds a line break here (the probe's narrative is one line).
        var rows = format == "csv" ? lines - 1 : lines;
        return new ExportRun(stored, format, rows, bytes, Math.Round(seconds, 2), Math.Round(firstByte, 1), Mb(before), Mb(peak));
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1024d / 1024d, 1);

    private static string ExportMarkdown(IReadOnlyList<ExportRun> runs, BenchOptions o)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:u}: `./bench/run.sh export --feed-sizes {o.FeedSizes}` on {Environment.ProcessorCount} cores (load average at the end {ProcStat.LoadAverage()}); one local host (Release, Production) over in-memory Azurite.");
        md.AppendLine();
        md.AppendLine("| stored | format | rows | body | time | first byte | rows/s | host RSS before | peak while streaming | growth |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Stored:N0} | {r.Format} | {r.Rows:N0} | {r.Bytes / 1e6:F1} MB | {r.Seconds:F1} s | {r.FirstByteMs:F0} ms | {r.Rows / Math.Max(r.Seconds, 0.001):N0} | {r.RssBeforeMb:F0} MB | {r.RssPeakMb:F0} MB | {r.RssGrowthMb:+0;-0;0} MB |");
        }

        return md.ToString();
    }
}
