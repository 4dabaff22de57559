using System.Globalization;
using System.Net;
using System.Text;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Pipeline.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Issue 10 over real HTTP: the intake takes contact details as people type them and stores them normalized; every
/// route a caller without credentials can read is listed with what it may show, and none shows personal data from a
/// filing whose narrative is full of it (the generated cases are in Complaints.Core.Tests, DisclosureProperties).
/// </summary>
public sealed class PrivacyTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    /// <summary>
    /// Every route that answers without credentials, and why what it answers is safe. A new one fails
    /// <see cref="Every_route_that_answers_without_credentials_is_listed_with_what_it_may_show"/> until it is listed
    /// here and read by <see cref="No_public_route_shows_personal_data_from_a_filing"/>.
    /// </summary>
    private static readonly (string Method, string Pattern, string Shows, string? Read)[] PublicRoutes =
    [
        ("GET", "/api/public/disclosures", "published DisclosureRecords: the scrubbed narrative and the record's facts (JSON and CSV, every filter)", "api/public/disclosures"),
        ("GET", "/api/public/disclosures/export", "the same published DisclosureRecords as the feed, every one, as CSV (read here) or JSON lines", "api/public/disclosures/export"),
        ("GET", "/api/public/merchants/{id}/stats", "a merchant's registry name and counts from track records (numbers only)", $"api/public/merchants/{Alpha}/stats"),
        ("GET", "/api/public/warnings", "registry names and credit codes of tier-D merchants", "api/public/warnings"),
        ("GET", "/api/public/parties", "the parties registry (no consumer is a party)", "api/public/parties?query=a"),
        ("GET", "/api/public/trends", "counts and rates per month, category or region from the indicator counters (numbers, period keys, category names, region codes and names)", "api/public/trends?by=region"),
        ("GET", "/api/public/merchants/{id}/history", "a merchant's counts and rates per period (numbers only)", $"api/public/merchants/{Alpha}/history?format=csv"),
        ("GET", "/api/public/regions", "GB/T 2260 codes and their names (no party, no consumer)", "api/public/regions"),
        ("POST", "/api/complaints", "only the filer's own complaint id and tracking token", null),
        ("GET", "/health/live", "a status word", "health/live"),
        ("GET", "/health/ready", "a status word", "health/ready"),
        ("GET", "/openapi/{documentName}.json", "the API description", "openapi/v1.json"),
        ("GET", Complaints.LocalHost.LocalHostExtensions.StorageOperationsRoute, "storage call counts (only when the bench turns counting on)", null),
    ];

    // The issue's examples, through the API; every rule of the normalization is tested in Core (ContactDetailsTests).
    [Theory]
    [InlineData("(021) 6888-1234", "(021) 6888-1234")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("138.1234.5678", "138.1234.5678")]
    [InlineData("138\u00A01234\u00A05678", "138 1234 5678")]
    public async Task A_phone_typed_as_people_type_it_is_accepted_and_stored_normalized(string typed, string stored)
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Alpha, phone: typed, email: "ＬＩ．ＷＥＩ＠ＥＸＡＭＰＬＥ．ＣＯＭ"));
        var contact = Views.Present((await api.GetAsync(c, api.Operator(Alpha))).Expect(HttpStatusCode.OK).Json().GetProperty("details"), "consumer", "the merchant reads the contact");
        Views.Equal(stored, contact, "phone");
        Views.Equal("LI.WEI@example.com", contact, "email");
    }

    [Theory]
    [InlineData("consumer.phone", "12")]
    [InlineData("consumer.phone", "138--1234-5678")]
    [InlineData("consumer.phone", "+86 138 1234 5678 9999 99")]
    [InlineData("consumer.phone", "(021 6888 1234")]
    [InlineData("consumer.email", "li.wei at example dot com")]
    [InlineData("consumer.email", "li.wei@example")]
    public async Task What_is_not_a_phone_number_or_an_email_address_is_refused_naming_the_field(string field, string typed)
    {
        var api = await ApiAsync();
        var filing = field == "consumer.phone" ? ComplaintsApi.Filing(phone: typed) : ComplaintsApi.Filing(email: typed);
        (await api.FileRawAsync(filing)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Every_route_that_answers_without_credentials_is_listed_with_what_it_may_show()
    {
        var host = await Environment.HostAsync(ApiEnvironment.MainHost).WaitAsync(Cancel);
        var guarded = ApiRoutes.All.Where(r => r.Audience != RouteAudience.Public).Select(r => Key(r.Method, $"{ApiRoutes.Prefix}/{r.Pattern}")).ToHashSet(StringComparer.Ordinal);
        var listed = PublicRoutes.Select(r => Key(r.Method, r.Pattern)).ToHashSet(StringComparer.Ordinal);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => Key(m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();
        Output.WriteLine($"{endpoints.Count} endpoints: {string.Join(", ", endpoints)}");
        Assert.Contains(Key("GET", "/api/public/disclosures"), endpoints);

        var unlisted = endpoints.Where(e => !guarded.Contains(e) && !listed.Contains(e)).ToList();
        Assert.True(unlisted.Count == 0,
            $"Routes that answer without credentials but are not in {nameof(PrivacyTests)}.{nameof(PublicRoutes)}: {string.Join(", ", unlisted)}. "
            + "A public route may show only DisclosureRecord's scrubbed fields or registry data: list it with what it shows, and with a path to read so that the privacy check reads it.");
        var publicInTable = ApiRoutes.All.Where(r => r.Audience == RouteAudience.Public).Select(r => Key(r.Method, $"{ApiRoutes.Prefix}/{r.Pattern}"));
        Assert.All(publicInTable, r => Assert.Contains(r, listed));
    }

    [Fact]
    public async Task No_public_route_shows_personal_data_from_a_filing()
    {
        var api = await ApiAsync();
        const string name = "Zhou Xiaoqing";
        const string typedPhone = "＋８６ １３９ ８７６５ ４３２１";
        const string email = "zhou.xq1988@example.org";
        var narrative = string.Join(' ',
            "My name is Xiaoqing Zhou (ＺＨＯＵ　ＸＩＡＯＱＩＮＧ). The kettle from the mall shop leaked on 2026-03-02.",
            "Call 139.8765.4321 or 一三九八七六五四三二一, or write to zhou.xq1988 at example dot org.",
            "The courier's ID is 110105 19491231 002X, my card 4111 1111 1111 1112, waybill SF1234567890, plate 京A·12345.",
            "快递送到北京市朝阳区建国路88号SOHO现代城5号楼1单元1201室，我叫周晓青。I paid ¥1,299 in 2026.");
        var c = await api.ClosedAsync(ComplaintsApi.Filing(merchant: Alpha, description: narrative, consent: true, name: name, phone: typedPhone, email: email), Alpha);

        // The thread is never published: personal data and a marker written there appear on no public route.
        const string marker = "Thread-marker-Pangolin";
        (await api.PostMessageAsync(c, c.Consumer, $"{marker}: my other phone is 13655554444, room 1808室 at 中山路12号.")).Expect(HttpStatusCode.Created);
        (await api.PostMessageAsync(c, api.Operator(Alpha), $"{marker}: noted, we will call 13655554444.")).Expect(HttpStatusCode.Created);
        var disclosureId = await api.WaitForDisclosureAsync(c);
        (await api.PublishAsync(disclosureId)).Expect(HttpStatusCode.OK);
        var item = await api.WaitForListItemAsync("api/public/disclosures", Credential.None, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the published record");
        var published = ComplaintsApi.Str(item, "narrative") ?? string.Empty;
        Output.WriteLine($"published narrative: {published}");
        Assert.Contains("The kettle from the mall shop leaked on 2026-03-[date].", published, StringComparison.Ordinal);
        Assert.Contains("I paid ¥1,299 in 2026.", published, StringComparison.Ordinal);

        string[] digits = ["13987654321", "87654321", "11010519491231002", "4111111111111112", "1234567890", "20260302", "13655554444"];
        string[] letters = ["zhouxiaoqing", "xiaoqingzhou", "zhouxq1988", "建国路88号", "1201室", "周晓青", "a12345", "pangolin", "中山路12号", "1808室"];
        var read = new List<string>();
        var categories = new[] { "goods-quality", "delivery" };
        foreach (var (_, _, _, path) in PublicRoutes.Where(r => r.Read is not null))
        {
            var paths = path == "api/public/disclosures"
                ? [path, $"{path}?merchantId={Alpha}", $"{path}?outcome=monetary-relief", .. categories.Select(k => $"{path}?category={k}")]
                : path == "api/public/disclosures/export" ? [path, $"{path}?format=jsonl", $"{path}?format=jsonl&merchantId={Alpha}"]
                : new[] { path! };
            foreach (var p in paths)
            {
                var json = (await api.Http.GetAsync(p, Credential.None)).Expect(HttpStatusCode.OK);
                var csvExport = p == "api/public/disclosures/export";
                read.Add($"{p} ({(csvExport ? "CSV" : "JSON")})");
                AssertFree(csvExport ? json.Body : System.Text.RegularExpressions.Regex.Unescape(json.Body), p, digits, letters);
                if (path == "api/public/disclosures")
                {
                    var csv = (await api.Http.GetAsync(p, Credential.None, accept: "text/csv")).Expect(HttpStatusCode.OK);
                    read.Add($"{p} (CSV)");
                    AssertFree(csv.Body, p + " as CSV", digits, letters);
                }
            }
        }

        Output.WriteLine($"read without credentials: {string.Join(", ", read)}");
    }

    private static string Key(string method, string pattern) => $"{method} {pattern}";

    /// <summary>The body (width folded) carries none of the digit sequences (letters break them) or letter sequences.</summary>
    private static void AssertFree(string body, string where, string[] digits, string[] letters)
    {
        var text = body.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var digitsOnly = new StringBuilder();
        var lettersAndDigits = new StringBuilder();
        foreach (var ch in text)
        {
            var digit = "〇一二三四五六七八九".IndexOf(ch, StringComparison.Ordinal) is var n and >= 0 ? (char)('0' + n) : ch;
            if (char.IsAsciiDigit(digit))
            {
                digitsOnly.Append(digit);
            }
            else if (char.IsLetter(ch))
            {
                digitsOnly.Append('|');
            }

            if (char.IsLetterOrDigit(ch))
            {
                lettersAndDigits.Append(ch);
            }
        }

        var found = digits.Where(d => digitsOnly.ToString().Contains(d, StringComparison.Ordinal))
            .Concat(letters.Where(l => lettersAndDigits.ToString().Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(found.Count == 0, $"{where} shows [{string.Join(", ", found)}]: {body.Length.ToString(CultureInfo.InvariantCulture)} characters");
    }
}
