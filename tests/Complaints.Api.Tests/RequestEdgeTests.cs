using System.Net;
using System.Text;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Requests at the edges of what HTTP clients send: an idempotent retry serialized differently, credentials missing
/// for each scheme, a body sent as text/plain, a UTF-8 byte order mark, JSON nested too deep.
/// </summary>
public sealed class RequestEdgeTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task An_idempotent_retry_is_compared_as_JSON_values_not_bytes()
    {
        var api = await ApiAsync();
        var key = "json-" + Guid.NewGuid().ToString("N");
        const string first = """
            {"consumer":{"name":"Li Wei","phone":"+86 138 0013 8000"},"merchantId":"m-alpha","category":"goods-quality",
             "description":"The kettle leaks.","amountClaimed":{"amount":20,"currency":"CNY"}}
            """;
        const string retry = """
            {"amountClaimed":{"currency":"CNY","amount":20.0},"description":"The kettle leaks.","category":"goods-quality",
             "merchantId":"m-alpha","consumer":{"phone":"+86 138 0013 8000","name":"Li Wei"},"venueId":null}
            """;
        var filed = (await api.FileRawAsync(first, key)).Expect(HttpStatusCode.Created).Json();
        var again = (await api.FileRawAsync(retry, key)).Expect(HttpStatusCode.Created, "reordered keys and 20.0 for 20 are the same filing").Json();
        Assert.Equal(filed.GetProperty("complaintId").GetString(), again.GetProperty("complaintId").GetString());
        Assert.Equal(filed.GetProperty("trackingToken").GetString(), again.GetProperty("trackingToken").GetString());
        (await api.FileRawAsync(retry.Replace("20.0", "20.5", StringComparison.Ordinal), key)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_401_carries_WWW_Authenticate_for_the_scheme_the_route_expects()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing());
        var consumerRoute = (await api.Http.PostAsync($"{c.Path}/confirmation")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(["Bearer"], consumerRoute.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var operatorRoute = (await api.Http.PostAsync($"{c.Path}/acknowledge")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(["ApiKey header=\"X-Api-Key\""], operatorRoute.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var regulatorRoute = (await api.Http.GetAsync("api/regulator/complaints")).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(["ApiKey header=\"X-Api-Key\""], regulatorRoute.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var readerRoute = (await api.GetAsync(c, Credential.None)).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal(["Bearer", "ApiKey header=\"X-Api-Key\""], readerRoute.Headers.WwwAuthenticate.Select(h => h.ToString()));
        var badToken = (await api.GetAsync(c, Credential.Token("malformed", "short"))).ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer error=\"invalid_token\"", badToken.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task A_text_plain_body_gets_the_same_415_as_a_body_without_Content_Type()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing());
        var filing = JsonSerializer.Serialize(ComplaintsApi.Filing(), ApiClient.Json);
        foreach (var (path, who, body) in new[] { ("api/complaints", Credential.None, filing), ($"{c.Path}/dispute", c.Consumer, "{\"reason\":\"No.\"}") })
        {
            var plain = (await api.Http.PostAsync(path, who, Content(body, "text/plain"))).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
            var none = (await api.Http.PostAsync(path, who, Content(body, null))).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
            Assert.Equal(Detail(none), Detail(plain));
            Assert.Contains("application/json", Detail(plain), StringComparison.Ordinal);
        }

        Views.Equal("assigned", await api.ViewAsync(c), "status");
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_accepted()
    {
        var api = await ApiAsync();
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ComplaintsApi.Filing(merchant: Beta), ApiClient.Json));
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. json]);
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        var filed = (await api.Http.PostAsync("api/complaints", Credential.None, content)).Expect(HttpStatusCode.Created).Json();
        Assert.StartsWith("c", filed.GetProperty("complaintId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_nested_too_deep_says_so()
    {
        var api = await ApiAsync();
        var nested = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            nested.Append("{\"consumer\":");
        }

        nested.Append('1').Append('}', 200);
        var response = (await api.FileRawAsync(nested.ToString())).ExpectProblem(HttpStatusCode.BadRequest, "body");
        var message = response.Json().GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("nested more than", message, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", message, StringComparison.Ordinal);
    }

    private static ByteArrayContent Content(string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static string? Detail(ApiResponse response) => ComplaintsApi.Str(response.Json(), "detail");
}
