using System.Net;
using System.Text;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Bad input, named cases first (each with the exact status and the field the problem names), then a seeded
/// random battery over every route: no input may produce a 5xx, and every 4xx is application/problem+json.
/// </summary>
public sealed class BadInputTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private const int KiB = 1024;

    public static TheoryData<string, string> FilingFieldCases() => new()
    {
        // JSON path to replace (dot-separated) = raw JSON value; expected field in the problem.
        { "amountClaimed.amount=1e400", "amountClaimed.amount" },
        { "amountClaimed.amount=-5", "amountClaimed.amount" },
        { "amountClaimed.amount=1e20", "amountClaimed.amount" },
        { "amountClaimed.amount=0", "amountClaimed.amount" },
        { "amountClaimed.amount=12.345", "amountClaimed.amount" },
        { "amountClaimed.amount=\"120\"", "amountClaimed.amount" },
        { "amountClaimed.currency=\"XYZ\"", "amountClaimed.currency" },
        { "amountClaimed.currency=7", "amountClaimed.currency" },
        { "amountClaimed=\"lots\"", "amountClaimed" },
        { "category=\"bogus\"", "category" },
        { "category=3", "category" },
        { "consumer=\"me\"", "consumer" },
        { "consumer.name=42", "consumer.name" },
        { "consumer.name=\"\"", "consumer.name" },
        { "consumer.name=\"Li\\u0007Wei\"", "consumer.name" },
        { "consumer.name=\"\\u202Eie Wil\"", "consumer.name" },
        { "consumer.phone=\"call me maybe\"", "consumer.phone" },
        { "consumer.email=\"not-an-address\"", "consumer.email" },
        { "merchantId=5", "merchantId" },
        { "merchantId=\"m-nobody\"", "merchantId" },
        { "merchantId=\"v-mall\"", "merchantId" },
        { "venueId=\"m-beta\"", "venueId" },
        { "venueId=[]", "venueId" },
        { "description=\"\"", "description" },
        { "description=\"A refund please \\u202E.gnp\"", "description" },
        { "description=\"nul \\u0000 inside\"", "description" },
        { "occurredOn=\"2026-02-30\"", "occurredOn" },
        { "occurredOn=\"yesterday\"", "occurredOn" },
        { "occurredOn=\"2999-01-01\"", "occurredOn" },
        { "consentToPublishNarrative=\"yes\"", "consentToPublishNarrative" },
        { "orderReference={}", "orderReference" },
    };

    [Theory]
    [MemberData(nameof(FilingFieldCases))]
    public async Task A_bad_filing_field_is_a_400_problem_naming_the_field(string replacement, string field)
    {
        var api = await ApiAsync();
        var body = Replace(ComplaintsApi.Filing(), replacement);
        (await api.FileRawAsync(body)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    /// <summary>
    /// Party ids that are not valid table keys (or that would break a query filter) are looked up in the registry by
    /// point reads. Run on the ack-deadline host, whose registry cache nothing fills (no party search there), so the
    /// reads really go to storage.
    /// </summary>
    [Theory]
    [InlineData("merchantId", "a/b")]
    [InlineData("merchantId", "a#b")]
    [InlineData("merchantId", "a?b")]
    [InlineData("merchantId", "a\\b")]
    [InlineData("merchantId", "a'b")]
    [InlineData("merchantId", "' or PartitionKey ne '")]
    [InlineData("merchantId", "%2F..%2F")]
    [InlineData("venueId", "a/b")]
    [InlineData("venueId", "a#b?c")]
    [InlineData("venueId", "x' or '1' eq '1")]
    public async Task Party_ids_that_are_not_table_keys_are_a_400_naming_the_field(string field, string value)
    {
        var api = await ApiAsync(ApiEnvironment.AckDeadlineHost);
        var filing = ComplaintsApi.Filing(merchant: Alpha, venue: Mall);
        filing[field] = value;
        (await api.FileRawAsync(filing)).ExpectProblem(HttpStatusCode.BadRequest, field);
        var stats = await api.Http.GetAsync($"api/public/merchants/{Uri.EscapeDataString(value)}/stats");
        stats.ExpectProblem(HttpStatusCode.NotFound);
        var feed = await api.Http.GetAsync($"api/public/disclosures?{field}={Uri.EscapeDataString(value)}");
        Assert.True(feed.Code is 200 or 400, $"the public feed filtered by {field}={value} answered {feed.Code}: {feed.Body}");
        if (feed.Code == 200)
        {
            Assert.Empty(feed.Json().GetProperty("items").EnumerateArray());
        }
        else
        {
            feed.ExpectProblem(HttpStatusCode.BadRequest, field);
        }
    }

    [Fact]
    public async Task A_filing_without_any_field_names_every_required_one()
    {
        var api = await ApiAsync();
        var response = (await api.FileRawAsync("{}")).ExpectProblem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "consumer", "merchantId", "category", "description", "amountClaimed" })
        {
            Assert.Contains(field, response.ErrorFields());
        }

        (await api.FileRawAsync(Replace(ComplaintsApi.Filing(phone: null, email: null), "consumer.name=\"Li Wei\""))).ExpectProblem(HttpStatusCode.BadRequest, "consumer.phone");
    }

    [Fact]
    public async Task Rules_that_need_the_complaint_still_name_the_offending_field()
    {
        var api = await ApiAsync();
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Beta, amount: 300m), firstResponder: Beta);
        (await api.Http.PostAsync($"{c.Path}/resolution", api.Operator(Beta), new { remedy = "refund" })).ExpectProblem(HttpStatusCode.BadRequest, "amount");
        (await api.Http.PostAsync($"{c.Path}/resolution", api.Operator(Beta), new { remedy = "compensation", amount = new { amount = 10m, currency = "USD" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "amount.currency");
        (await api.Http.PostAsync($"{c.Path}/resolution", api.Operator(Beta), new { remedy = "bogus" })).ExpectProblem(HttpStatusCode.BadRequest, "remedy");
        (await api.Http.PostAsync($"{c.Path}/resolution", api.Operator(Beta), new { remedy = "repair", note = new string('n', 2_001) })).ExpectProblem(HttpStatusCode.BadRequest, "note");
        (await api.Http.PostAsync($"{c.Path}/refusal", api.Operator(Beta), new { reason = " " })).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        (await api.RefuseAsync(c, Beta)).Expect(HttpStatusCode.OK);
        await api.WaitForStatusAsync(c, "escalated");
        (await api.MediateAsync(c, "merchant-upheld", orderAdvanceCompensation: true)).ExpectProblem(HttpStatusCode.BadRequest, "orderAdvanceCompensation");
        (await api.MediateAsync(c, "bogus")).ExpectProblem(HttpStatusCode.BadRequest, "outcome");
        (await api.Http.PostAsync($"{c.Path}/mediation-outcome", api.Regulator, new { outcome = "consumer-upheld", orderAdvanceCompensation = "yes" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "orderAdvanceCompensation");
        Views.Equal("escalated", await api.ViewAsync(c), "status");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public async Task A_rating_outside_1_to_5_is_a_400_naming_rating(int rating)
    {
        var api = await ApiAsync();
        var c = await api.ClosedAsync(ComplaintsApi.Filing(merchant: Gamma), Gamma);
        (await api.EvaluateAsync(c, rating)).ExpectProblem(HttpStatusCode.BadRequest, "rating");
        (await api.Http.PostAsync($"{c.Path}/evaluation", c.Consumer, "{\"rating\":1e400}")).ExpectProblem(HttpStatusCode.BadRequest, "rating");
        (await api.Http.PostAsync($"{c.Path}/evaluation", c.Consumer, "{\"rating\":4.5}")).ExpectProblem(HttpStatusCode.BadRequest, "rating");
        (await api.Http.PostAsync($"{c.Path}/evaluation", c.Consumer, new { rating = 4, comment = new string('c', 2_001) })).ExpectProblem(HttpStatusCode.BadRequest, "comment");
    }

    [Fact]
    public async Task A_description_of_32000_characters_is_accepted_and_32001_is_refused()
    {
        var api = await ApiAsync();
        var longest = Narrative(32_000);
        var c = await api.FileAsync(ComplaintsApi.Filing(description: longest));
        var view = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(32_000, view.GetProperty("details").GetProperty("description").GetString()!.Length);
        (await api.FileRawAsync(ComplaintsApi.Filing(description: Narrative(32_001)))).ExpectProblem(HttpStatusCode.BadRequest, "description");
    }

    [Fact]
    public async Task Emoji_script_tags_and_other_scripts_are_stored_as_text_and_come_back_escaped()
    {
        var api = await ApiAsync();
        const string description = "Broken 😡🔥 kettle <script>alert('x')</script> 水壶坏了 — \"quoted\" & done\r\nSecond line.";
        var c = await api.FileAsync(ComplaintsApi.Filing(description: description, name: "李伟 <b>Wei</b> 😀"));
        var response = (await api.GetAsync(c, api.Regulator)).Expect(HttpStatusCode.OK);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", response.Body, StringComparison.Ordinal);
        var view = response.Json();
        Assert.Equal(description, view.GetProperty("details").GetProperty("description").GetString());
        Assert.Equal("李伟 <b>Wei</b> 😀", view.GetProperty("details").GetProperty("consumer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Bodies_over_256_KiB_are_413_on_every_route_that_takes_a_body()
    {
        var api = await ApiAsync();
        var (c, disclosureId) = await api.DraftDisclosureAsync(ComplaintsApi.Filing());
        var big = JsonSerializer.Serialize(new { reason = new string('x', 257 * KiB) });
        var targets = new (string Path, Credential As)[]
        {
            ("api/complaints", Credential.None),
            ($"{c.Path}/confirmation", c.Consumer),
            ($"{c.Path}/dispute", c.Consumer),
            ($"{c.Path}/withdrawal", c.Consumer),
            ($"{c.Path}/evaluation", c.Consumer),
            ($"{c.Path}/acknowledge", api.Operator(Alpha)),
            ($"{c.Path}/resolution", api.Operator(Alpha)),
            ($"{c.Path}/refusal", api.Operator(Alpha)),
            ($"{c.Path}/mediation-outcome", api.Regulator),
            ($"api/regulator/disclosures/{disclosureId}/publish", api.Regulator),
            ($"api/regulator/disclosures/{disclosureId}/withhold", api.Regulator),
        };
        foreach (var (path, who) in targets)
        {
            (await api.Http.PostAsync(path, who, big)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        }

        // Past Kestrel's own 1 MiB limit: the answer comes before the body is sent (Expect: 100-continue, as a client
        // uploading that much would send), since the server closes the connection rather than read a body that size.
        var huge = new StringContent(JsonSerializer.Serialize(new { reason = new string('x', 1200 * KiB) }), Encoding.UTF8, "application/json");
        (await api.Http.PostAsync("api/complaints", Credential.None, huge, r => r.Headers.ExpectContinue = true)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);

        // No Content-Length (chunked): the API counts what it reads and stops at the cap.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        var response = await api.Http.SendAsync(HttpMethod.Post, "api/complaints", Credential.None, chunked, r => r.Headers.TransferEncodingChunked = true);
        response.ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        Views.Equal("withdrawn", await api.ViewAsync(c), "status");
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("{\"consumer\": }", "body")]
    [InlineData("{\"a\":1,}", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"text\"", "body")]
    [InlineData("null", "body")]
    [InlineData("NaN", "body")]
    [InlineData("{} {}", "body")]
    [InlineData("{/* comment */}", "body")]
    public async Task Malformed_JSON_is_a_400_problem(string raw, string field)
    {
        var api = await ApiAsync();
        (await api.FileRawAsync(raw)).ExpectProblem(HttpStatusCode.BadRequest, field);
        var c = await api.AssignedAsync(ComplaintsApi.Filing());
        (await api.Http.PostAsync($"{c.Path}/dispute", c.Consumer, raw)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Deeply_nested_JSON_and_invalid_UTF8_are_400_problems()
    {
        var api = await ApiAsync();
        (await api.FileRawAsync(new string('[', 5000) + new string(']', 5000))).ExpectProblem(HttpStatusCode.BadRequest, "body");
        var nested = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            nested.Append("{\"consumer\":");
        }

        nested.Append("1").Append('}', 200);
        (await api.FileRawAsync(nested.ToString())).ExpectProblem(HttpStatusCode.BadRequest, "body");
        var bytes = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        bytes.Headers.ContentType = new("application/json");
        (await api.Http.PostAsync("api/complaints", Credential.None, bytes)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_UTF8_or_a_lone_surrogate_inside_a_string_is_a_400_problem_not_a_5xx()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing());
        var filing = JsonSerializer.Serialize(ComplaintsApi.Filing(), ApiClient.Json);

        // A lone surrogate escape: valid JSON syntax, but no valid text.
        (await api.FileRawAsync(Replace(ComplaintsApi.Filing(), "description=\"@@\"").Replace("@@", "\\ud800", StringComparison.Ordinal)))
            .ExpectProblem(HttpStatusCode.BadRequest);
        (await api.Http.PostAsync($"{c.Path}/dispute", c.Consumer, "{\"reason\":\"\\udfff broken\"}")).ExpectProblem(HttpStatusCode.BadRequest);

        // ...also in a field the API does not read, with an Idempotency-Key (the body is hashed).
        (await api.FileRawAsync(filing[..^1] + ",\"extra\":\"\\ud800\"}", idempotencyKey: "surrogate-" + Guid.NewGuid().ToString("N")))
            .ExpectProblem(HttpStatusCode.BadRequest);

        // Raw bytes that are not UTF-8, inside a string value.
        static ByteArrayContent WithBadBytes(string json, string marker)
        {
            var utf8 = Encoding.UTF8.GetBytes(json);
            var at = utf8.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker));
            var content = new ByteArrayContent([.. utf8[..at], 0xC3, 0x28, 0xFF, .. utf8[(at + marker.Length)..]]);
            content.Headers.ContentType = new("application/json");
            return content;
        }

        (await api.Http.PostAsync("api/complaints", Credential.None, WithBadBytes(Replace(ComplaintsApi.Filing(), "consumer.name=\"@@\""), "@@")))
            .ExpectProblem(HttpStatusCode.BadRequest);
        (await api.Http.PostAsync($"{c.Path}/dispute", c.Consumer, WithBadBytes("{\"reason\":\"@@\"}", "@@"))).ExpectProblem(HttpStatusCode.BadRequest);
        Views.Equal("assigned", await api.ViewAsync(c), "status");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=xyz")]
    [InlineData(null)]
    public async Task A_body_that_is_not_JSON_is_415(string? contentType)
    {
        var api = await ApiAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(ComplaintsApi.Filing(), ApiClient.Json)));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        (await api.Http.PostAsync("api/complaints", Credential.None, content)).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2e%2e%2f%2e%2e%2fetc")]
    [InlineData("C0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("%E2%80%AE")]
    [InlineData("%F0%9F%98%80")]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%5Cb")]
    [InlineData("%27%20OR%20%271%27%3D%271")]
    public async Task Odd_ids_in_paths_are_404_problems(string id)
    {
        var api = await ApiAsync();
        (await api.Http.GetAsync($"api/complaints/{id}", api.Regulator)).ExpectProblem(HttpStatusCode.NotFound);
        (await api.Http.PostAsync($"api/complaints/{id}/withdrawal", api.Regulator)).ExpectProblem(HttpStatusCode.NotFound);
        (await api.Http.PostAsync($"api/regulator/disclosures/{id}/publish", api.Regulator)).ExpectProblem(HttpStatusCode.NotFound);
        (await api.Http.GetAsync($"api/public/merchants/{id}/stats")).ExpectProblem(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Kestrel itself refuses a request whose decoded path holds a NUL, before any middleware runs, with a bare 400:
    /// the one 4xx without a problem body. It is still not a 5xx, and the app never sees the id.
    /// </summary>
    [Theory]
    [InlineData("%00")]
    [InlineData("c%00")]
    [InlineData("c00000000000000000000000000000000%00")]
    public async Task A_NUL_in_the_path_is_refused_by_Kestrel_with_400(string id)
    {
        var api = await ApiAsync();
        (await api.Http.GetAsync($"api/complaints/{id}", api.Regulator)).Expect(HttpStatusCode.BadRequest);
        (await api.Http.PostAsync($"api/regulator/disclosures/{id}/publish", api.Regulator)).Expect(HttpStatusCode.BadRequest);
    }

    /// <summary>Kestrel answers a request line over its 8 KiB limit itself, before any middleware: 414, no body.</summary>
    [Fact]
    public async Task A_request_line_over_Kestrels_limit_is_refused_by_Kestrel_with_414()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        (await api.Http.GetAsync($"{c.Path}/messages?x={new string('x', 9_000)}", c.Consumer)).Expect(HttpStatusCode.RequestUriTooLong);
        (await api.Http.GetAsync($"{c.Path}/messages?x={new string('x', 7_000)}", c.Consumer)).Expect(HttpStatusCode.OK, "a long query under the limit reaches the API");
    }

    [Theory]
    [InlineData("api/public/disclosures?from=2023-13", "from")]
    [InlineData("api/public/disclosures?from=1999-01", "from")]
    [InlineData("api/public/disclosures?to=soon", "to")]
    [InlineData("api/public/disclosures?from=2025-06&to=2025-01", "from")]
    [InlineData("api/public/disclosures?cursor=garbage", "cursor")]
    [InlineData("api/public/disclosures?cursor=YWJj.ZGVm", "cursor")]
    [InlineData("api/public/disclosures?category=bogus", "category")]
    [InlineData("api/public/disclosures?outcome=bogus", "outcome")]
    [InlineData("api/public/disclosures?merchantId=%E2%80%AEm", "merchantId")]
    [InlineData("api/public/disclosures?venueId=%00", "venueId")]
    [InlineData("api/regulator/complaints?status=closed", "status")]
    [InlineData("api/regulator/complaints?cursor=Zm9v.YmFy", "cursor")]
    [InlineData("api/regulator/disclosures?status=none", "status")]
    [InlineData("api/regulator/disclosures?cursor=%00", "cursor")]
    [InlineData("api/operators/me/complaints?dueBefore=2024-02-30", "dueBefore")]
    [InlineData("api/operators/me/complaints?cursor=....", "cursor")]
    public async Task Bad_dates_cursors_and_filters_in_queries_are_400_problems_naming_the_parameter(string path, string field)
    {
        var api = await ApiAsync();
        var who = path.Contains("/operators/", StringComparison.Ordinal) ? api.Operator(Mall) : path.Contains("/regulator/", StringComparison.Ordinal) ? api.Regulator : Credential.None;
        (await api.Http.GetAsync(path, who)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Random_bad_input_on_every_route_never_gives_a_5xx_and_every_4xx_is_a_problem()
    {
        var api = await ApiAsync(quiet: true);
        var battery = await BadInputBattery.PrepareAsync(api);
        var report = await battery.RunAsync(seed: 20_261_122, requests: 2_400, parallelism: 6);
        Output.WriteLine(report.Summary());
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} bad answers:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, report.Failures.Take(25))}");
        Assert.True(report.Total >= 2_400, $"the battery sent {report.Total} requests");
    }

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(150);

    /// <summary>Text of exactly this length that ends in a letter (the API trims surrounding white space).</summary>
    private static string Narrative(int length)
    {
        const string sentence = "The kettle leaked and the shop would not answer. ";
        var sb = new StringBuilder(length + sentence.Length);
        while (sb.Length < length)
        {
            sb.Append(sentence);
        }

        sb.Length = length;
        sb[^1] = 'x';
        return sb.ToString();
    }

    /// <summary>Sets one value in a filing: "a.b=raw JSON".</summary>
    internal static string Replace(Dictionary<string, object?> filing, string replacement)
    {
        var eq = replacement.IndexOf('=', StringComparison.Ordinal);
        var path = replacement[..eq].Split('.');
        var value = JsonDocument.Parse(replacement[(eq + 1)..]).RootElement.Clone();
        var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(filing, ApiClient.Json))!.AsObject();
        var parent = node;
        foreach (var step in path[..^1])
        {
            parent = parent[step]!.AsObject();
        }

        parent[path[^1]] = System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
        return node.ToJsonString();
    }
}
