using System.Collections.Concurrent;

namespace Complaints.Bench.Load;

/// <summary>Latencies in milliseconds per named measure, and HTTP statuses per call.</summary>
public sealed class Metrics
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);

    public void Record(string name, double milliseconds) => _latencies.GetOrAdd(name, _ => []).Add(milliseconds);

    public void Status(string name, int status) => _statuses.AddOrUpdate($"{name} {status}", 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Statuses => new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal);

    public long Count(Func<string, bool> statusKey) => _statuses.Where(p => statusKey(p.Key)).Sum(p => p.Value);

    public SortedDictionary<string, LatencySummary> Summaries() =>
        new(_latencies.ToDictionary(p => p.Key, p => LatencySummary.Of([.. p.Value])), StringComparer.Ordinal);
}

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
