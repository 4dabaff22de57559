using System.Diagnostics;
using Complaints.Storage.Gateway;

namespace Complaints.Bench.Probes;

/// <summary>
/// Asks Azurite a trivial question (a queue's approximate count) every 100 ms and keeps the windows in which it took
/// longer than <see cref="StallMs"/> to answer. Azurite serves everyone from one Node.js event loop, so such a window
/// holds up every client at once; the queue service's garbage collection of message extents, every 60 s, is the
/// usual cause (docs/benchmarks.md). Latencies are then reported with and without the calls that overlap a window.
/// </summary>
public sealed class Heartbeat(IQueueGateway queues, string queue)
{
    public const double StallMs = 250;
    private readonly List<(long Start, long End)> _stalls = [];

    public IReadOnlyList<(long Start, long End)> Stalls
    {
        get
        {
            lock (_stalls)
            {
                return [.. _stalls];
            }
        }
    }

    public double StalledSeconds => Stalls.Sum(s => (s.End - s.Start) / (double)Stopwatch.Frequency);

    public double LongestSeconds => Stalls.Select(s => (s.End - s.Start) / (double)Stopwatch.Frequency).DefaultIfEmpty(0).Max();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await queues.ApproximateCountAsync(queue, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Unreachable counts as a stall too (the window below).
                }

                var end = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(start, end).TotalMilliseconds > StallMs)
                {
                    lock (_stalls)
                    {
                        _stalls.Add((start, end));
                    }
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a call cut short by the cancellation may surface as a storage error.
        }
    }
}
