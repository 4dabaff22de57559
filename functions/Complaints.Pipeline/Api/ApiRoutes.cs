using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Pipeline.Api;

/// <summary>Who may call a route: the basis of the authorization matrix and the OpenAPI description.</summary>
public enum RouteAudience
{
    Public,
    Consumer,
    Operator,
    Regulator,
    ComplaintReader,
}

/// <summary>Endpoint metadata: the audience of the route group an endpoint belongs to.</summary>
public sealed record ApiAudience(RouteAudience Audience);

/// <summary>One API route as mapped. <see cref="Pattern"/> is relative to <c>/api</c>, as the Functions HTTP triggers declare it.</summary>
public sealed record ApiRoute(string Method, string Pattern, string Name, RouteAudience Audience, string Summary);

/// <summary>
/// The HTTP API both hosts serve: one route group per audience under <c>/api</c>, typed handlers returning
/// <c>TypedResults</c>. The local host maps it on its application; the Functions app builds the same endpoints
/// (<see cref="ApiEndpointCatalog"/>) and each HTTP trigger invokes its own by name.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";

    /// <summary>The rate-limiting policy filing asks for; a host that limits rates registers it (the local host does).</summary>
    public const string FilingRateLimitPolicy = "filing";

    private static readonly Lazy<IReadOnlyList<ApiRoute>> Mapped = new(() =>
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        return new ApiEndpointCatalog(services).Routes;
    });

    /// <summary>Every API route (health aside), read from the endpoints <see cref="MapComplaintsApi"/> maps.</summary>
    public static IReadOnlyList<ApiRoute> All => Mapped.Value;

    /// <summary>Maps every route under <c>/api</c>, plus <c>/health/live</c> and <c>/health/ready</c>.</summary>
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        ((IEndpointConventionBuilder)api).Finally(RequestGuard.Apply);
        Audience(api, RouteAudience.Public).MapPublicEndpoints().MapDisclosureExport();
        Audience(api, RouteAudience.Public).MapPublicIndicatorEndpoints();
        Audience(api, RouteAudience.ComplaintReader).MapReaderEndpoints();
        Audience(api, RouteAudience.Consumer).MapConsumerEndpoints();
        Audience(api, RouteAudience.Operator).MapOperatorEndpoints();
        Audience(api, RouteAudience.Regulator).MapRegulatorEndpoints().MapInspectionList();
        Audience(api, RouteAudience.Regulator).MapRegulatorIndicatorEndpoints();

        endpoints.MapGet("/health/live", () => TypedResults.Ok(new HealthView("live")))
            .WithName("HealthLive").WithSummary("Liveness: the process answers.").WithTags("Health");
        endpoints.MapGet("/health/ready", ReadyAsync)
            .WithName("HealthReady").WithSummary("Readiness: storage answers.").WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>Ready when storage answers (a point read on the parties table).</summary>
    public static async Task<Results<Ok<HealthView>, ProblemHttpResult>> ReadyAsync([FromServices] ITableGateway tables, [FromServices] StorageNames names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(names);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await tables.GetAsync(names.PartiesTable, "health", "probe", timeout.Token);
            return TypedResults.Ok(new HealthView("ready"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is not reachable.");
        }
    }

    /// <summary>The problems every command on a complaint may meet besides validation: 403, 404 and 409.</summary>
    internal static RouteHandlerBuilder OnComplaint(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static RouteGroupBuilder Audience(RouteGroupBuilder api, RouteAudience audience) =>
        api.MapGroup(string.Empty).WithTags(audience.ToString()).WithMetadata(new ApiAudience(audience));
}

public sealed record HealthView(string Status);

/// <summary>
/// The API's endpoints, built outside routing. The Functions app invokes each HTTP trigger's endpoint by name: the
/// request delegate the local host's routing runs (binding, <see cref="RequestGuard"/>, validation, the handler).
/// <see cref="ApiRoutes.All"/> lists them.
/// </summary>
public sealed class ApiEndpointCatalog : IEndpointRouteBuilder
{
    private readonly Dictionary<string, RouteEndpoint> _byName;

    public ApiEndpointCatalog(IServiceProvider services)
    {
        ServiceProvider = services;
        this.MapComplaintsApi();
        _byName = DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .ToDictionary(e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName, StringComparer.Ordinal);
    }

    public IServiceProvider ServiceProvider { get; }

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IReadOnlyList<ApiRoute> Routes =>
    [
        .. _byName.Values
            .Where(e => e.Metadata.GetMetadata<ApiAudience>() is not null)
            .Select(e => new ApiRoute(
                e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Single(),
                e.RoutePattern.RawText![(ApiRoutes.Prefix.Length + 1)..], // "/api/complaints" -> "complaints"
                e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName,
                e.Metadata.GetRequiredMetadata<ApiAudience>().Audience,
                e.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? string.Empty))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal),
    ];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);

    /// <summary>Runs the endpoint named <paramref name="name"/> on a request, with the route values the caller bound.</summary>
    public Task InvokeAsync(string name, HttpContext context, params (string Name, string Value)[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = _byName[name];
        context.SetEndpoint(endpoint);
        foreach (var (key, value) in routeValues)
        {
            context.Request.RouteValues[key] = value;
        }

        return endpoint.RequestDelegate!(context);
    }
}
