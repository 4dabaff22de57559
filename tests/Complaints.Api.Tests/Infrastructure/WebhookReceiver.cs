using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>One request the receiver got, and what it answered.</summary>
public sealed record ReceivedWebhook(string Endpoint, IReadOnlyDictionary<string, string> Headers, string Body, int Answered, DateTimeOffset At)
{
    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;

    public string? Field(string name) => Json().TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public override string ToString() => $"{Endpoint} {Header("Complaints-Event")} {Header("Complaints-Delivery-Id")} -> {Answered}";
}

/// <summary>
/// A real HTTP receiver for webhook deliveries: Kestrel on 127.0.0.1, a free port, one path per endpoint name
/// (<c>/hooks/{name}</c>). It records every request and answers what the test told it to (200 by default); an
/// endpoint can answer 500 to the first attempt of each delivery id.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentDictionary<string, bool> failFirstAttempt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> attemptsByDelivery = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var deliveryId = headers.TryGetValue("Complaints-Delivery-Id", out var id) ? id : string.Empty;
            var attempt = self!.attemptsByDelivery.AddOrUpdate(name + "|" + deliveryId, 1, (_, n) => n + 1);
            var status = self.failFirstAttempt.ContainsKey(name) && attempt == 1 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            self.received.Enqueue(new ReceivedWebhook(name, headers, body, status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new WebhookReceiver(app, new Uri(address));
        return self;
    }

    /// <summary>The URL of an endpoint (http, loopback: registrable in Development only).</summary>
    public string UrlOf(string name) => new Uri(Address, $"/hooks/{name}").AbsoluteUri;

    /// <summary>From now on the endpoint answers 500 to the first attempt of each delivery, 200 to the next.</summary>
    public void FailFirstAttempt(string name) => failFirstAttempt[name] = true;

    /// <summary>What the endpoint received about a complaint, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string name, string complaintId) =>
        [.. received.Where(r => r.Endpoint == name && r.Field("complaintId") == complaintId)];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
