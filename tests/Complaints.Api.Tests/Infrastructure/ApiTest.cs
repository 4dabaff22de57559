using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>
/// Base of every API test: a timeout token for the whole test, clients for the hosts it uses, and at the end the
/// hosts' warnings and errors from the test's time copied to the test output.
/// </summary>
[Collection(ApiEnvironment.CollectionName)]
public abstract class ApiTest(ApiEnvironment environment, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<(ApiHost Host, long LogStart, HttpClient Http)> used = [];
    private CancellationTokenSource timeout = null!;

    protected ApiEnvironment Environment => environment;

    protected ITestOutputHelper Output => output;

    protected ConfiguredParties Parties => environment.Parties;

    /// <summary>Cancelled when the test runs over <see cref="Timeout"/>.</summary>
    protected CancellationToken Cancel => timeout.Token;

    /// <summary>How long one test may take, host start-up included.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(90);

    /// <summary>A client (with the flow helpers) for one of the environment's hosts, starting it if need be.</summary>
    protected async Task<ComplaintsApi> ApiAsync(string hostName = ApiEnvironment.MainHost, bool quiet = false)
    {
        var host = await environment.HostAsync(hostName).WaitAsync(Cancel);
        var http = host.NewClient();
        lock (used)
        {
            used.Add((host, host.Log.Position, http));
        }

        return new ComplaintsApi(new ApiClient(host, http, output, Cancel) { Quiet = quiet }, Parties);
    }

    public virtual Task InitializeAsync()
    {
        timeout = new CancellationTokenSource(Timeout);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        lock (used)
        {
            foreach (var (host, start, http) in used)
            {
                var lines = host.Log.Since(start);
                if (lines.Count > 0)
                {
                    output.WriteLine($"--- host '{host.Name}' warnings and errors during this test ({lines.Count}) ---");
                    foreach (var line in lines.Take(200))
                    {
                        output.WriteLine(line);
                    }
                }

                http.Dispose();
            }

            used.Clear();
        }

        timeout.Dispose();
        return Task.CompletedTask;
    }
}
