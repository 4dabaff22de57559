using System.Net;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Pipeline.Api;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>The host itself: real Kestrel on loopback, health, the OpenAPI document, public routes.</summary>
public sealed class HostTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task The_host_listens_on_a_real_loopback_port()
    {
        var api = await ApiAsync();
        Output.WriteLine($"main host at {api.Http.Host.Address}");
        Assert.True(api.Http.Host.Address.IsLoopback, $"expected a loopback address, got {api.Http.Host.Address}");
        Assert.NotEqual(0, api.Http.Host.Address.Port);
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        var api = await ApiAsync();
        (await api.Http.GetAsync("health/live")).Expect(HttpStatusCode.OK);
        var ready = (await api.Http.GetAsync("health/ready")).Expect(HttpStatusCode.OK, "storage (Azurite) is reachable");
        Assert.Equal("ready", ready.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_route_of_the_route_table()
    {
        var api = await ApiAsync();
        var doc = (await api.Http.GetAsync("openapi/v1.json")).Expect(HttpStatusCode.OK).Json();
        var paths = doc.GetProperty("paths");
        var missing = new List<string>();
        foreach (var route in ApiRoutes.All)
        {
            var path = $"{ApiRoutes.Prefix}/{route.Pattern}";
            if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(route.Method.ToLowerInvariant(), out _))
            {
                missing.Add($"{route.Method} {path}");
            }
        }

        Assert.True(missing.Count == 0, $"The OpenAPI document lacks: {string.Join("; ", missing)}. It has: {string.Join("; ", paths.EnumerateObject().Select(p => p.Name))}");
        foreach (var health in new[] { "/health/live", "/health/ready" })
        {
            Assert.True(paths.TryGetProperty(health, out _), $"The OpenAPI document lacks {health}.");
        }
    }
}
