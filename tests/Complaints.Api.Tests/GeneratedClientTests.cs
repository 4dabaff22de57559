using System.Net.Http.Headers;
using Complaints.Api.Tests.Generated;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Testing;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// The client NSwag generates from the served OpenAPI document (committed in Generated/, kept current by
/// <see cref="OpenApiDocumentTests"/>) drives the pipeline on the real local host over Azurite. The client throws for
/// a status code the document does not declare and for a body that does not match the declared schema (a required
/// property missing), so where document and behaviour disagree, this test fails.
/// </summary>
public sealed class GeneratedClientTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private readonly List<HttpClient> _http = [];

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_generated_client_files_acknowledges_resolves_confirms_refuses_publishes_and_reads_the_public_feed()
    {
        var host = (await ApiAsync()).Http.Host;
        var anonymous = Client(host);
        var mall = Client(host, apiKey: Parties.KeyOf(Mall));
        var alpha = Client(host, apiKey: Parties.KeyOf(Alpha));
        var beta = Client(host, apiKey: Parties.KeyOf(Beta));
        var regulator = Client(host, apiKey: Parties.KeyOf(Regulator));

        // Filed (with an Idempotency-Key: the retry gets the same complaint), assigned to the mall as first responder.
        var key = "generated-" + Guid.NewGuid().ToString("N");
        var filed = await anonymous.FileComplaintAsync(key, Filing(Alpha, Mall), Cancel);
        Assert.Equal(filed.ComplaintId, (await anonymous.FileComplaintAsync(key, Filing(Alpha, Mall), Cancel)).ComplaintId);
        var consumer = Client(host, bearer: filed.TrackingToken);
        await StatusAsync(consumer, filed.ComplaintId, "assigned");

        // Acknowledged by the mall, resolved by the merchant, confirmed by the consumer: closed, then drafted.
        Assert.Equal("acknowledged", (await mall.AcknowledgeComplaintAsync(filed.ComplaintId, Cancel)).Status);
        var proposed = await alpha.ProposeResolutionAsync(filed.ComplaintId, new ResolutionRequest
        {
            Remedy = Remedy.Refund,
            Amount = new MoneyRequest { Amount = 80.50m, Currency = "CNY" },
            Note = "A refund of the tea.",
        }, Cancel);
        Assert.Equal("resolution-proposed", proposed.Status);
        Assert.Equal(80.50m, proposed.Resolution.Amount.Amount);
        Assert.Equal("resolved", (await consumer.ConfirmResolutionAsync(filed.ComplaintId, Cancel)).Status);
        var draft = await EventuallyAsync(
            async () => (await regulator.RegulatorDisclosuresAsync(Status4.Draft, null, Cancel)).Items.FirstOrDefault(i => i.ComplaintId == filed.ComplaintId),
            "the disclosure draft");

        // Published by the regulator, then in the public feed (JSON) under the merchant.
        Assert.Equal("published", (await regulator.PublishDisclosureAsync(draft.DisclosureId, Cancel)).Status);
        var record = await EventuallyAsync(
            async () => (await anonymous.PublicDisclosuresAsync(Alpha, null, null, null, null, null, null, Cancel)).Items.FirstOrDefault(r => r.DisclosureId == draft.DisclosureId),
            "the published record in the public feed");
        Assert.Equal(Alpha, record.Merchant.Id);
        Assert.Equal("monetary-relief", record.Outcome);

        // Another complaint, refused by its merchant (the first responder when there is no venue).
        var refused = await anonymous.FileComplaintAsync(null, Filing(Beta, venue: null), Cancel);
        await StatusAsync(Client(host, bearer: refused.TrackingToken), refused.ComplaintId, "assigned");
        await beta.AcknowledgeComplaintAsync(refused.ComplaintId, Cancel);
        var refusal = await beta.RefuseComplaintAsync(refused.ComplaintId, new ReasonRequest { Reason = "Out of stock." }, Cancel);
        Assert.Equal("Out of stock.", refusal.RefusalReason);

        // The problems the document declares arrive as the declared types.
        var unknown = Filing("m-nobody", venue: null);
        unknown.Consumer.Phone = "call me";
        var invalid = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() => anonymous.FileComplaintAsync(null, unknown, Cancel));
        Assert.Equal(400, invalid.StatusCode);
        Assert.Contains("consumer.phone", invalid.Result.Errors.Keys);
        var conflict = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => anonymous.FileComplaintAsync(key, Filing(Alpha, venue: null), Cancel));
        Assert.Equal(409, conflict.StatusCode);
        var unauthorized = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => anonymous.GetComplaintAsync(filed.ComplaintId, null, Cancel));
        Assert.Equal(401, unauthorized.StatusCode);
        var forbidden = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => alpha.AcknowledgeComplaintAsync(refused.ComplaintId, Cancel));
        Assert.Equal(404, forbidden.StatusCode); // alpha is not named on beta's complaint: it does not learn it exists
    }

    public override Task DisposeAsync()
    {
        foreach (var http in _http)
        {
            http.Dispose();
        }

        return base.DisposeAsync();
    }

    private static FileComplaintRequest Filing(string merchant, string? venue) => new()
    {
        Consumer = new ConsumerRequest { Name = "Zhang Min", Phone = "+86 139 0000 1111" },
        MerchantId = merchant,
        VenueId = venue,
        Category = Category.GoodsQuality,
        Description = "The tea was mouldy; the shop does not answer.",
        AmountClaimed = new MoneyRequest { Amount = 80.50m, Currency = "CNY" },
        ConsentToPublishNarrative = true,
    };

    private ComplaintsClient Client(ApiHost host, string? apiKey = null, string? bearer = null)
    {
        var http = host.NewClient();
        _http.Add(http);
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return new ComplaintsClient(http);
    }

    private Task StatusAsync(ComplaintsClient client, string id, string status) =>
        EventuallyAsync(async () => (await client.GetComplaintAsync(id, null, Cancel)) is { } view && view.Status == status ? view : null, $"complaint {id} {status}");

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        T? seen = null;
        await Eventually.Until(async () => (seen = await probe()) is not null, ComplaintsApi.StageTimeout, what, Cancel);
        return seen!;
    }
}
