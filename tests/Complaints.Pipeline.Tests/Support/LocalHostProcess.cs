using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Complaints.Testing;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>
/// The built local host (<c>functions/Complaints.LocalHost</c>) run as a real OS process with <c>dotnet &lt;dll&gt;</c>,
/// so that a test can kill it the hard way: no graceful shutdown, nothing handed back to the queues.
/// Its console output (warnings and up, one line each) goes to the test output, up to a limit.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private const int MaxForwardedLines = 80;
    private readonly Process process;
    private readonly string name;
    private readonly TestOutputLoggerProvider log;
    private int forwarded;

    private LocalHostProcess(Process process, string name, int port, TestOutputLoggerProvider log)
    {
        this.process = process;
        this.name = name;
        this.log = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Where the build put the local host next to this test assembly's own configuration and framework folders.</summary>
    public static string DllPath()
    {
        var binFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = binFolder.Name;
        var configuration = binFolder.Parent?.Name ?? "Debug";
        var path = Path.Combine(AzuriteFixture.RepositoryRoot(), "functions", "Complaints.LocalHost", "bin", configuration, framework, "Complaints.LocalHost.dll");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The local host is not built at {path}. Build it with `dotnet build functions/Complaints.LocalHost -c {configuration}` (the test project's build does this).");
    }

    /// <summary>Starts the local host with <paramref name="settings"/> as environment variables (":" becomes "__").</summary>
    public static LocalHostProcess Start(string name, IReadOnlyDictionary<string, string?> settings, TestOutputLoggerProvider log)
    {
        var dll = DllPath();
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var key in start.Environment.Keys.Where(k =>
                     k.StartsWith("Complaints__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("AzureWebJobs", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
                     || k.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        var process = new Process { StartInfo = start };
        var started = new LocalHostProcess(process, name, port, log);
        process.OutputDataReceived += (_, e) => started.Forward(e.Data);
        process.ErrorDataReceived += (_, e) => started.Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.Write($"{name}: started local host process {process.Id} on {started.BaseAddress}");
        return started;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (storage reachable, tables provisioned).</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Until(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{name}: the local host exited with code {process.ExitCode} before it was ready.");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                    return response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return (HttpStatusCode)0;
                }
            },
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(45),
            $"{name} to answer 200 on /health/ready",
            cancellationToken);
        log.Write($"{name}: ready");
    }

    /// <summary>Kills the process and its children at once: the workers get no chance to finish or hand anything back.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException($"{name}: process {process.Id} did not exit within 15 s of being killed.");
        }

        log.Write($"{name}: killed (exit code {process.ExitCode})");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Forward(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var count = Interlocked.Increment(ref forwarded);
        if (count <= MaxForwardedLines)
        {
            log.Write($"{name}> {line}");
        }
        else if (count == MaxForwardedLines + 1)
        {
            log.Write($"{name}> (further output not shown)");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
