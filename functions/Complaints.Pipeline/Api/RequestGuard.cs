using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Endpoint metadata: the route takes the request body as it comes (a file), in one of <paramref name="MediaTypes"/>;
/// <see cref="RequestGuard"/> leaves its body to the handler, which streams it.
/// </summary>
public sealed record RawBody(IReadOnlyList<string> MediaTypes);

/// <summary>
/// What every API endpoint does before the framework binds its parameters, in the order the local host's pipeline
/// has it: a Content-Type that is not JSON on a route that takes a JSON body is a 415 (routing's own check, made here
/// too for the Functions app, which has no routing), then credentials (a route for consumers, operators or
/// regulators answers 401 with a <c>WWW-Authenticate</c> challenge for the scheme it expects), then the body
/// (<see cref="JsonBody"/>). A value the binder cannot convert (a string where a number belongs) becomes a 400
/// naming the field by its JSON path.
/// A public read (a GET anyone may call) first gets its CORS headers, or its preflight answered (<see cref="PublicReads"/>).
/// It wraps each endpoint's request delegate (a <c>Finally</c> convention), so both hosts run it: the local host
/// through routing, the Functions app by invoking the same delegate (<see cref="ApiEndpointCatalog"/>).
/// </summary>
internal static class RequestGuard
{
    public static void Apply(EndpointBuilder endpoint)
    {
        var audience = endpoint.Metadata.OfType<ApiAudience>().LastOrDefault()?.Audience ?? RouteAudience.Public;
        var rawBody = endpoint.Metadata.OfType<RawBody>().LastOrDefault();
        var readsBody = rawBody is null && endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post));
        var accepts = endpoint.Metadata.OfType<IAcceptsMetadata>().LastOrDefault(a => a.RequestType is not null);
        var publicRead = PublicReads.IsPublicRead(endpoint, audience);
        if (publicRead)
        {
            PublicReads.Mark(endpoint);
        }

        Declare(endpoint, audience, readsBody || rawBody is not null);
        var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate.");
        endpoint.RequestDelegate = async context =>
        {
            if (publicRead && await PublicReads.ApplyAsync(context))
            {
                return;
            }

            if (accepts is not null && context.Request.ContentType is { Length: > 0 } contentType && !JsonBody.IsJson(contentType))
            {
                await Problems.UnsupportedMediaType().ExecuteAsync(context);
                return;
            }

            if (audience != RouteAudience.Public)
            {
                var caller = await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context.Request, context.RequestAborted);
                if (caller is Caller.Anonymous or Caller.Invalid)
                {
                    context.Response.Headers.WWWAuthenticate = Challenges(audience, context.Request);
                    await Problems.Unauthorized().ExecuteAsync(context);
                    return;
                }

                context.Features.Set(new Caller.Resolved(caller));
            }

            if (readsBody)
            {
                var maxBytes = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
                if (await JsonBody.PrepareAsync(context.Request, maxBytes, required: accepts is { IsOptional: false }, context.RequestAborted) is { } problem)
                {
                    await problem.ExecuteAsync(context);
                    return;
                }
            }

            try
            {
                await inner(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // RouteHandlerOptions.ThrowOnBadRequest is on, so binding failures arrive here rather than as a bare status.
                var problem = e.InnerException is JsonException json
                    ? Problems.Invalid(JsonBody.Field(json.Path), JsonBody.Expected(JsonOptionsOf(context), accepts?.RequestType, json.Path))
                    : (IResult)TypedResults.Problem(statusCode: e.StatusCode, title: Problems.InvalidTitle);
                await problem.ExecuteAsync(context);
            }
        };
    }

    /// <summary>What the guard may answer, for the OpenAPI document: 401 on a route behind credentials; 400, 413 and 415 on one that reads a body (a raw body's handler answers them).</summary>
    private static void Declare(EndpointBuilder endpoint, RouteAudience audience, bool readsBody)
    {
        string[] problem = ["application/problem+json"];
        if (audience != RouteAudience.Public)
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), problem));
        }

        if (readsBody)
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), problem));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), problem));
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), problem));
        }
    }

    /// <summary>The schemes a route takes (RFC 9110 section 11.6.1; RFC 6750 for the bearer token).</summary>
    internal static StringValues Challenges(RouteAudience audience, HttpRequest request)
    {
        var bearer = request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        return audience switch
        {
            RouteAudience.Consumer => bearer,
            RouteAudience.Operator or RouteAudience.Regulator => CallerResolver.ApiKeyChallenge,
            _ => new StringValues([bearer, CallerResolver.ApiKeyChallenge]),
        };
    }

    private static JsonSerializerOptions JsonOptionsOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
}
