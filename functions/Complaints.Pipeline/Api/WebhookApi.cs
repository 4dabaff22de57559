using System.ComponentModel.DataAnnotations;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Webhooks;
using Complaints.Storage.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>Where the caller's party wants to be notified.</summary>
public sealed record WebhookRequest
{
    /// <summary>An absolute https URL whose host resolves to public addresses only (http to loopback in Development).</summary>
    [Required, Text(WebhookEndpointPolicy.MaxUrlLength)]
    public string Url { get; init; } = null!;
}

/// <summary>A registration as the party reads it: never the secret.</summary>
public sealed record WebhookView(string Url, DateTimeOffset RegisteredAt, IReadOnlyList<string> Events);

/// <summary>The answer to a registration: the signing secret, this once.</summary>
public sealed record WebhookRegisteredView(string Url, DateTimeOffset RegisteredAt, IReadOnlyList<string> Events, string Secret, string SignatureHeader);

/// <summary>One delivery as the party sees it: where it stands, how many attempts, the last error code.</summary>
public sealed record WebhookDeliveryView(
    string DeliveryId,
    string Event,
    string ComplaintId,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    int? LastStatusCode,
    DateTimeOffset? DeliveredAt)
{
    internal static WebhookDeliveryView Of(WebhookDelivery d) =>
        new(d.DeliveryId, d.Event, d.ComplaintId, ApiNames.Of(d.Status), d.Attempts, d.CreatedAt, d.LastAttemptAt, d.LastError, d.LastStatusCode, d.DeliveredAt);
}

/// <summary>
/// An operator's own webhook: register (or replace, with a new secret), read, remove, and list its deliveries. The
/// party is the caller's; no route names another party, so no operator can reach another's registration.
/// </summary>
public sealed class WebhookApi(
    WebhookStore webhooks,
    WebhookEndpointPolicy policy,
    Cursors cursors,
    IOptions<ApiOptions> options,
    TimeProvider clock)
{
    public async Task<Results<Ok<WebhookRegisteredView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(Caller caller, WebhookRequest body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (RequireOperator(caller, out var party) is { } problem)
        {
            return problem;
        }

        var url = body.Url.Trim();
        if (policy.CheckForm(url, out var uri) is { } form)
        {
            return Problems.Invalid("url", $"The url field {form}");
        }

        if (await policy.CheckAddressesAsync(uri!, ct) is { } refused)
        {
            return Refused("url", $"The url field {refused}");
        }

        var registration = new WebhookRegistration(party, Guid.NewGuid().ToString("N"), uri!, WebhookSignature.NewSecret(), clock.GetUtcNow());
        await webhooks.PutRegistrationAsync(registration, ct);
        return TypedResults.Ok(new WebhookRegisteredView(registration.Url.AbsoluteUri, registration.RegisteredAt, WebhookEvents.All, registration.Secret, WebhookSignature.SignatureHeader));
    }

    public async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(Caller caller, CancellationToken ct)
    {
        if (RequireOperator(caller, out var party) is { } problem)
        {
            return problem;
        }

        return await webhooks.GetRegistrationAsync(party, ct) is { } registration
            ? TypedResults.Ok(new WebhookView(registration.Url.AbsoluteUri, registration.RegisteredAt, WebhookEvents.All))
            : Problems.NotFound("webhook");
    }

    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Caller caller, CancellationToken ct)
    {
        if (RequireOperator(caller, out var party) is { } problem)
        {
            return problem;
        }

        return await webhooks.DeleteRegistrationAsync(party, ct) ? TypedResults.NoContent() : Problems.NotFound("webhook");
    }

    public async Task<Results<Ok<PageView<WebhookDeliveryView>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(Caller caller, string? cursor, CancellationToken ct)
    {
        if (RequireOperator(caller, out var party) is { } problem)
        {
            return problem;
        }

        if (!cursors.TryDecode(cursor, out var decoded))
        {
            return Problems.Invalid("cursor", "is not a cursor this API issued.");
        }

        var prefix = "webhook:" + party.Value + "|";
        if (decoded is not null && !decoded.StartsWith(prefix, StringComparison.Ordinal))
        {
            return Problems.Invalid("cursor", "does not belong to this list.");
        }

        var (items, next) = await webhooks.ListDeliveriesAsync(party, options.Value.PageSize, decoded?[prefix.Length..], ct);
        return TypedResults.Ok(new PageView<WebhookDeliveryView>([.. items.Select(WebhookDeliveryView.Of)], next is null ? null : cursors.Encode(prefix + next)));
    }

    private static ProblemHttpResult? RequireOperator(Caller caller, out PartyId party)
    {
        party = default;
        switch (caller)
        {
            case Caller.Operator op:
                party = op.Party;
                return null;
            case Caller.Anonymous or Caller.Invalid:
                return Problems.Unauthorized();
            default:
                return Problems.Forbidden("Webhooks are registered by the operators of merchants and venues, each for its own party.");
        }
    }

    /// <summary>A URL of the right form that points where deliveries may not go: 422, naming the field.</summary>
    private static ProblemHttpResult Refused(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The webhook's address is not allowed.",
        });
}
