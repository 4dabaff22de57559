using System.Collections.Concurrent;

namespace Complaints.Bench.Load;

/// <summary>Latencies in milliseconds per named measure (with when each call started), and HTTP statuses per call.</summary>
public sealed class Metrics
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(long StartedTimestamp, double Ms)>> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);

    /// <summary>The origin of <see cref="SlowCall.StartedAtSeconds"/>: when this collector was created.</summary>
    public long OriginTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Calls slower than this are listed with the second they started, to tell a stall from a spread.</summary>
    public const double SlowMs = 250;

    public void Record(string name, double milliseconds) =>
        _calls.GetOrAdd(name, _ => []).Add((System.Diagnostics.Stopwatch.GetTimestamp() - (long)(milliseconds / 1000 * System.Diagnostics.Stopwatch.Frequency), milliseconds));

    /// <summary>Up to 500 calls of at least <see cref="SlowMs"/>, by start time (seconds since <see cref="OriginTimestamp"/>).</summary>
    public IReadOnlyList<SlowCall> SlowCalls =>
    [
        .. _calls.SelectMany(p => p.Value.Where(c => c.Ms >= SlowMs).Select(c => new SlowCall(Math.Round(SecondsOf(c.StartedTimestamp), 2), p.Key, Math.Round(c.Ms, 1))))
            .OrderBy(c => c.StartedAtSeconds)
            .Take(500),
    ];

    public void Status(string name, int status) => _statuses.AddOrUpdate($"{name} {status}", 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Statuses => new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal);

    public long Count(Func<string, bool> statusKey) => _statuses.Where(p => statusKey(p.Key)).Sum(p => p.Value);

    public SortedDictionary<string, LatencySummary> Summaries() =>
        new(_calls.ToDictionary(p => p.Key, p => LatencySummary.Of([.. p.Value.Select(c => c.Ms)])), StringComparer.Ordinal);

    /// <summary>
    /// The same summaries without the calls that overlap one of <paramref name="stalls"/> (Stopwatch timestamps):
    /// windows in which Azurite answered nobody. How many calls that drops is reported beside it.
    /// </summary>
    public SortedDictionary<string, LatencySummary> SummariesOutside(IReadOnlyList<(long Start, long End)> stalls) =>
        new(_calls.ToDictionary(
            p => p.Key,
            p => LatencySummary.Of([.. p.Value.Where(c => !Overlaps(c, stalls)).Select(c => c.Ms)])), StringComparer.Ordinal);

    private static bool Overlaps((long StartedTimestamp, double Ms) call, IReadOnlyList<(long Start, long End)> stalls)
    {
        var end = call.StartedTimestamp + (long)(call.Ms / 1000 * System.Diagnostics.Stopwatch.Frequency);
        return stalls.Any(s => call.StartedTimestamp < s.End && end > s.Start);
    }

    private double SecondsOf(long timestamp) => (timestamp - OriginTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency;
}

public sealed record SlowCall(double StartedAtSeconds, string Name, double Milliseconds);

public sealed record LatencySummary(long Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(double[] values)
    {
        if (values.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        Array.Sort(values);
        return new LatencySummary(values.Length, Math.Round(values.Average(), 2), Pct(values, 0.50), Pct(values, 0.95), Pct(values, 0.99), Math.Round(values[^1], 2));
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Pct(double[] sorted, double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}
