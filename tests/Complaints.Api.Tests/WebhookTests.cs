using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Operators' webhooks end to end: the real local host delivers to a real receiver (Kestrel on 127.0.0.1, a free port)
/// started by the test. The <c>webhooks</c> host runs in Development (so loopback receivers may be registered) with
/// seconds to acknowledge and retries a second apart; the refusals run on the <c>main</c> host, in Production.
/// </summary>
public sealed class WebhookTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private const string Webhook = "api/operators/me/webhook";
    private const string Deliveries = "api/operators/me/webhook/deliveries";

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_delivery_is_signed_over_timestamp_and_body_with_the_secret_shown_once_and_carries_ids_only()
    {
        var api = await ApiAsync(ApiEnvironment.WebhooksHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        var registered = (await api.Http.PostAsync(Webhook, api.Operator(Platform), new { url = receiver.UrlOf("platform") })).Expect(HttpStatusCode.OK).Json();
        var secret = registered.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        try
        {
            // Later reads never show the secret.
            var read = (await api.Http.GetAsync(Webhook, api.Operator(Platform))).Expect(HttpStatusCode.OK);
            Assert.Equal(receiver.UrlOf("platform"), read.Json().GetProperty("url").GetString());
            Assert.DoesNotContain(secret, read.Body, StringComparison.Ordinal);
            Assert.False(read.Json().TryGetProperty("secret", out _), $"a read shows no secret: {read.Body}");

            var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta, venue: Platform, name: "Zhao Min", phone: "+86 139 1111 2222", email: "zhao.min@example.com"));
            var delivery = await ReceivedAsync(receiver, "platform", c.Id, "complaint.assigned");

            var signature = delivery.Header("Complaints-Signature");
            var parts = signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{delivery.Body}")));
            Assert.Equal(expected, parts["v1"]);
            Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(t), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.NotEqual(expected, Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{delivery.Body} "))));

            var body = delivery.Json();
            Assert.Equal(["complaintId", "deliveryId", "event", "occurredAt", "partyId"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(delivery.Header("Complaints-Delivery-Id"), body.GetProperty("deliveryId").GetString());
            Assert.Equal("complaint.assigned", delivery.Header("Complaints-Event"));
            Assert.Equal(Platform, body.GetProperty("partyId").GetString());
            foreach (var personal in new[] { "Zhao", "139", "zhao.min", "kettle" })
            {
                Assert.DoesNotContain(personal, delivery.Body, StringComparison.OrdinalIgnoreCase);
            }

            var listed = await DeliveryAsync(api, Platform, c.Id, "complaint.assigned", d => d.GetProperty("status").GetString() == "delivered");
            Assert.Equal(body.GetProperty("deliveryId").GetString(), listed.GetProperty("deliveryId").GetString());
            Assert.Equal(1, listed.GetProperty("attempts").GetInt32());
        }
        finally
        {
            await api.Http.DeleteAsync(Webhook, api.Operator(Platform));
        }
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_delivery_id_and_body_and_the_delivery_counts_once()
    {
        var api = await ApiAsync(ApiEnvironment.WebhooksHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailFirstAttempt("mall");
        (await api.Http.PostAsync(Webhook, api.Operator(Mall), new { url = receiver.UrlOf("mall") })).Expect(HttpStatusCode.OK);
        try
        {
            var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
            var listed = await DeliveryAsync(api, Mall, c.Id, "complaint.assigned", d => d.GetProperty("status").GetString() == "delivered");
            var attempts = receiver.For("mall", c.Id).Where(r => r.Header("Complaints-Event") == "complaint.assigned").ToList();

            Assert.Equal([500, 200], attempts.Select(a => a.Answered));
            Assert.Single(attempts.Select(a => a.Header("Complaints-Delivery-Id")).Distinct());
            Assert.Equal(listed.GetProperty("deliveryId").GetString(), attempts[0].Header("Complaints-Delivery-Id"));
            Assert.Equal(attempts[0].Body, attempts[1].Body);
            Assert.Equal(2, listed.GetProperty("attempts").GetInt32());
        }
        finally
        {
            await api.Http.DeleteAsync(Webhook, api.Operator(Mall));
        }
    }

    [Fact]
    public async Task A_party_is_not_told_about_a_complaint_that_does_not_name_it()
    {
        var api = await ApiAsync(ApiEnvironment.WebhooksHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await api.Http.PostAsync(Webhook, api.Operator(Alpha), new { url = receiver.UrlOf("alpha") })).Expect(HttpStatusCode.OK);
        (await api.Http.PostAsync(Webhook, api.Operator(Gamma), new { url = receiver.UrlOf("gamma") })).Expect(HttpStatusCode.OK);
        try
        {
            var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Gamma));

            // Gamma hears of it: the moment Alpha could have too, had the planning chosen wrongly.
            await ReceivedAsync(receiver, "gamma", c.Id, "complaint.assigned");
            await DeliveryAsync(api, Gamma, c.Id, "complaint.assigned", d => d.GetProperty("status").GetString() == "delivered");
            Assert.Empty(receiver.For("alpha", c.Id));
            Assert.DoesNotContain(await api.AllPagesAsync(Deliveries, api.Operator(Alpha)), d => d.GetProperty("complaintId").GetString() == c.Id);
        }
        finally
        {
            await api.Http.DeleteAsync(Webhook, api.Operator(Alpha));
            await api.Http.DeleteAsync(Webhook, api.Operator(Gamma));
        }
    }

    [Fact]
    public async Task The_acknowledge_deadline_approaching_is_notified_before_it_passes_and_then_the_escalation()
    {
        var api = await ApiAsync(ApiEnvironment.WebhooksHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        (await api.Http.PostAsync(Webhook, api.Operator(Market), new { url = receiver.UrlOf("market") })).Expect(HttpStatusCode.OK);
        try
        {
            var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta, venue: Market));
            var assigned = await api.WaitForStatusAsync(c, "assigned");
            var escalated = await ReceivedAsync(receiver, "market", c.Id, "complaint.escalated");
            var seen = receiver.For("market", c.Id).Select(r => r.Header("Complaints-Event")).ToList();
            Assert.Equal(["complaint.assigned", "complaint.deadline-approaching", "complaint.escalated"], seen.Distinct());

            var approaching = receiver.For("market", c.Id).First(r => r.Header("Complaints-Event") == "complaint.deadline-approaching").Json();
            Assert.Equal("acknowledge", approaching.GetProperty("deadline").GetString());
            var dueAt = approaching.GetProperty("dueAt").GetDateTimeOffset();
            Assert.Equal(assigned.GetProperty("deadlines").GetProperty("acknowledgeBy").GetDateTimeOffset(), dueAt);
            Assert.True(approaching.GetProperty("occurredAt").GetDateTimeOffset() < dueAt, $"the warning comes before the deadline: {approaching}");
            Assert.True(escalated.Json().GetProperty("occurredAt").GetDateTimeOffset() >= dueAt, $"the escalation after it: {escalated.Body}");
        }
        finally
        {
            await api.Http.DeleteAsync(Webhook, api.Operator(Market));
        }
    }

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost:8443/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://10.20.30.40/hooks")]
    [InlineData("https://172.16.0.1/hooks")]
    [InlineData("https://192.168.1.1/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hooks")]
    [InlineData("https://[fd12:3456::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")]
    [InlineData("https://0.0.0.0/hooks")]
    public async Task Registering_a_private_loopback_or_link_local_address_is_422_naming_url(string url)
    {
        var api = await ApiAsync();
        var refused = (await api.Http.PostAsync(Webhook, api.Operator(Platform), new { url })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "url");
        Assert.Contains("address", refused.Body, StringComparison.Ordinal);
        (await api.Http.GetAsync(Webhook, api.Operator(Platform))).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("http://203.0.113.7/hooks")]
    [InlineData("http://127.0.0.1:5000/hooks")]
    [InlineData("ftp://203.0.113.7/hooks")]
    [InlineData("/hooks")]
    [InlineData("https://user:pass@203.0.113.7/hooks")]
    public async Task A_url_that_is_not_plain_https_is_400_naming_url(string url)
    {
        var api = await ApiAsync();
        (await api.Http.PostAsync(Webhook, api.Operator(Platform), new { url })).ExpectProblem(HttpStatusCode.BadRequest, "url");
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_at_delivery_is_refused_there_and_the_failure_is_listed()
    {
        var api = await ApiAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        // As if the name had resolved to a public address at registration and points at loopback now (DNS rebinding):
        // the registration is written past the API's check.
        var store = api.Http.Host.Services.GetRequiredService<WebhookStore>();
        var rebound = new Uri($"https://localhost:{receiver.Address.Port}/hooks/rebound");
        await store.PutRegistrationAsync(new WebhookRegistration(new PartyId(Beta), "rebinding", rebound, "whsec_test", DateTimeOffset.UtcNow), Cancel);
        try
        {
            var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
            var failed = await DeliveryAsync(api, Beta, c.Id, "complaint.assigned", d => d.GetProperty("status").GetString() == "failed");
            Assert.Equal("address-refused", failed.GetProperty("lastError").GetString());
            Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
            Assert.Empty(receiver.Received);
        }
        finally
        {
            await api.Http.DeleteAsync(Webhook, api.Operator(Beta));
        }
    }

    [Fact]
    public async Task Only_the_party_itself_registers_reads_and_lists_its_webhook()
    {
        var api = await ApiAsync(ApiEnvironment.WebhooksHost);
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.UrlOf("own");
        var body = new { url };
        var consumer = (await api.FileAsync(ComplaintsApi.Filing(merchant: Alpha))).Consumer;
        foreach (var (who, credential, status) in new[]
                 {
                     ("anonymous", Credential.None, HttpStatusCode.Unauthorized),
                     ("consumer", consumer, HttpStatusCode.Forbidden),
                     ("regulator", api.Regulator, HttpStatusCode.Forbidden),
                 })
        {
            (await api.Http.PostAsync(Webhook, credential, body)).ExpectProblem(status);
            (await api.Http.GetAsync(Webhook, credential)).ExpectProblem(status);
            (await api.Http.DeleteAsync(Webhook, credential)).ExpectProblem(status);
            (await api.Http.GetAsync(Deliveries, credential)).ExpectProblem(status);
            Output.WriteLine($"{who}: {(int)status} on every webhook route");
        }

        (await api.Http.PostAsync(Webhook, api.Operator(Platform), body)).Expect(HttpStatusCode.OK);
        try
        {
            // Another operator's "me" is its own party: it never reads, lists or removes the platform's.
            var other = await api.Http.GetAsync(Webhook, api.Operator(Gamma));
            Assert.DoesNotContain(url, other.Body, StringComparison.Ordinal);
            (await api.Http.DeleteAsync(Webhook, api.Operator(Gamma))).ExpectProblem(HttpStatusCode.NotFound);
            Assert.Equal(url, (await api.Http.GetAsync(Webhook, api.Operator(Platform))).Expect(HttpStatusCode.OK).Json().GetProperty("url").GetString());
        }
        finally
        {
            (await api.Http.DeleteAsync(Webhook, api.Operator(Platform))).Expect(HttpStatusCode.NoContent);
        }

        (await api.Http.GetAsync(Webhook, api.Operator(Platform))).ExpectProblem(HttpStatusCode.NotFound);
    }

    private async Task<ReceivedWebhook> ReceivedAsync(WebhookReceiver receiver, string endpoint, string complaintId, string @event) =>
        (await Eventually.Until(
            () => Task.FromResult(receiver.For(endpoint, complaintId).Where(r => r.Header("Complaints-Event") == @event && r.Answered == 200).ToList()),
            found => found.Count > 0,
            ComplaintsApi.StageTimeout,
            $"a {@event} delivery of {complaintId} to '{endpoint}'",
            Cancel))[0];

    private static Task<JsonElement> DeliveryAsync(ComplaintsApi api, string party, string complaintId, string @event, Func<JsonElement, bool> match) =>
        api.WaitForListItemAsync(Deliveries, api.Operator(party),
            d => d.GetProperty("complaintId").GetString() == complaintId && d.GetProperty("event").GetString() == @event && match(d),
            $"the {@event} delivery of {complaintId}");
}
