using System.Diagnostics;
using System.Globalization;
using System.Text;
using Complaints.Bench.Infra;
using Complaints.Core.Disclosure;
using Complaints.Testing;

namespace Complaints.Bench;

/// <summary>
/// The <c>scrub</c> subcommand: over-scrubbing and speed of the narrative scrubber on the real CFPB sample, in
/// process, with no storage and no host. Over-scrubbing: how many narratives are published, how many of their
/// characters are masked, by kind, with examples before and after. Speed: the whole publish path
/// (<see cref="DisclosureBuilder.PublishableNarrative"/>: scrub, then the consumer-string check) per call, on 6,000
/// characters of CFPB text, 6,000 characters of Chinese text full of personal data, and the longest CFPB narrative.
/// </summary>
public static class ScrubBench
{
    /// <summary>A consumer whose strings are in no CFPB narrative, so that the consumer check runs in full.</summary>
    private static readonly ConsumerContact Consumer = new("Zhang Meiling", "+86 139 0101 2345", "meiling.zhang@example.cn");

    private const string ChineseWithPii =
        "我叫王小明，电话１３８　１２３４　５６７８，座机(021) 6888-1234。2026年3月2日在平台下单，订单号2023111512345678，"
        + "付款¥1,299，银行卡6222 0212 3456 7890 128。快递送到北京市朝阳区建国路88号SOHO现代城5号楼1单元1201室，运单SF1234567890。"
        + "身份证110105 19491231 002X，邮箱wang.li at qq dot com，车牌京A·12345。客服一直让我等待，已经过去了两个星期，商家拒绝退货。";

    public static int Run(string? cfpb, int iterations, string? output, string? doc, string? docSection)
    {
        var repo = Sys.RepositoryRoot();
        var narratives = CfpbSample.Narratives(cfpb ?? CfpbSample.Locate());
        var md = new StringBuilder();
        var machine = ProcStat.Machine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:u} on {machine["cores"]} cores ({machine.GetValueOrDefault("cpu", "?")}), .NET {machine["dotnet"]}, load average at start {ProcStat.LoadAverage()}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Complaints.Bench -- scrub --iterations {iterations}`; input {CfpbSample.RelativePath} ({narratives.Count} narratives).");
        md.AppendLine();
        OverScrubbing(narratives, md);
        Speed(narratives, iterations, md);

        var markdown = md.ToString();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var outDir = Path.GetFullPath(Path.Combine(output ?? Path.Combine(repo, "bench", "results"), "scrub-" + stamp));
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "summary.md"), markdown);
        if (doc is not null)
        {
            DocSections.Replace(doc, docSection ?? "scrub", markdown);
        }

        Console.WriteLine(markdown);
        return 0;
    }

    private static void OverScrubbing(IReadOnlyList<string> narratives, StringBuilder md)
    {
        var published = 0;
        var characters = 0L;
        var masked = 0L;
        var touched = 0;
        var byKind = new Dictionary<PiiKind, (int Spans, long Characters)>();
        var examples = new List<(PiiKind Kind, string Before, string After)>();
        foreach (var narrative in narratives)
        {
            characters += narrative.Length;
            if (DisclosureBuilder.PublishableNarrative(narrative, Consumer) is not null)
            {
                published++;
            }

            var result = PiiScrubber.Analyse(narrative, Consumer);
            touched += result.Masked.Count > 0 ? 1 : 0;
            foreach (var span in result.Masked)
            {
                masked += span.Length;
                var (spans, chars) = byKind.GetValueOrDefault(span.Kind);
                byKind[span.Kind] = (spans + 1, chars + span.Length);
                if (examples.Count(e => e.Kind == span.Kind) < 3)
                {
                    examples.Add((span.Kind, Excerpt(narrative, span, []), Excerpt(narrative, span, result.Masked)));
                }
            }
        }

        md.AppendLine("**Over-scrubbing on the CFPB sample** (CFPB has already replaced most personal data with XXXX, so nearly every mask here is over-scrubbing or a date)");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| narratives published (with consent) | {published} of {narratives.Count} ({Percent(published, narratives.Count)}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| narratives with anything masked | {touched} ({Percent(touched, narratives.Count)}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| characters masked | {masked:N0} of {characters:N0} ({Percent(masked, characters, 3)}) |");
        foreach (var (kind, (spans, chars)) in byKind.OrderByDescending(k => k.Value.Spans))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {PiiScrubber.TokenOf(kind)} | {spans} spans, {chars:N0} characters |");
        }

        md.AppendLine();
        md.AppendLine("Examples (the first ones of each kind in file order), before → after:");
        md.AppendLine();
        foreach (var (kind, before, after) in examples.OrderBy(e => e.Kind))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- `{PiiScrubber.TokenOf(kind)}`: “{before}” → “{after}”");
        }

        md.AppendLine();
    }

    private static void Speed(IReadOnlyList<string> narratives, int iterations, StringBuilder md)
    {
        var english = new StringBuilder();
        foreach (var narrative in narratives)
        {
            english.Append(narrative).Append("\n\n");
            if (english.Length >= 6_000)
            {
                break;
            }
        }

        var chinese = new StringBuilder();
        while (chinese.Length < 6_000)
        {
            chinese.Append(ChineseWithPii);
        }

        var longest = narratives.MaxBy(n => n.Length)!;
        md.AppendLine(CultureInfo.InvariantCulture, $"**Speed of the publish path** (scrub, then the consumer check), one thread, {iterations:N0} timed calls each after {iterations / 10:N0} warm-up calls, each call timed alone with `Stopwatch`:");
        md.AppendLine();
        md.AppendLine("| input | characters | median ms | p95 ms | p99 ms | max ms |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, text) in new[] { ("CFPB narratives, cut", english.ToString(0, 6_000)), ("Chinese text full of PII, cut", chinese.ToString(0, 6_000)), ("the longest CFPB narrative", longest) })
        {
            var times = Time(text, iterations);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {text.Length:N0} | {Quantile(times, 0.5):F3} | {Quantile(times, 0.95):F3} | {Quantile(times, 0.99):F3} | {times[^1]:F3} |");
        }

        md.AppendLine();
    }

    private static double[] Time(string text, int iterations)
    {
        for (var i = 0; i < iterations / 10; i++)
        {
            _ = DisclosureBuilder.PublishableNarrative(text, Consumer) ?? throw new InvalidOperationException("The benchmark text was not published.");
        }

        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = DisclosureBuilder.PublishableNarrative(text, Consumer);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static string Percent(long part, long whole, int decimals = 1) =>
        (100.0 * part / Math.Max(1, whole)).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " %";

    /// <summary>Forty characters either side of <paramref name="span"/>, with <paramref name="masks"/> applied within them.</summary>
    private static string Excerpt(string text, PiiSpan span, IReadOnlyList<PiiSpan> masks)
    {
        var from = Math.Max(0, span.Start - 40);
        var to = Math.Min(text.Length, span.Start + span.Length + 40);
        var excerpt = new StringBuilder();
        var at = from;
        foreach (var mask in masks.Where(m => m.Start >= from && m.Start + m.Length <= to))
        {
            excerpt.Append(text, at, mask.Start - at).Append(PiiScrubber.TokenOf(mask.Kind));
            at = mask.Start + mask.Length;
        }

        excerpt.Append(text, at, to - at);
        return excerpt.ToString().ReplaceLineEndings(" ").Replace("`", "'", StringComparison.Ordinal).Trim();
    }
}
