using System.Collections.Concurrent;

namespace Complaints.Bench.Load;

/// <summary>Latencies in milliseconds per named measure, and HTTP statuses per call.</summary>
public sealed class Metrics
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SlowCall> _slow = new();
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Calls slower than this are kept with the second they started, to tell a stall from a spread.</summary>
    public const double SlowMs = 250;

    public void Record(string name, double milliseconds)
    {
        _latencies.GetOrAdd(name, _ => []).Add(milliseconds);
        if (milliseconds >= SlowMs && _slow.Count < 500)
        {
            var startedAt = System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds - (milliseconds / 1000);
            _slow.Enqueue(new SlowCall(Math.Round(startedAt, 2), name, Math.Round(milliseconds, 1)));
        }
    }

    /// <summary>Up to 500 calls of at least <see cref="SlowMs"/>, by start time (seconds since this collector began).</summary>
    public IReadOnlyList<SlowCall> SlowCalls => [.. _slow.OrderBy(c => c.StartedAtSeconds)];

    public void Status(string name, int status) => _statuses.AddOrUpdate($"{name} {status}", 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Statuses => new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal);

    public long Count(Func<string, bool> statusKey) => _statuses.Where(p => statusKey(p.Key)).Sum(p => p.Value);

    public SortedDictionary<string, LatencySummary> Summaries() =>
        new(_latencies.ToDictionary(p => p.Key, p => LatencySummary.Of([.. p.Value])), StringComparer.Ordinal);
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
