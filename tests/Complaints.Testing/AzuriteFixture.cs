using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Complaints.Testing;

/// <summary>
/// Starts one in-memory Azurite (blob, queue, table) on free loopback ports and stops it, with its whole process tree,
/// on dispose. Azurite comes from the repository's package-lock.json (<c>npm ci</c> at the repository root).
/// </summary>
/// <remarks>
/// xunit only honours <c>[CollectionDefinition]</c> inside the test assembly, so each test project declares its own:
/// <code>
/// [CollectionDefinition(AzuriteFixture.CollectionName)]
/// public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// and marks its test classes with <c>[Collection(AzuriteFixture.CollectionName)]</c>.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The xunit collection name the test projects use for Azurite-backed tests.</summary>
    public const string CollectionName = "Azurite";

    /// <summary>How long Azurite may take to answer on all three ports.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Azurite's publicly documented development account key (not a secret).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Account = "devstoreaccount1";

    private readonly StringBuilder output = new();
    private Process? process;
    private string? workDirectory;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    /// <summary>How long the start took (Azurite answering on all three ports).</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>An explicit connection string for this Azurite instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentAccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    /// <summary>
    /// A fresh name that is valid for both a table (letters and digits, starts with a letter) and a queue
    /// (lowercase letters, digits, dashes): the prefix's letters and digits, lowercased, then a GUID; 63 characters at most.
    /// </summary>
    public static string UniqueName(string prefix)
    {
        var clean = new string([.. (prefix ?? string.Empty).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "t" + clean;
        }

        var suffix = Guid.NewGuid().ToString("N");
        return clean[..Math.Min(clean.Length, 63 - suffix.Length)] + suffix;
    }

    public async Task InitializeAsync()
    {
        var ports = FreePorts(3);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
        await StartAsync();
    }

    /// <summary>Stops this Azurite and starts a new, empty one on the same ports (a storage outage and its end).</summary>
    public async Task RestartAsync()
    {
        await DisposeAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var azurite = AzuriteExecutable();
        // In-memory Azurite writes nothing, but it runs in a folder of its own in case a version writes a debug log.
        workDirectory = Directory.CreateTempSubdirectory("azurite-").FullName;

        var start = new ProcessStartInfo(azurite)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await WaitUntilListeningAsync();
        StartupTime = clock.Elapsed;
    }

    public Task DisposeAsync()
    {
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            process.Dispose();
            process = null;
        }

        if (workDirectory is not null && Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The folder that holds <c>Complaints.sln</c>, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Complaints.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Complaints.sln found above {AppContext.BaseDirectory}.");
    }

    private static string AzuriteExecutable()
    {
        var root = RepositoryRoot();
        var path = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"Azurite is not installed: {path} is missing. Run `npm ci` in {root} (the repository root) and try again.");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(StartupTimeout);
        var pending = new List<int> { BlobPort, QueuePort, TablePort };
        while (pending.Count > 0)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"Azurite exited with code {process.ExitCode} before it answered. Its output:{Environment.NewLine}{Output()}");
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Azurite did not answer on port(s) {string.Join(", ", pending)} within {StartupTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output()}");
            }

            foreach (var port in pending.ToList())
            {
                if (await AnswersAsync(http, port, deadline.Token))
                {
                    pending.Remove(port);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }

    /// <summary>Any HTTP answer (even 400 or 403) means the service is up.</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{Account}"), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.Length == 0 ? "(nothing)" : output.ToString();
        }
    }
}
