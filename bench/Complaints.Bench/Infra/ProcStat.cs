using System.Globalization;

namespace Complaints.Bench.Infra;

/// <summary>CPU time and memory of a process from /proc (Linux).</summary>
public readonly record struct ProcSample(double CpuSeconds, long RssBytes, long PeakRssBytes);

public static class ProcStat
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcSample? Read(int? pid)
    {
        if (pid is not { } p)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{p}/stat");
            // Fields after the command name, which is in parentheses and may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{p}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line);
                }
            }

            return new ProcSample((utime + stime) / TicksPerSecond, rss, hwm);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The machine: cores, CPU model, memory, load.</summary>
    public static Dictionary<string, string> Machine()
    {
        var info = new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
        };
        try
        {
            info["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            info["memory"] = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
            info["loadavg"] = File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            // Not Linux.
        }

        return info;
    }

    /// <summary>
    /// Seconds (since boot) during which every runnable task on the machine waited for I/O: the "full" line of
    /// /proc/pressure/io (PSI). A jump during a run means the machine's disk stalled everything at once.
    /// </summary>
    public static double? IoFullStallSeconds()
    {
        try
        {
            var full = File.ReadAllLines("/proc/pressure/io").FirstOrDefault(l => l.StartsWith("full ", StringComparison.Ordinal));
            var total = full?.Split(' ').FirstOrDefault(f => f.StartsWith("total=", StringComparison.Ordinal));
            return total is null ? null : long.Parse(total["total=".Length..], CultureInfo.InvariantCulture) / 1_000_000.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
