using System.Diagnostics;
using Complaints.Bench.Engine;
using Complaints.Bench.Infra;
using Complaints.Storage;
using Complaints.Storage.Gateway;

namespace Complaints.Bench.Load;

public sealed record Sample(
    double T,
    IReadOnlyDictionary<string, int> QueueDepths,
    int PoisonDepth,
    double? HostCpuPercent,
    double? HostRssMb,
    double? AzuriteCpuPercent,
    double? AzuriteRssMb,
    double BenchCpuPercent,
    int Filed,
    int Disclosed,
    double? IoStallMs,
    int? HubControlDepth,
    int? HubWorkItemsDepth);

/// <summary>
/// Once a second: the four pipeline queues' approximate counts, the task hub's control queues (summed) and work-item
/// queue, host and Azurite CPU and memory, progress. A control queue's count includes invisible messages: each durable
/// timer waits there until it falls due, a cancelled one too.
/// </summary>
public sealed class Sampler(IQueueGateway queues, StorageNames names, Func<IReadOnlyList<int?>> hostPids, Func<int?> azuritePid, Func<(int Filed, int Disclosed)> progress, TaskHubReader? hub = null)
{
    private readonly List<Sample> _samples = [];
    private readonly Dictionary<int, double> _lastCpu = [];
    private double _peakHostRss;
    private double _peakAzuriteRss;

    public IReadOnlyList<Sample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public double PeakHostRssMb => _peakHostRss;

    public double PeakAzuriteRssMb => _peakAzuriteRss;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastT = 0.0;
        var lastBench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var lastIo = ProcStat.IoFullStallSeconds();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var depths = new Dictionary<string, int>(StringComparer.Ordinal);
                var poison = 0;
                foreach (var q in names.Queues)
                {
                    depths[q] = await CountAsync(q, cancellationToken);
                    poison += Math.Max(0, await CountAsync(StorageNames.PoisonQueueOf(q), cancellationToken));
                }

                int? hubControl = null, hubWork = null;
                if (hub is not null)
                {
                    try
                    {
                        (hubControl, hubWork) = await hub.DepthsAsync(cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Storage down (a restart run).
                    }
                }

                // The interval ends now, after the queue calls (which wait when Azurite is busy), so CPU % is per wall second.
                var t = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var dt = Math.Max(t - lastT, 0.001);
                lastT = t;
                var io = ProcStat.IoFullStallSeconds();
                double? ioStallMs = io is { } now && lastIo is { } before ? Math.Round((now - before) * 1000, 1) : null;
                lastIo = io;

                double? hostCpu = null, hostRss = null;
                foreach (var pid in hostPids())
                {
                    if (ProcStat.Read(pid) is { } s)
                    {
                        hostCpu = (hostCpu ?? 0) + CpuPercent(pid!.Value, s.CpuSeconds, dt);
                        hostRss = (hostRss ?? 0) + (s.RssBytes / 1048576.0);
                        _peakHostRss = Math.Max(_peakHostRss, s.PeakRssBytes / 1048576.0);
                    }
                }

                double? azCpu = null, azRss = null;
                if (azuritePid() is { } apid && ProcStat.Read(apid) is { } a)
                {
                    azCpu = CpuPercent(apid, a.CpuSeconds, dt);
                    azRss = a.RssBytes / 1048576.0;
                    _peakAzuriteRss = Math.Max(_peakAzuriteRss, a.PeakRssBytes / 1048576.0);
                }

                var bench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                var benchCpu = (bench - lastBench) / dt * 100;
                lastBench = bench;
                var (filed, disclosed) = progress();
                lock (_samples)
                {
                    _samples.Add(new Sample(Math.Round(t, 1), depths, poison, Round(hostCpu), Round(hostRss), Round(azCpu), Round(azRss), Math.Round(benchCpu, 1), filed, disclosed, ioStallMs, hubControl, hubWork));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private double CpuPercent(int pid, double cpuSeconds, double dt)
    {
        var had = _lastCpu.TryGetValue(pid, out var last);
        _lastCpu[pid] = cpuSeconds;
        return had ? Math.Max(0, (cpuSeconds - last) / dt * 100) : 0;
    }

    private async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return await queues.ApproximateCountAsync(queue, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return -1; // Storage down (a restart run).
        }
    }

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 1) : null;
}
