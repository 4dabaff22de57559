using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Complaints.Bench.Infra;
using Complaints.Bench.Load;
using Complaints.Bench.Probes;
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
/// The full export's memory: the disclosure index is seeded (as the feed probe seeds it) to each size, then
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
        var feed = new Feed(tables, env.Names, parties.Merchants, 4);
        using var http = new HttpClient { BaseAddress = env.HostUris[0], Timeout = TimeSpan.FromMinutes(30) };
        var runs = new List<ExportRun>();
        foreach (var size in sizes)
        {
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"seeding the disclosure index to {size}", maxValue: size - feed.Stored);
                await feed.SeedToAsync(size, n => task.Value = n, ct);
            });
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
