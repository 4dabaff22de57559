using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Functions.ParityTests.Support;
using Complaints.Pipeline.Api;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Complaints.Functions.ParityTests;

/// <summary>Every route the local host maps has an HTTP trigger with the same method and route, handing off to the same handler.</summary>
public partial class RouteParityTests
{
    private static readonly FunctionsSource Source = FunctionsSource.Load();

    public static TheoryData<string> RouteNames => new(ApiRoutes.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Every_api_route_has_an_http_trigger_with_the_same_name_method_and_route(string routeName)
    {
        var route = ApiRoutes.All.Single(r => r.Name == routeName);
        var function = Source.Functions.SingleOrDefault(f => f.Name == route.Name)
            ?? throw new Xunit.Sdk.XunitException(
                $"No [Function(\"{route.Name}\")] in functions/Complaints.Functions for {route.Method} {ApiRoutes.Prefix}/{route.Pattern}.");
        var trigger = HttpTrigger(function);

        Assert.True(
            trigger.Methods.Count == 1 && string.Equals(trigger.Methods[0], route.Method, StringComparison.OrdinalIgnoreCase),
            $"{function.Where}: expected method {route.Method}, saw [{string.Join(", ", trigger.Methods)}].");
        Assert.True(trigger.Route == route.Pattern, $"{function.Where}: expected Route = \"{route.Pattern}\", saw \"{trigger.Route}\".");
        Assert.True(trigger.AuthLevel == "Anonymous", $"{function.Where}: expected AuthorizationLevel.Anonymous (the API authorizes callers itself), saw {trigger.AuthLevel}.");
    }

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Every_route_parameter_is_bound_and_handed_to_the_shared_handler_of_that_route(string routeName)
    {
        var route = ApiRoutes.All.Single(r => r.Name == routeName);
        var function = Source.Functions.SingleOrDefault(f => f.Name == route.Name);
        Assert.NotNull(function);

        var routeParameters = RouteParameter().Matches(route.Pattern).Select(m => m.Groups[1].Value).ToList();
        foreach (var name in routeParameters)
        {
            var parameter = function.Parameters.SingleOrDefault(p => p.Name == name);
            Assert.True(parameter is { Type: "string" }, $"{function.Where}: route {route.Pattern} needs a parameter 'string {name}'.");
        }

        var call = function.Method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .SingleOrDefault(i => i.Expression.ToString() == "HttpApi.InvokeAsync");
        Assert.True(call is not null, $"{function.Where}: expected one call to HttpApi.InvokeAsync(...), the hand-off to ApiRoutes.InvokeAsync.");
        var args = call.ArgumentList.Arguments;
        Assert.True(Source.StringValue(args[0].Expression) == route.Name, $"{function.Where}: hands off to route '{args[0]}', expected '{route.Name}'.");
        if (routeParameters.Count == 1)
        {
            Assert.True(args.Count == 3 && args[2].Expression.ToString() == routeParameters[0], $"{function.Where}: must pass the route value '{routeParameters[0]}'.");
        }
        else
        {
            Assert.True(args.Count == 2, $"{function.Where}: route {route.Pattern} has no parameter, but a route value is passed.");
        }
    }

    [Fact]
    public void The_adapter_calls_the_shared_route_table_and_the_shared_readiness_check()
    {
        var calls = Source.Tree("HttpApi.cs").GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => i.Expression.ToString()).ToList();
        Assert.Contains("ApiRoutes.InvokeAsync", calls);
        Assert.Contains("ApiRoutes.ReadyAsync", calls);
    }

    [Theory]
    [InlineData("health/live")]
    [InlineData("health/ready")]
    public void Health_routes_have_get_triggers(string route)
    {
        var functions = Source.WithTrigger("HttpTrigger").Where(f => HttpTrigger(f).Route == route).ToList();
        Assert.True(functions.Count == 1, $"Expected one HTTP trigger with Route = \"{route}\", saw {functions.Count}.");
        var trigger = HttpTrigger(functions[0]);
        Assert.True(trigger.Methods is ["get"] or ["GET"], $"{functions[0].Where}: health route must be GET, saw [{string.Join(", ", trigger.Methods)}].");
    }

    [Fact]
    public void There_are_no_http_triggers_beyond_the_route_table_and_health()
    {
        var known = ApiRoutes.All.Select(r => r.Pattern).Append("health/live").Append("health/ready").ToHashSet(StringComparer.Ordinal);
        var extra = Source.WithTrigger("HttpTrigger").Where(f => !known.Contains(HttpTrigger(f).Route ?? string.Empty)).Select(f => f.Where).ToList();
        Assert.True(extra.Count == 0, $"HTTP triggers the local host does not serve: {string.Join("; ", extra)}.");
    }

    [Fact]
    public void Routes_live_under_the_same_prefix_as_the_local_host()
    {
        // The Functions host prefixes every route with extensions.http.routePrefix (default "api"); the local host maps
        // the table under ApiRoutes.Prefix. Health is the exception: /health/* locally, /api/health/* in Azure (README).
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsSource.Directory, "host.json")));
        var prefix = host.RootElement.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var p) ? p.GetString() : "api";
        Assert.Equal(ApiRoutes.Prefix.TrimStart('/'), prefix);
    }

    private static (IReadOnlyList<string> Methods, string? Route, string AuthLevel) HttpTrigger(FunctionUse function)
    {
        var attribute = function.Trigger("HttpTrigger")?.Attribute("HttpTrigger")
            ?? throw new Xunit.Sdk.XunitException($"{function.Where}: no [HttpTrigger] parameter.");
        var auth = attribute.Positional.FirstOrDefault() is MemberAccessExpressionSyntax m ? m.Name.Identifier.Text : "(none)";
        var methods = attribute.Positional.Skip(1).Select(e => Source.StringValue(e) ?? $"<unreadable {e}>").ToList();
        var route = attribute.Named.TryGetValue("Route", out var r) ? Source.StringValue(r) : null;
        return (methods, route, auth);
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteParameter();
}
