using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Complaints.Core;
using Complaints.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Webhooks;

/// <summary>What one attempt came to.</summary>
public enum WebhookAttemptResult
{
    /// <summary>The receiver answered 2xx (now or before): nothing more to do.</summary>
    Delivered,

    /// <summary>It failed and may be tried again (the caller's retry policy decides when).</summary>
    Retry,

    /// <summary>It is over without a delivery: given up, the address refused, or the registration removed.</summary>
    Ended,
}

/// <summary>
/// One delivery attempt: reads the planned delivery and the party's registration, posts the stored body with its
/// signature, and records the attempt (status, attempts, last error code). Failure codes: <c>http-status</c> (with
/// the status), <c>redirect</c> (a 3xx: redirects are not followed), <c>timeout</c>, <c>connection-failed</c>,
/// <c>address-refused</c> (the host resolves to an address <see cref="WebhookEndpointPolicy"/> refuses: the delivery
/// fails at once, no retry) and <c>unregistered</c>. The delivery client is the named client <see cref="ClientName"/>.
/// </summary>
public sealed partial class WebhookSender(
    IHttpClientFactory clients,
    WebhookStore webhooks,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    public const string ClientName = "webhooks";

    public async Task<WebhookAttemptResult> DeliverAsync(WebhookDeliveryRef delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var party = new PartyId(delivery.Party);
        if (await webhooks.GetDeliveryAsync(party, delivery.Key, cancellationToken) is not { } planned)
        {
            return WebhookAttemptResult.Ended;
        }

        if (planned.Status != WebhookDeliveryStatus.Pending)
        {
            return planned.Status == WebhookDeliveryStatus.Delivered ? WebhookAttemptResult.Delivered : WebhookAttemptResult.Ended;
        }

        if (await webhooks.GetRegistrationAsync(party, cancellationToken) is not { } registration)
        {
            await RecordAsync(planned, WebhookDeliveryStatus.Cancelled, "unregistered", null, attempted: false, cancellationToken);
            return WebhookAttemptResult.Ended;
        }

        var now = clock.GetUtcNow();
        if (now - planned.CreatedAt >= options.Value.GiveUpAfter)
        {
            await RecordAsync(planned, WebhookDeliveryStatus.Failed, planned.LastError ?? "timeout", planned.LastStatusCode, attempted: false, cancellationToken);
            LogGaveUp(logger, planned.DeliveryId, planned.Party.Value, planned.Attempts);
            return WebhookAttemptResult.Ended;
        }

        var (error, status) = await PostAsync(registration, planned, now, cancellationToken);
        if (error is null)
        {
            await RecordAsync(planned, WebhookDeliveryStatus.Delivered, null, status, attempted: true, cancellationToken);
            LogDelivered(logger, planned.DeliveryId, planned.Event, planned.Party.Value, planned.Attempts + 1);
            return WebhookAttemptResult.Delivered;
        }

        var refused = error == "address-refused";
        await RecordAsync(planned, refused ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending, error, status, attempted: true, cancellationToken);
        LogFailed(logger, planned.DeliveryId, planned.Party.Value, planned.Attempts + 1, error, status ?? 0);
        return refused ? WebhookAttemptResult.Ended : WebhookAttemptResult.Retry;
    }

    /// <summary>The retries ran out: the delivery is marked failed (unless it got through after all).</summary>
    public async Task GiveUpAsync(WebhookDeliveryRef delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (await webhooks.GetDeliveryAsync(new PartyId(delivery.Party), delivery.Key, cancellationToken) is { Status: WebhookDeliveryStatus.Pending } planned)
        {
            await RecordAsync(planned, WebhookDeliveryStatus.Failed, planned.LastError, planned.LastStatusCode, attempted: false, cancellationToken);
            LogGaveUp(logger, planned.DeliveryId, planned.Party.Value, planned.Attempts);
        }
    }

    private async Task<(string? Error, int? Status)> PostAsync(WebhookRegistration registration, WebhookDelivery planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, registration.Url)
        {
            Content = new StringContent(planned.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Header(registration.Secret, now, planned.Body));
        request.Headers.Add(WebhookSignature.DeliveryIdHeader, planned.DeliveryId);
        request.Headers.Add(WebhookSignature.EventHeader, planned.Event);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Complaints-Webhooks", "1.0"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return code switch
            {
                >= 200 and < 300 => (null, code),
                >= 300 and < 400 => ("redirect", code),
                _ => ("http-status", code),
            };
        }
        catch (HttpRequestException e) when (Refused(e))
        {
            return ("address-refused", null);
        }
        catch (HttpRequestException)
        {
            return ("connection-failed", null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("timeout", null);
        }
    }

    private static bool Refused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is WebhookAddressRefusedException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Records the attempt over the row as read; when it changed meanwhile (another run of the activity), reads again and keeps a delivered one delivered.</summary>
    private async Task RecordAsync(WebhookDelivery planned, WebhookDeliveryStatus status, string? error, int? code, bool attempted, CancellationToken cancellationToken)
    {
        var current = planned;
        for (var i = 0; i < 5; i++)
        {
            var now = clock.GetUtcNow();
            var next = current with
            {
                Status = status,
                Attempts = current.Attempts + (attempted ? 1 : 0),
                LastAttemptAt = attempted ? now : current.LastAttemptAt,
                LastError = status == WebhookDeliveryStatus.Delivered ? current.LastError : error,
                LastStatusCode = code ?? (attempted ? null : current.LastStatusCode),
                DeliveredAt = status == WebhookDeliveryStatus.Delivered ? now : current.DeliveredAt,
            };
            if (await webhooks.TryUpdateDeliveryAsync(next, cancellationToken))
            {
                return;
            }

            current = await webhooks.GetDeliveryAsync(planned.Party, planned.Key, cancellationToken);
            if (current is null or { Status: not WebhookDeliveryStatus.Pending })
            {
                return;
            }
        }
    }

    [LoggerMessage(3202, LogLevel.Information, "Webhook delivery {DeliveryId} ({Event}) to {PartyId} delivered on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string @event, string partyId, int attempt);

    [LoggerMessage(3203, LogLevel.Warning, "Webhook delivery {DeliveryId} to {PartyId} failed on attempt {Attempt}: {Error} {Status}")]
    private static partial void LogFailed(ILogger logger, string deliveryId, string partyId, int attempt, string error, int status);

    [LoggerMessage(3204, LogLevel.Warning, "Webhook delivery {DeliveryId} to {PartyId} given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string deliveryId, string partyId, int attempts);
}
