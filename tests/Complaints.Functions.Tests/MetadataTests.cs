using System.Text.Json;
using Complaints.Functions.Tests.Support;
using Complaints.Pipeline.Api;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Complaints.Workflow;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Functions.Tests;

/// <summary>
/// The build's generated <c>functions.metadata</c> (what the Functions host reads to bind triggers) against the local
/// host: the same routes and methods, one queue trigger per pipeline queue on the one storage connection, the shared
/// orchestration and activities under their own names, and nothing else.
/// </summary>
[Collection(FunctionsApp.CollectionName)]
public sealed class MetadataTests(FunctionsApp app)
{
    private static readonly string Output = Path.GetDirectoryName(typeof(HttpFunctions).Assembly.Location) is { } here
        ? Path.Combine(AzuriteFixture.RepositoryRoot(), "functions", "Complaints.Functions", "bin", new DirectoryInfo(here).Parent!.Name, "net10.0")
        : throw new InvalidOperationException("No assembly location.");

    private static readonly Lazy<IReadOnlyList<Function>> Metadata = new(Load);

    [Fact]
    public void Every_local_route_is_an_http_function_with_the_same_method_and_route_and_no_function_is_extra()
    {
        var local = app.LocalServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .Select(e => (Method: e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Single(), Route: e.RoutePattern.RawText!.TrimStart('/')["api/".Length..]))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
        var functions = Metadata.Value.Where(f => f.Trigger == "httpTrigger" && !f.Route!.StartsWith("health/", StringComparison.Ordinal) && f.Route != WebFunctions.Route)
            .Select(f => (Method: f.Methods.Single(m => m != "options").ToUpperInvariant(), Route: f.Route!))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(ApiRoutes.All.Count, local.Count);
        Assert.Equal(local, functions);
        foreach (var route in ApiRoutes.All)
        {
            var function = Assert.Single(Metadata.Value, f => f.Name == route.Name);
            Assert.Equal((route.Method, route.Pattern), (function.Methods.Single(m => m != "options").ToUpperInvariant(), function.Route));

            // A public read takes OPTIONS too, so that its CORS preflight reaches the shared endpoint; no other route does.
            var publicRead = route is { Audience: RouteAudience.Public, Method: "GET" };
            Assert.True(publicRead == function.Methods.Contains("options"), $"{route.Name}: OPTIONS {(publicRead ? "missing on a public read" : "on a route that is not a public read")} ({string.Join(", ", function.Methods)})");
        }

        Assert.Equal(["health/live", "health/ready"], Metadata.Value.Where(f => f.Route?.StartsWith("health/", StringComparison.Ordinal) == true).Select(f => f.Route).Order(StringComparer.Ordinal));

        // Besides the API: the web pages, GET only (WebPageTests).
        var web = Assert.Single(Metadata.Value, f => f.Route == WebFunctions.Route);
        Assert.Equal((nameof(WebFunctions.WebPage), "get"), (web.Name, web.Methods.Single()));
    }

    [Fact]
    public void Each_pipeline_queue_has_one_trigger_on_the_connection_the_stores_use()
    {
        var triggers = Metadata.Value.Where(f => f.Trigger == "queueTrigger").ToList();

        Assert.Equal(new StorageNames().Queues.Order(StringComparer.Ordinal), triggers.Select(t => t.Queue!).Order(StringComparer.Ordinal));
        Assert.All(triggers, t => Assert.Equal(StorageConnection.Name, t.Connection));
    }

    [Fact]
    public void The_orchestrator_and_activity_functions_are_the_shared_ones_by_name_and_the_sweeps_are_timers()
    {
        Assert.Equal(ComplaintOrchestration.Name, Assert.Single(Metadata.Value, f => f.Trigger == "orchestrationTrigger").Name);
        Assert.Equal(
            WorkflowServiceCollectionExtensions.Activities.Select(a => a.Name.Name).Order(StringComparer.Ordinal),
            Metadata.Value.Where(f => f.Trigger == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            [nameof(MaintenanceFunctions.PurgeWorkflowHistory), nameof(MaintenanceFunctions.SweepAttachments), nameof(MaintenanceFunctions.SweepOutboxes)],
            Metadata.Value.Where(f => f.Trigger == "timerTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ApiRoutes.All.Count + 2 + 1 + 4 + 3 + WorkflowServiceCollectionExtensions.Activities.Count + 1, Metadata.Value.Count);
    }

    [Fact]
    public void Host_json_poisons_after_five_dequeues_and_puts_the_task_hub_on_the_same_connection()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "host.json")));
        var extensions = host.RootElement.GetProperty("extensions");

        Assert.Equal(5, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", extensions.GetProperty("queues").GetProperty("messageEncoding").GetString());
        Assert.Equal(StorageConnection.Name, extensions.GetProperty("durableTask").GetProperty("storageProvider").GetProperty("connectionName").GetString());
    }

    [Fact]
    public void The_build_output_carries_no_legacy_storage_sdk()
    {
        var legacy = Directory.EnumerateFiles(Output, "*.dll")
            .Select(Path.GetFileName)
            .Where(f => f!.StartsWith("Microsoft.WindowsAzure.Storage", StringComparison.OrdinalIgnoreCase)
                || f.StartsWith("Microsoft.Azure.Cosmos.Table", StringComparison.OrdinalIgnoreCase)
                || f.StartsWith("Microsoft.Azure.DocumentDB", StringComparison.OrdinalIgnoreCase)
                || f.StartsWith("Microsoft.OData", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.True(Directory.EnumerateFiles(Output, "Azure.Data.Tables.dll").Any(), $"expected the Azure SDK in {Output}");
        Assert.Empty(legacy);
    }

    private static IReadOnlyList<Function> Load()
    {
        var path = Path.Combine(Output, "functions.metadata");
        Assert.True(File.Exists(path), $"no functions.metadata at {path}: build functions/Complaints.Functions first");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(f =>
        {
            var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            string? Text(string name) => trigger.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
            return new Function(f.GetProperty("name").GetString()!, trigger.GetProperty("type").GetString()!, Text("route"), methods, Text("queueName"), Text("connection"));
        })];
    }

    private sealed record Function(string Name, string Trigger, string? Route, string[] Methods, string? Queue, string? Connection);
}
