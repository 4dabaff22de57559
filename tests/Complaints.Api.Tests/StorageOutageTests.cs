using System.Net;
using System.Security.Cryptography;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// Storage that stops answering: the local host's API says 503 with Retry-After (a problem body), its readiness says
/// 503, and it comes back by itself once storage answers again. The storage here is an Azurite of this test's own,
/// stopped and started again on the same ports.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Storage_that_cannot_be_reached_is_a_503_with_retry_after_and_the_host_recovers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var parties = new ConfiguredParties();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["urls"] = "http://127.0.0.1:0",
            [Complaints.Storage.Gateway.StorageConnection.Name] = azurite.ConnectionString,
            ["Complaints:Storage:Prefix"] = "out" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            ["Complaints:Api:TokenSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in parties.Settings())
        {
            settings[key] = value;
        }

        var host = new ApiHost("outage", settings);
        try
        {
            host.Start();
            using var http = host.NewClient();
            var client = new ApiClient(host, http, output, timeout.Token);
            (await client.GetAsync("api/public/parties?query=Test", Credential.None)).Expect(HttpStatusCode.OK, "storage answers");

            await azurite.DisposeAsync(); // Storage is gone.
            try
            {
                var down = await client.GetAsync($"api/public/merchants/{ConfiguredParties.Alpha}/stats", Credential.None);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
                Assert.True(down.IsProblem, $"a 503 is a problem body; got {down.ContentType}: {down.Body}");
                Assert.True(down.Headers.RetryAfter?.Delta is { } after && after > TimeSpan.Zero, $"a 503 says when to retry; headers: {down.Headers}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("health/ready", Credential.None)).Status);
            }
            finally
            {
                await azurite.RestartAsync(); // The same ports, empty: the host's next calls work without a restart of the host.
            }

            await Eventually.Until(
                async () => (await client.GetAsync("health/ready", Credential.None)).Status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60),
                "the host to be ready again once storage answers",
                timeout.Token);

            // Storage goes again, and the host is shut down meanwhile (Ctrl+C during an outage): the shutdown ends.
            await azurite.DisposeAsync();
        }
        finally
        {
            var stopped = Task.Run(host.Dispose);
            await stopped.WaitAsync(timeout.Token); // Without a bound on the engine's stop this never returned.
            await azurite.DisposeAsync();
        }
    }
}
