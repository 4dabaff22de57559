using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Pipeline.Api;

/// <summary>
/// CORS for the public reads (docs/adr/0013): every GET of the <see cref="RouteAudience.Public"/> audience answers any
/// origin (<c>Access-Control-Allow-Origin: *</c>, no credentials), and its preflight is answered; no other route
/// sends a CORS header, so a page elsewhere cannot call a route that takes an API key or a tracking token (its
/// preflight, asking for <c>X-Api-Key</c> or <c>Authorization</c>, gets no allowance).
/// The policy is ASP.NET Core's (<see cref="ICorsService"/>, a named <see cref="CorsPolicy"/>); it is applied by
/// <see cref="RequestGuard"/>, which wraps each endpoint's request delegate, so both hosts apply it the same way: the
/// Functions app has no routing middleware for the CORS middleware to sit behind.
/// </summary>
public static class PublicReads
{
    public const string CorsPolicyName = "public-reads";

    /// <summary>How long a browser may cache a preflight's answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    /// <summary>Registers the policy: any origin, GET only, the safelisted request headers, and the paging and download headers exposed.</summary>
    public static IServiceCollection AddPublicReadCors(this IServiceCollection services) =>
        services.AddCors(cors => cors.AddPolicy(CorsPolicyName, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get)
            .WithHeaders("Accept", "Accept-Language", "Content-Language")
            .WithExposedHeaders("Link", "Content-Disposition", "Retry-After")
            .SetPreflightMaxAge(PreflightMaxAge)));

    /// <summary>Whether an endpoint is a public read: the public audience, and GET.</summary>
    internal static bool IsPublicRead(EndpointBuilder endpoint, RouteAudience audience) =>
        audience == RouteAudience.Public
        && endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods.SequenceEqual([HttpMethods.Get]) == true;

    /// <summary>
    /// Marks a public read (<see cref="PublicRead"/>), and tells routing to send a CORS preflight for GET to this
    /// endpoint (in the local host; a Functions trigger of a public read also takes OPTIONS). Not the framework's
    /// <c>EnableCorsAttribute</c>: its endpoint middleware refuses to run an endpoint with CORS metadata when the
    /// CORS middleware is not in the pipeline, and here the guard applies the policy instead.
    /// </summary>
    internal static void Mark(EndpointBuilder endpoint)
    {
        endpoint.Metadata.Add(new PublicRead(CorsPolicyName));
        endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get], acceptCorsPreflight: true));
    }

    /// <summary>
    /// Applies the policy to a request of a public read. Answers a preflight (204, with the allowance when the policy
    /// grants it) and any other OPTIONS (405), and then returns <c>true</c>: the request is done. Otherwise sets the
    /// response's CORS headers when the request came from a browser (it has an Origin) and returns <c>false</c>.
    /// </summary>
    internal static async Task<bool> ApplyAsync(HttpContext context)
    {
        var request = context.Request;
        var isOptions = HttpMethods.IsOptions(request.Method);
        var isPreflight = isOptions && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;
        if (isOptions && !isPreflight)
        {
            context.Response.Headers.Allow = HttpMethods.Get;
            await TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Only GET is served here.").ExecuteAsync(context);
            return true;
        }

        if (request.Headers.Origin.Count == 0)
        {
            return false;
        }

        var services = context.RequestServices;
        var policy = await services.GetRequiredService<ICorsPolicyProvider>().GetPolicyAsync(context, CorsPolicyName)
            ?? throw new InvalidOperationException($"The CORS policy {CorsPolicyName} is not registered (AddPublicReadCors).");
        var cors = services.GetRequiredService<ICorsService>();
        cors.ApplyResult(cors.EvaluatePolicy(context, policy), context.Response);
        if (isPreflight)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return true;
        }

        return false;
    }
}

/// <summary>Endpoint metadata: a public read, answering cross-origin requests under the named CORS policy.</summary>
public sealed record PublicRead(string CorsPolicyName);
