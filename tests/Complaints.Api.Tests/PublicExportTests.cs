using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// The full export streams every matching record (across storage pages and month partitions) as CSV or JSON lines,
/// as a download; the paged feed's CSV points to its next page (it used to stop at one page without saying so);
/// public reads answer cross-origin requests and their preflight, and nothing behind credentials does; the party
/// search finds Chinese names by any part.
/// </summary>
public sealed class PublicExportTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    /// <summary>Months nobody else writes to: more rows in the later one than one storage query returns.</summary>
    private static readonly DateOnly Later = new(2004, 2, 1);
    private static readonly DateOnly Earlier = new(2004, 1, 1);
    private const int LaterCount = DisclosureExport.StoragePageSize + 150;
    private const int EarlierCount = 40;
    private const string Quoted = "商家说：\"不退\"，然后\n挂了电话, 再见";

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(150);

    [Fact]
    public async Task The_csv_export_streams_every_matching_record_once_as_a_named_download()
    {
        var seeded = await SeedAsync();
        using var http = (await Environment.HostAsync(ApiEnvironment.MainHost)).NewClient();

        using var response = await http.GetAsync("api/public/disclosures/export?from=2004-01&to=2004-02", HttpCompletionOption.ResponseHeadersRead, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"disclosures-2004-01-to-2004-02.csv\"", string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
        var rows = Csv(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(["disclosure_id", "month_received", "merchant_id", "merchant_name"], rows[0][..4]);
        var ids = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.Equal(seeded.Count, ids.Count);
        Assert.Equal(seeded.Select(r => r.DisclosureId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.All(rows.Skip(1).Take(LaterCount), r => Assert.Equal("2004-02", r[1])); // newest month first
        var quoted = Assert.Single(rows, r => r[0] == seeded[0].DisclosureId);
        Assert.Equal(Quoted, quoted[^1]);
        Assert.Equal("西湖龙井茶馆", quoted[3]);
    }

    [Fact]
    public async Task The_json_lines_export_applies_the_filters_and_each_line_is_the_feeds_item()
    {
        var seeded = await SeedAsync();
        var api = await ApiAsync();
        using var http = (await Environment.HostAsync(ApiEnvironment.MainHost)).NewClient();
        const string filters = "from=2004-01&to=2004-02&category=delivery";

        using var response = await http.GetAsync($"api/public/disclosures/export?format=jsonl&{filters}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment; filename=\"disclosures-2004-01-to-2004-02.jsonl\"", string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split('\n');
        Assert.Equal(string.Empty, lines[^1]); // every line ends with a line feed
        var items = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var expected = seeded.Where(r => r.Category == Category.Delivery).Select(r => r.DisclosureId).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 100, "the filter keeps records of more than one page");
        Assert.Equal(expected, items.Select(i => ComplaintsApi.Str(i, "disclosureId")!).Order(StringComparer.Ordinal));

        // The same records, in the same order, with the same fields as the paged feed's first page.
        var page = (await api.Http.GetAsync($"api/public/disclosures?{filters}", Credential.None)).Expect(HttpStatusCode.OK).Json().GetProperty("items");
        Assert.Equal(page.EnumerateArray().Select(i => i.GetRawText()), items.Take(page.GetArrayLength()).Select(i => i.GetRawText()));
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("from=2004-13", "from")]
    [InlineData("from=2004-03&to=2004-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("category=gadgets", "category")]
    public async Task A_bad_filter_is_a_problem_naming_it_before_anything_is_streamed(string query, string field)
    {
        var api = await ApiAsync();
        (await api.Http.GetAsync("api/public/disclosures/export?" + query, Credential.None)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_paged_csv_links_to_its_next_page_and_following_the_links_reads_every_record_once()
    {
        var seeded = await SeedAsync();
        var api = await ApiAsync();
        var ids = new List<string>();
        var pages = 0;
        string? next = "api/public/disclosures?from=2004-01&to=2004-02";
        while (next is not null && pages++ < 100)
        {
            var response = (await api.Http.GetAsync(next, Credential.None, accept: "text/csv")).Expect(HttpStatusCode.OK);
            Assert.StartsWith("text/csv", response.ContentType, StringComparison.Ordinal);
            ids.AddRange(Csv(response.Body).Skip(1).Select(r => r[0]));
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(string.Join(",", links)) : null;
        }

        Assert.True(pages > 2, $"the records span several pages; read {pages}");
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seeded.Select(r => r.DisclosureId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));

        // The JSON form sends the same Link as its cursor.
        var json = (await api.Http.GetAsync("api/public/disclosures?from=2004-01&to=2004-02", Credential.None)).Expect(HttpStatusCode.OK);
        var cursor = ComplaintsApi.Str(json.Json(), "cursor")!;
        Assert.Contains("cursor=" + Uri.EscapeDataString(cursor), NextOf(string.Join(",", json.Headers.GetValues("Link"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/public/disclosures")]
    [InlineData("api/public/disclosures/export?format=jsonl&from=2004-01&to=2004-01")]
    [InlineData("api/public/warnings")]
    [InlineData("api/public/parties?query=mall")]
    public async Task A_public_read_answers_any_origin_and_its_preflight(string path)
    {
        using var http = (await Environment.HostAsync(ApiEnvironment.MainHost)).NewClient();

        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("Origin", "https://board.example.org");
        using var read = await http.SendAsync(get, Cancel);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("*", Header(read, "Access-Control-Allow-Origin"));
        Assert.Contains("Link", Header(read, "Access-Control-Expose-Headers") ?? string.Empty, StringComparison.Ordinal);
        Assert.Null(Header(read, "Access-Control-Allow-Credentials"));

        using var preflight = Preflight(path, "GET", "accept");
        using var answer = await http.SendAsync(preflight, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal("GET", Header(answer, "Access-Control-Allow-Methods"));
        Assert.Equal(((int)PublicReads.PreflightMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture), Header(answer, "Access-Control-Max-Age"));

        // A page elsewhere may not send credentials along: the preflight grants no X-Api-Key or Authorization.
        using var withKey = Preflight(path, "GET", "x-api-key");
        using var refused = await http.SendAsync(withKey, Cancel);
        Assert.DoesNotContain("x-api-key", Header(refused, "Access-Control-Allow-Headers") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("api/regulator/disclosures")]
    [InlineData("api/regulator/inspection-list")]
    [InlineData("api/operators/me/complaints")]
    [InlineData("api/complaints")]
    public async Task Routes_behind_credentials_and_filing_send_no_cors_headers_and_refuse_a_preflight(string path)
    {
        using var http = (await Environment.HostAsync(ApiEnvironment.MainHost)).NewClient();
        using var get = new HttpRequestMessage(path == "api/complaints" ? HttpMethod.Post : HttpMethod.Get, path);
        get.Headers.Add("Origin", "https://board.example.org");
        get.Headers.Add("X-Api-Key", Parties.KeyOf(Complaints.Testing.ConfiguredParties.Regulator));
        using var read = await http.SendAsync(get, Cancel);
        Assert.Null(Header(read, "Access-Control-Allow-Origin"));

        using var preflight = Preflight(path, path == "api/complaints" ? "POST" : "GET", "x-api-key");
        using var answer = await http.SendAsync(preflight, Cancel);
        Assert.False(answer.IsSuccessStatusCode, $"a preflight of {path} is refused; got {(int)answer.StatusCode}");
        Assert.Null(Header(answer, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_party_search_finds_a_chinese_name_by_any_part_of_it_and_in_full_width_forms()
    {
        var api = await ApiAsync(ApiEnvironment.RegistryHost);
        var host = await Environment.HostAsync(ApiEnvironment.RegistryHost);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tea = new Party.Merchant(new PartyId("m-tea-" + suffix), "西湖龙井茶馆 " + suffix, "91330106TEA" + suffix[..7].ToUpperInvariant());
        var coffee = new Party.Merchant(new PartyId("m-coffee-" + suffix), "星光咖啡 " + suffix, "91330106COF" + suffix[..7].ToUpperInvariant());
        var registry = host.Services.GetRequiredService<IPartyRegistry>();
        await registry.UpsertAsync(tea, [], Cancel);
        await registry.UpsertAsync(coffee, [], Cancel);

        async Task<List<string>> SearchAsync(string query) =>
            [.. (await api.Http.GetAsync("api/public/parties?query=" + Uri.EscapeDataString(query), Credential.None)).Expect(HttpStatusCode.OK)
                .Json().GetProperty("items").EnumerateArray().Select(i => ComplaintsApi.Str(i, "id")!)];

        Assert.Contains(tea.Id.Value, await SearchAsync("茶"));
        Assert.DoesNotContain(coffee.Id.Value, await SearchAsync("茶"));
        Assert.Contains(tea.Id.Value, await SearchAsync("龙井\u3000茶馆")); // words apart, with the ideographic space
        Assert.Contains(tea.Id.Value, await SearchAsync("茶馆 " + suffix.ToUpperInvariant()));
        Assert.Contains(coffee.Id.Value, await SearchAsync("咖啡 " + string.Concat(suffix.Select(c => (char)(c + 0xFEE0))))); // full-width letters and digits
        Assert.DoesNotContain(await SearchAsync("龙井 咖啡"), id => id.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>The seeded records, once per test run (they are the same for every test here), the quoted one first.</summary>
    private Task<List<DisclosureRecord>> SeedAsync() => Environment.SharedAsync("export-records", async () =>
    {
        var host = await Environment.HostAsync(ApiEnvironment.MainHost);
        var seeded = new List<DisclosureRecord>();
        seeded.AddRange(Enumerable.Range(0, LaterCount).Select(i => Record(i, Later)));
        seeded.AddRange(Enumerable.Range(LaterCount, EarlierCount).Select(i => Record(i, Earlier)));
        var tables = host.Services.GetRequiredService<ITableGateway>();
        var names = host.Services.GetRequiredService<StorageNames>();
        foreach (var record in seeded.GroupBy(r => r.MonthReceived))
        {
            // Each record where the projection lists a published one: by month, merchant, category and outcome.
            foreach (var partition in record.SelectMany(r => DisclosurePartitions.Public(r).Select(p => (Partition: p, Record: r))).GroupBy(x => x.Partition))
            {
                foreach (var chunk in partition.Chunk(100))
                {
                    await tables.SubmitTransactionAsync(
                        names.DisclosureIndexTable,
                        [.. chunk.Select(x => (TableOperation)new TableOperation.Upsert(new TableRow(x.Partition, x.Record.DisclosureId, new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(x.Record) })))],
                        CancellationToken.None);
                }
            }
        }

        return seeded;
    });

    private static DisclosureRecord Record(int i, DateOnly month) => new(
        "d" + i.ToString("D5", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..12],
        month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        new PartyId("m-export-" + (i % 7).ToString(CultureInfo.InvariantCulture)),
        i == 0 ? "西湖龙井茶馆" : "Export Merchant",
        "91310000EXPORT0000",
        null,
        null,
        i % 3 == 0 ? Category.Delivery : Category.GoodsQuality,
        HandlingRoute.ResolvedByMerchant,
        ComplaintOutcome.MonetaryRelief,
        Timely: i % 2 == 0,
        DaysToResolve: i % 15,
        Payer.Merchant,
        ConsumerRating: 1 + (i % 5),
        Narrative: i == 0 ? Quoted : null);

    private static HttpRequestMessage Preflight(string path, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://board.example.org");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    /// <summary>The target of <c>rel="next"</c> in a Link header, relative to the API's base.</summary>
    private static string? NextOf(string link)
    {
        var match = System.Text.RegularExpressions.Regex.Match(link, "<([^>]*)>;\\s*rel=\"next\"");
        return match.Success ? match.Groups[1].Value.TrimStart('/') : null;
    }

    /// <summary>RFC 4180: fields split at commas, quoted fields with doubled quotes and line breaks, CRLF between records.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "the CSV ends with CRLF");
        return rows;
    }
}
