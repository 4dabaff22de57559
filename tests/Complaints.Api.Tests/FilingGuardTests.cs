using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>What guards filing: the Idempotency-Key and the per-address rate limit.</summary>
public sealed class FilingGuardTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task Ten_concurrent_identical_filings_with_one_Idempotency_Key_make_one_complaint()
    {
        var api = await ApiAsync();
        var key = "retry-" + Guid.NewGuid().ToString("N");
        var body = ComplaintsApi.Filing(merchant: Gamma, venue: Platform, description: "Sent ten times by a flaky phone connection.");
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.FileRawAsync(body, key)));

        foreach (var response in responses)
        {
            response.Expect(HttpStatusCode.Created, "every retry of the same request gets the same answer");
        }

        var ids = responses.Select(r => r.Json().GetProperty("complaintId").GetString()).Distinct().ToList();
        var tokens = responses.Select(r => r.Json().GetProperty("trackingToken").GetString()).Distinct().ToList();
        Assert.True(ids.Count == 1, $"one complaint id expected, saw {ids.Count}: {string.Join(", ", ids)}");
        Assert.True(tokens.Count == 1, $"one tracking token expected, saw {tokens.Count}");
        Assert.Single(responses.Select(r => r.Headers.Location?.ToString()).Distinct());

        var c = new Filed(ids[0]!, tokens[0]!);
        var view = await api.WaitForStatusAsync(c, "assigned");
        Assert.Single(Views.Timeline(view), t => t == "filed");
        (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK, "the one token opens the one complaint");

        // A later retry with the same key and body still answers with the same complaint and token.
        var again = (await api.FileRawAsync(body, key)).Expect(HttpStatusCode.Created).Json();
        Assert.Equal(c.Id, again.GetProperty("complaintId").GetString());
        Assert.Equal(c.Token, again.GetProperty("trackingToken").GetString());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_a_different_body_is_409()
    {
        var api = await ApiAsync();
        var key = "reuse-" + Guid.NewGuid().ToString("N");
        var first = await api.FileAsync(ComplaintsApi.Filing(merchant: Alpha, amount: 10m), key);
        var conflict = (await api.FileRawAsync(ComplaintsApi.Filing(merchant: Alpha, amount: 11m), key)).ExpectProblem(HttpStatusCode.Conflict);
        Assert.DoesNotContain(first.Id, conflict.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Token, conflict.Body, StringComparison.Ordinal);

        (await api.FileRawAsync(ComplaintsApi.Filing(), new string('k', 129))).ExpectProblem(HttpStatusCode.BadRequest, "Idempotency-Key");
        (await api.FileRawAsync(ComplaintsApi.Filing(), " ")).ExpectProblem(HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task The_fourth_filing_in_a_minute_from_one_address_is_429_when_the_limit_is_three()
    {
        var api = await ApiAsync(ApiEnvironment.RateLimitedHost);
        var answers = new List<ApiResponse>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await api.FileRawAsync(ComplaintsApi.Filing(merchant: Beta)));
        }

        for (var i = 0; i < 3; i++)
        {
            answers[i].Expect(HttpStatusCode.Created, $"filing {i + 1} of 3 allowed");
        }

        var limited = answers[3].ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter is not null, "a 429 says when to retry (Retry-After)");

        // Only filing is limited: reading goes on.
        (await api.Http.GetAsync("api/public/parties")).Expect(HttpStatusCode.OK);
        var filed = answers[0].Json();
        (await api.Http.GetAsync($"api/complaints/{filed.GetProperty("complaintId").GetString()}",
            Credential.Token("consumer", filed.GetProperty("trackingToken").GetString()!))).Expect(HttpStatusCode.OK);
    }
}
