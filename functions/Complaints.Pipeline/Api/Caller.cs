using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Pipeline.Api;

/// <summary>Who is calling, as far as the credentials on the request say.</summary>
public abstract record Caller
{
    private Caller() { }

    /// <summary>No credentials at all.</summary>
    public sealed record Anonymous : Caller;

    /// <summary>Credentials that are malformed or unknown (HTTP 401).</summary>
    public sealed record Invalid : Caller;

    /// <summary>A bearer tracking token; which complaint it opens is only known once the complaint is read.</summary>
    public sealed record TokenHolder(string Token) : Caller;

    /// <summary>An API key bound to a merchant or venue.</summary>
    public sealed record Operator(PartyId Party) : Caller;

    /// <summary>An API key with the regulator role.</summary>
    public sealed record Regulator(PartyId Party) : Caller;

    /// <summary>
    /// Binds a handler's <see cref="Caller"/> parameter: the caller <see cref="RequestGuard"/> resolved before binding,
    /// or (on a route it does not guard) the credentials resolved now.
    /// </summary>
    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Resolved>()?.Caller
            ?? await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context.Request, context.RequestAborted);
    }

    /// <summary>The request feature holding the resolved caller.</summary>
    internal sealed record Resolved(Caller Caller);
}

/// <summary>Reads <c>Authorization: Bearer</c> (consumers) and <c>X-Api-Key</c> (operators, regulators).</summary>
public sealed class CallerResolver(IPartyRegistry registry)
{
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The challenge of a 401 on a route for operators or regulators (RFC 9110 section 11.6.1).</summary>
    public const string ApiKeyChallenge = "ApiKey header=\"X-Api-Key\"";

    public async Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hasKey = request.Headers.TryGetValue(ApiKeyHeader, out var keys);
        var hasBearer = request.Headers.Authorization.Count > 0;
        if (hasKey && hasBearer)
        {
            return new Caller.Invalid();
        }

        if (hasKey)
        {
            var key = keys.Count == 1 ? keys[0] : null;
            if (string.IsNullOrWhiteSpace(key) || key.Length > 256)
            {
                return new Caller.Invalid();
            }

            return await registry.FindKeyAsync(TrackingTokens.Hash(key), cancellationToken) switch
            {
                { Role: PartyRole.Regulator } holder => new Caller.Regulator(holder.Party),
                { Role: PartyRole.Operator } holder => new Caller.Operator(holder.Party),
                _ => new Caller.Invalid(),
            };
        }

        if (hasBearer)
        {
            var value = request.Headers.Authorization.Count == 1 ? request.Headers.Authorization[0] : null;
            const string scheme = "Bearer ";
            if (value is null || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return new Caller.Invalid();
            }

            var token = value[scheme.Length..].Trim();
            return TrackingTokens.LooksLikeToken(token) ? new Caller.TokenHolder(token) : new Caller.Invalid();
        }

        return new Caller.Anonymous();
    }
}
