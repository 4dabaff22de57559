using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Complaints.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// Regions, trends and indicators through real HTTP on the main host. The test registers two merchants of its own in
/// Sichuan (510000), where no other party is, so the counts of that province are exactly what it filed: three
/// complaints in Chengdu (Jinjiang District, 510104), one in Mianyang (Fucheng District, 510703).
/// </summary>
public sealed class IndicatorApiTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private const string Sichuan = "510000";
    private const string Chengdu = "510100";
    private const string Jinjiang = "510104";
    private const string Mianyang = "510700";
    private const string Fucheng = "510703";

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Complaints_are_counted_in_their_merchants_region_at_filing_and_roll_up_by_province_city_and_county()
    {
        var api = await ApiAsync();
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var hotpot = await RegisterAsync(api, $"m-hotpot-{suffix}", "锦江火锅店", Jinjiang);
        var noodles = await RegisterAsync(api, $"m-noodles-{suffix}", "涪城米粉店", Fucheng);

        // Chengdu: one resolved and rated, one withdrawn, one waiting. Mianyang: one acknowledged.
        var resolved = await api.FileAsync(ComplaintsApi.Filing(merchant: hotpot.Id, category: "goods-quality"));
        var withdrawn = await api.FileAsync(ComplaintsApi.Filing(merchant: hotpot.Id, category: "delivery"));
        var waiting = await api.FileAsync(ComplaintsApi.Filing(merchant: hotpot.Id, category: "goods-quality"));
        var acknowledged = await api.FileAsync(ComplaintsApi.Filing(merchant: noodles.Id, category: "pricing"));
        foreach (var c in new[] { resolved, withdrawn, waiting, acknowledged })
        {
            await api.WaitForStatusAsync(c, "assigned");
        }

        (await api.Http.PostAsync($"{resolved.Path}/acknowledge", hotpot.Key)).Expect(HttpStatusCode.OK);
        (await api.Http.PostAsync($"{resolved.Path}/resolution", hotpot.Key, new { remedy = "refund", amount = new { amount = 80m, currency = "CNY" }, note = "Refunded." })).Expect(HttpStatusCode.OK);
        await api.WaitForStatusAsync(resolved, "resolution-proposed");
        (await api.ConfirmAsync(resolved)).Expect(HttpStatusCode.OK);
        await api.WaitForStatusAsync(resolved, "closed");
        (await api.EvaluateAsync(resolved, 5)).Expect(HttpStatusCode.OK);
        (await api.WithdrawAsync(withdrawn)).Expect(HttpStatusCode.OK);
        (await api.Http.PostAsync($"{acknowledged.Path}/acknowledge", noodles.Key)).Expect(HttpStatusCode.OK);

        // The region is recorded with the filing, and shown to those who read the complaint.
        Assert.Equal(Jinjiang, ComplaintsApi.Str(await api.ViewAsync(resolved), "parties", "region"));

        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var province = await Eventually.Until(
            async () => Point(await TrendsAsync(api, $"region={Sichuan}&from={month}&to={month}"), month),
            p => Int(p, "received") == 4 && Int(p, "resolved") == 1 && Int(p, "ratings") == 1 && Int(p, "withdrawn") == 1 && Int(p, "acknowledged") == 2,
            TimeSpan.FromSeconds(60),
            "the province's trend to count the four complaints as handled",
            Cancel);
        Output.WriteLine($"Sichuan {month}: {province}");

        // Below the minimum count (30) the slice shows counts only: the rates are there, and null.
        Assert.True(province.GetProperty("belowMinimum").GetBoolean());
        foreach (var rate in new[] { "acknowledgedOnTimeShare", "resolvedShare", "daysToResolveMedian", "daysToResolveP90", "mediationRate", "averageRating", "untimelyShare" })
        {
            Assert.Equal(JsonValueKind.Null, province.GetProperty(rate).ValueKind);
        }

        Assert.Equal((1, 2), (Int(province, "closed"), Int(province, "open")));
        Assert.Equal(0m, province.GetProperty("advanceCompensationAmount").GetProperty("amount").GetDecimal());
        Assert.Equal("CNY", province.GetProperty("advanceCompensationAmount").GetProperty("currency").GetString());

        // By region: the province's cities, named; a city's counties; a county alone.
        var byCity = await TrendsAsync(api, $"by=region&region={Sichuan}&from={month}&to={month}");
        Assert.Equal("region", byCity.GetProperty("by").GetString());
        Assert.Equal(Sichuan, byCity.GetProperty("region").GetString());
        var cities = byCity.GetProperty("series").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!);
        Assert.Equal([Chengdu, Mianyang], cities.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("成都市", "Chengdu", 3), (cities[Chengdu].GetProperty("label").GetString(), cities[Chengdu].GetProperty("labelEn").GetString(), Int(cities[Chengdu].GetProperty("indicators"), "received")));
        Assert.Equal(1, Int(cities[Mianyang].GetProperty("indicators"), "received"));
        var counties = (await TrendsAsync(api, $"by=region&region={Chengdu}&from={month}&to={month}")).GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(Jinjiang, Assert.Single(counties).GetProperty("key").GetString());
        Assert.Equal(3, Int(Point(await TrendsAsync(api, $"region={Jinjiang}&from={month}&to={month}"), month), "received"));
        Assert.Equal(1, Int(Point(await TrendsAsync(api, $"region={Fucheng}&from={month}&to={month}"), month), "received"));

        // The provinces at the top level include Sichuan with its four.
        var provinces = (await TrendsAsync(api, $"by=region&from={month}&to={month}")).GetProperty("series").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!);
        Assert.Equal(("四川省", 4), (provinces[Sichuan].GetProperty("label").GetString(), Int(provinces[Sichuan].GetProperty("indicators"), "received")));

        // By category, every category is a point; the filter combines with the region.
        var byCategory = (await TrendsAsync(api, $"by=category&region={Sichuan}&from={month}&to={month}")).GetProperty("series").EnumerateArray()
            .ToDictionary(p => p.GetProperty("key").GetString()!, p => Int(p.GetProperty("indicators"), "received"));
        Assert.Equal(9, byCategory.Count);
        Assert.Equal((2, 1, 1, 0), (byCategory["goods-quality"], byCategory["delivery"], byCategory["pricing"], byCategory["service-quality"]));
        Assert.Equal(2, Int(Point(await TrendsAsync(api, $"region={Sichuan}&category=goods-quality&from={month}&to={month}"), month), "received"));

        // A quarter or a year groups months; the default range is the last 12 months, this one last.
        var year = month[..4];
        Assert.Equal(4, Int(Point(await TrendsAsync(api, $"region={Sichuan}&period=year&from={month}&to={month}"), year), "received"));
        var defaults = await TrendsAsync(api, $"region={Sichuan}");
        Assert.Equal(12, defaults.GetProperty("series").GetArrayLength());
        Assert.Equal(month, defaults.GetProperty("to").GetString());
        Assert.Equal(30, defaults.GetProperty("minimumCount").GetInt32());

        // CSV, by Accept or by format=csv.
        foreach (var (query, accept) in new[] { ($"by=region&region={Sichuan}&from={month}&to={month}", "text/csv"), ($"by=region&region={Sichuan}&from={month}&to={month}&format=csv", null) })
        {
            var csv = (await api.Http.GetAsync($"api/public/trends?{query}", Credential.None, accept)).Expect(HttpStatusCode.OK);
            Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
            var lines = csv.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("key,label,label_en,received,below_minimum,", lines[0], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.StartsWith($"{Chengdu},成都市,Chengdu,3,yes,", StringComparison.Ordinal));
        }

        // The merchant's history: the same shape, its own complaints only.
        var history = (await api.Http.GetAsync($"api/public/merchants/{hotpot.Id}/history?from={month}&to={month}", Credential.None)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(hotpot.Id, history.GetProperty("merchantId").GetString());
        Assert.Equal(3, Int(Point(history, month), "received"));
        var quarter = $"{year}-Q{((int.Parse(month[5..], System.Globalization.CultureInfo.InvariantCulture) - 1) / 3) + 1}";
        var byQuarter = (await api.Http.GetAsync($"api/public/merchants/{hotpot.Id}/history?period=quarter&from={month}&to={month}", Credential.None)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal((3, 1), (Int(Point(byQuarter, quarter), "received"), Int(Point(byQuarter, quarter), "ratings")));
        (await api.Http.GetAsync("api/public/merchants/m-nobody/history", Credential.None)).ExpectProblem(HttpStatusCode.NotFound);

        // The regulator: a slice, and a comparison of two regions or two periods, the other filters kept.
        var slice = (await api.Http.GetAsync($"api/regulator/indicators?region={Chengdu}&from={month}&to={month}&compareRegion={Mianyang}", api.Regulator)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(Chengdu, slice.GetProperty("slice").GetProperty("region").GetString());
        Assert.Equal(3, Int(slice.GetProperty("indicators"), "received"));
        Assert.Equal(Mianyang, slice.GetProperty("comparison").GetProperty("slice").GetProperty("region").GetString());
        Assert.Equal(1, Int(slice.GetProperty("comparison").GetProperty("indicators"), "received"));
        var lastYear = (int.Parse(year, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var periods = (await api.Http.GetAsync($"api/regulator/indicators?merchantId={hotpot.Id}&category=goods-quality&from={month}&to={month}&compareFrom={lastYear}-01&compareTo={lastYear}-12", api.Regulator)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal((2, 0), (Int(periods.GetProperty("indicators"), "received"), Int(periods.GetProperty("comparison").GetProperty("indicators"), "received")));
        Assert.Equal(hotpot.Id, periods.GetProperty("comparison").GetProperty("slice").GetProperty("merchantId").GetString());
        Assert.Equal("goods-quality", periods.GetProperty("comparison").GetProperty("slice").GetProperty("category").GetString());
        var plain = (await api.Http.GetAsync($"api/regulator/indicators?region={Sichuan}&from={month}&to={month}", api.Regulator)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("comparison").ValueKind);
        (await api.Http.GetAsync($"api/regulator/indicators?region={Sichuan}", hotpot.Key)).ExpectProblem(HttpStatusCode.Forbidden);

        // The region names, for labels in both languages.
        var regions = (await api.Http.GetAsync("api/public/regions", Credential.None)).Expect(HttpStatusCode.OK).Json().EnumerateArray()
            .ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal(("四川省", "Sichuan", "province"), (regions[Sichuan].GetProperty("name").GetString(), regions[Sichuan].GetProperty("nameEn").GetString(), regions[Sichuan].GetProperty("level").GetString()));
        Assert.Equal(("锦江区", Chengdu), (regions[Jinjiang].GetProperty("name").GetString(), regions[Jinjiang].GetProperty("parent").GetString()));
        Assert.Contains("330000", regions.Keys);

        // A later change of the registry does not move complaints already filed: the next one is counted in the new region.
        await api.Http.Host.Services.GetRequiredService<IPartyRegistry>().UpsertAsync(
            new Party.Merchant(new PartyId(hotpot.Id), "锦江火锅店", "91510104MA6CQ0001X", true, Fucheng), [], Cancel);
        var moved = await api.FileAsync(ComplaintsApi.Filing(merchant: hotpot.Id, category: "goods-quality"));
        await api.WaitForStatusAsync(moved, "assigned");
        Assert.Equal(Fucheng, ComplaintsApi.Str(await api.ViewAsync(moved), "parties", "region"));
        await Eventually.Until(
            async () => Int(Point(await TrendsAsync(api, $"region={Fucheng}&from={month}&to={month}"), month), "received"),
            n => n == 2,
            TimeSpan.FromSeconds(60),
            "the complaint filed after the move to be counted in Fucheng",
            Cancel);
        Assert.Equal(3, Int(Point(await TrendsAsync(api, $"region={Jinjiang}&from={month}&to={month}"), month), "received"));
        Assert.Equal(Jinjiang, ComplaintsApi.Str(await api.ViewAsync(resolved), "parties", "region"));
    }

    [Theory]
    [InlineData("api/public/trends?region=99", "region")]
    [InlineData("api/public/trends?region=990000", "region")]
    [InlineData("api/public/trends?region=330006", "region")]
    [InlineData("api/public/trends?by=week", "by")]
    [InlineData("api/public/trends?period=week", "period")]
    [InlineData("api/public/trends?category=food", "category")]
    [InlineData("api/public/trends?from=2026-13", "from")]
    [InlineData("api/public/trends?to=2026-1", "to")]
    [InlineData("api/public/trends?from=2026-06&to=2026-01", "from")]
    [InlineData("api/public/trends?from=2000-01&to=2026-01", "from")]
    [InlineData("api/public/trends?format=xml", "format")]
    [InlineData("api/public/merchants/m-alpha/history?period=decade", "period")]
    [InlineData("api/public/merchants/m-alpha/history?from=yesterday", "from")]
    [InlineData("api/regulator/indicators?compareFrom=2026-01", "compareTo")]
    [InlineData("api/regulator/indicators?compareTo=2026-01", "compareFrom")]
    [InlineData("api/regulator/indicators?compareRegion=12345", "compareRegion")]
    [InlineData("api/regulator/indicators?compareFrom=2026-05&compareTo=2026-01", "compareFrom")]
    [InlineData("api/regulator/indicators?period=fortnight", "period")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string path, string field)
    {
        var api = await ApiAsync();
        (await api.Http.GetAsync(path, api.Regulator)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    private static async Task<JsonElement> TrendsAsync(ComplaintsApi api, string query) =>
        (await api.Http.GetAsync($"api/public/trends?{query}", Credential.None)).Expect(HttpStatusCode.OK).Json();

    /// <summary>The indicators of the series point keyed <paramref name="key"/>.</summary>
    private static JsonElement Point(JsonElement trend, string key) =>
        trend.GetProperty("series").EnumerateArray().Single(p => p.GetProperty("key").GetString() == key).GetProperty("indicators");

    private static int Int(JsonElement indicators, string name) => indicators.GetProperty(name).GetInt32();

    private async Task<(string Id, Credential Key)> RegisterAsync(ComplaintsApi api, string id, string name, string region)
    {
        var key = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await api.Http.Host.Services.GetRequiredService<IPartyRegistry>().UpsertAsync(
            new Party.Merchant(new PartyId(id), name, "91510104MA6CQ0001X", true, region), [TrackingTokens.Hash(key)], Cancel);
        return (id, Credential.Key(id, key));
    }
}
