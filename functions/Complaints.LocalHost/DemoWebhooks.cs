using System.Text;
using System.Text.Json;
using Complaints.Core;
using Complaints.Pipeline.Parties;
using Complaints.Pipeline.Webhooks;
using Complaints.Storage.Stores;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost;

/// <summary>
/// Development only: a webhook receiver in the local host itself (<c>POST /demo/webhook-receiver</c>) and the demo
/// parties of <c>parties.demo.json</c> registered to it, so that filing a complaint under <c>./run.sh</c> shows a
/// delivery in the log. The receiver verifies each delivery as a real one should (docs/api.md, Webhooks) and logs
/// one line per delivery: ids and the event type only.
/// </summary>
public static partial class DemoWebhooks
{
    public const string Route = "/demo/webhook-receiver";

    /// <summary>Set to false to keep the demo parties unregistered.</summary>
    public const string EnabledKey = "Complaints:Seed:DemoWebhooks";

    private const int MaxBodyBytes = 64 * 1024;

    public static IServiceCollection AddDemoWebhooks(this IServiceCollection services) => services.AddHostedService<DemoWebhookRegistrar>();

    public static WebApplication MapDemoWebhookReceiver(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Route, ReceiveAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, WebhookStore webhooks, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(DemoWebhooks));
        if (request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        string? party;
        try
        {
            using var json = JsonDocument.Parse(body);
            party = json.RootElement.TryGetProperty("partyId", out var p) ? p.GetString() : null;
        }
        catch (JsonException)
        {
            party = null;
        }

        var registration = party is null ? null : await webhooks.GetRegistrationAsync(new PartyId(party), ct);
        var deliveryId = request.Headers[WebhookSignature.DeliveryIdHeader].ToString();
        if (registration is null || !WebhookSignature.Verify(registration.Secret, request.Headers[WebhookSignature.SignatureHeader], body, clock.GetUtcNow(), WebhookSignature.DefaultTolerance))
        {
            LogRefused(logger, deliveryId);
            return Results.Unauthorized();
        }

        using var verified = JsonDocument.Parse(body);
        var root = verified.RootElement;
        LogReceived(logger, request.Headers[WebhookSignature.EventHeader].ToString(), deliveryId, party!, root.TryGetProperty("complaintId", out var c) ? c.GetString() ?? "" : "");
        return Results.NoContent();
    }

    [LoggerMessage(4101, LogLevel.Information, "Demo webhook receiver: {Event} delivery {DeliveryId} for {PartyId}, complaint {ComplaintId} (signature verified)")]
    private static partial void LogReceived(ILogger logger, string @event, string deliveryId, string partyId, string complaintId);

    [LoggerMessage(4102, LogLevel.Warning, "Demo webhook receiver: delivery {DeliveryId} refused (no registration, or the signature does not verify)")]
    private static partial void LogRefused(ILogger logger, string deliveryId);
}

/// <summary>Once the server listens, registers the demo receiver for every demo merchant and venue that has no webhook of its own.</summary>
internal sealed partial class DemoWebhookRegistrar(
    IHostApplicationLifetime lifetime,
    IServer server,
    WebhookStore webhooks,
    IHostEnvironment environment,
    IOptions<PartySeedOptions> seed,
    TimeProvider clock,
    ILogger<DemoWebhookRegistrar> logger) : IHostedService
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = RegisterAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RegisterAsync(CancellationToken ct)
    {
        try
        {
            var path = Path.Combine(environment.ContentRootPath, seed.Value.DemoFile);
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
            if (!File.Exists(path) || address is null)
            {
                return;
            }

            var receiver = new Uri(new Uri(address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal)), DemoWebhooks.Route);
            var parties = JsonSerializer.Deserialize<List<PartyEntry>>(await File.ReadAllTextAsync(path, ct), FileJson) ?? [];
            var registered = 0;
            foreach (var party in parties.Where(p => p.Kind is "merchant" or "venue"))
            {
                var id = new PartyId(party.Id);
                if (await webhooks.GetRegistrationAsync(id, ct) is { } existing && existing.Url.AbsolutePath != DemoWebhooks.Route)
                {
                    continue; // The party registered an endpoint of its own: keep it.
                }

                await webhooks.PutRegistrationAsync(new WebhookRegistration(id, Guid.NewGuid().ToString("N"), receiver, WebhookSignature.NewSecret(), clock.GetUtcNow()), ct);
                registered++;
            }

            LogRegistered(logger, registered, receiver.AbsoluteUri);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(4103, LogLevel.Information, "Demo webhook receiver registered for {Count} demo parties at {Url}")]
    private static partial void LogRegistered(ILogger logger, int count, string url);

    [LoggerMessage(4104, LogLevel.Warning, "Demo webhooks not registered")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
