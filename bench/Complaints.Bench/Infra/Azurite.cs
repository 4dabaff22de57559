using System.Globalization;

namespace Complaints.Bench.Infra;

/// <summary>
/// Azurite from the repository's package-lock.json, on free loopback ports: in memory, or on disk (<c>--location</c>)
/// so that it can be restarted without losing data. Restart keeps the ports.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string Account = "devstoreaccount1";

    /// <summary>Azurite's publicly documented development account key (not a secret).</summary>
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _root;
    private readonly string _workDirectory;
    private readonly bool _persistent;
    private readonly int[] _ports;
    private Child? _child;

    private Azurite(string root, string workDirectory, bool persistent, int[] ports)
    {
        _root = root;
        _workDirectory = workDirectory;
        _persistent = persistent;
        _ports = ports;
    }

    public int? Pid => _child?.Pid;

    public string WorkDirectory => _workDirectory;

    public string ConnectionString => ConnectionStringFor(_ports[1], _ports[2], _ports[0]);

    public static string ConnectionStringFor(int queuePort, int tablePort, int blobPort) =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};"
        + $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};"
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";

    public static async Task<Azurite> StartAsync(string root, string workDirectory, bool persistent, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            Console.Error.WriteLine("Azurite is not installed: running npm ci at the repository root.");
            await Sys.RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", root, TimeSpan.FromMinutes(5));
        }

        Directory.CreateDirectory(workDirectory);
        var azurite = new Azurite(root, workDirectory, persistent, Sys.FreePorts(3));
        await azurite.StartProcessAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Stops Azurite (SIGTERM, so an on-disk store is saved) and starts it again on the same ports.</summary>
    public async Task RestartAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        if (_child is not null)
        {
            await _child.StopAsync(TimeSpan.FromSeconds(15));
            await _child.DisposeAsync();
            _child = null;
        }

        await Task.Delay(down, cancellationToken);
        await StartProcessAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--silent" };
        arguments.AddRange(_persistent ? ["--location", Path.Combine(_workDirectory, "data")] : ["--inMemoryPersistence"]);
        foreach (var (service, port) in new[] { ("blob", _ports[0]), ("queue", _ports[1]), ("table", _ports[2]) })
        {
            arguments.AddRange([$"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(CultureInfo.InvariantCulture)]);
        }

        _child = Child.Start(Path.Combine(_root, "node_modules", ".bin", "azurite"), arguments, _workDirectory, new Dictionary<string, string>(), Path.Combine(_workDirectory, "azurite.out.log"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_child.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited at start; see {_workDirectory}/azurite.out.log");
            }

            var open = true;
            foreach (var port in _ports)
            {
                open &= await Sys.PortOpenAsync(port, cancellationToken);
            }

            if (open)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("Azurite did not listen within 60 s.");
    }
}
