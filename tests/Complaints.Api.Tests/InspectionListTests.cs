using System.Globalization;
using System.Net;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Complaints.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// The inspection list ranks merchants by the credit tier their track records give (worst first), suggests the
/// configured number of inspections a year for each tier, and gives the reasons with their counts. The merchants
/// here are registered by the test and their track records written as the projection writes them (one contribution
/// row per complaint), so the tiers are known exactly; on a host of their own (<see cref="ApiEnvironment.RegistryHost"/>).
/// </summary>
public sealed class InspectionListTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private static readonly InspectionFrequencyOptions Defaults = new();

    [Fact]
    public async Task Merchants_come_worst_tier_first_with_the_configured_frequency_and_the_reasons_counted()
    {
        var api = await ApiAsync(ApiEnvironment.RegistryHost);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var risky = await MerchantAsync("m-insp-d-" + suffix, "高风险商行 " + suffix, Enumerable.Range(0, 40).Select(i => Contribution(
            late: true, refused: i < 5, unrecovered: i is >= 5 and < 7, partly: i == 7, mediationLost: i >= 37)));
        var good = await MerchantAsync("m-insp-a-" + suffix, "Good Shop " + suffix, Enumerable.Range(0, 35).Select(_ => Contribution(late: false)));
        var few = await MerchantAsync("m-insp-u-" + suffix, "New Shop " + suffix, Enumerable.Range(0, 3).Select(_ => Contribution(late: true)));

        var items = await AllAsync(api, "api/regulator/inspection-list");

        var d = Single(items, risky);
        Assert.Equal("D", Str(d, "tier"));
        Assert.Equal(Defaults.D, d.GetProperty("inspectionsPerYear").GetInt32());
        Assert.Equal(40, d.GetProperty("complaints").GetInt32());
        Assert.Equal("高风险商行 " + suffix, Str(d, "name"));
        Assert.Equal(
            [("untimely", 40), ("refusals", 5), ("unrecoveredPayouts", 3), ("mediationsLost", 3)],
            d.GetProperty("reasons").EnumerateArray().Select(r => (Str(r, "code"), r.GetProperty("count").GetInt32())));
        var a = Single(items, good);
        Assert.Equal(("A", Defaults.A), (Str(a, "tier"), a.GetProperty("inspectionsPerYear").GetInt32()));
        Assert.Equal(0, a.GetProperty("reasons").GetArrayLength());
        var u = Single(items, few);
        Assert.Equal(("Unrated", Defaults.Unrated), (Str(u, "tier"), u.GetProperty("inspectionsPerYear").GetInt32()));
        Assert.False(u.TryGetProperty("score", out _), $"an unrated merchant has no score: {u}");

        // Worst first: every D before every C, B, A, and the unrated last.
        var ranks = items.Select(i => InspectionList.Tiers.ToList().IndexOf(Str(i, "tier")!)).ToList();
        Assert.Equal(ranks.Order(), ranks);
        Assert.True(items.FindIndex(i => Str(i, "merchantId") == risky) < items.FindIndex(i => Str(i, "merchantId") == good));

        // A tier filter keeps that tier only.
        var onlyD = await AllAsync(api, "api/regulator/inspection-list?tier=D");
        Assert.All(onlyD, i => Assert.Equal("D", Str(i, "tier")));
        Assert.Contains(onlyD, i => Str(i, "merchantId") == risky);
        Assert.DoesNotContain(onlyD, i => Str(i, "merchantId") == good);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_hold_each_merchant_once()
    {
        var api = await ApiAsync(ApiEnvironment.RegistryHost);
        var host = await Environment.HostAsync(ApiEnvironment.RegistryHost);
        var pageSize = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.PageSize;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < pageSize + 5; i++)
        {
            ids.Add(await MerchantAsync($"m-insp-page-{i:D2}-{suffix}", $"Paged Shop {i}", []));
        }

        var pages = new List<int>();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var json = (await api.Http.GetAsync("api/regulator/inspection-list?tier=Unrated" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)), Parties.RegulatorKey()))
                .Expect(HttpStatusCode.OK).Json();
            var items = json.GetProperty("items").EnumerateArray().ToList();
            pages.Add(items.Count);
            seen.AddRange(items.Select(i => Str(i, "merchantId")!));
            cursor = json.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null && pages.Count < 20);

        Assert.True(pages.Count >= 2, $"{pageSize + 5} merchants take more than one page: {string.Join(", ", pages)}");
        Assert.All(pages, p => Assert.True(p <= pageSize, $"a page held {p}"));
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(ids.Except(seen, StringComparer.Ordinal));

        // The cursor belongs to its filter.
        var first = (await api.Http.GetAsync("api/regulator/inspection-list?tier=Unrated", Parties.RegulatorKey())).Expect(HttpStatusCode.OK).Json();
        var issued = first.GetProperty("cursor").GetString()!;
        (await api.Http.GetAsync("api/regulator/inspection-list?tier=D&cursor=" + Uri.EscapeDataString(issued), Parties.RegulatorKey())).ExpectProblem(HttpStatusCode.BadRequest, "cursor");
    }

    [Theory]
    [InlineData("tier=E", "tier")]
    [InlineData("tier=d", "tier")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_tier_or_cursor_is_a_problem_naming_it(string query, string field)
    {
        var api = await ApiAsync(ApiEnvironment.RegistryHost);
        (await api.Http.GetAsync("api/regulator/inspection-list?" + query, Parties.RegulatorKey())).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Only_the_regulator_reads_the_list()
    {
        var api = await ApiAsync(ApiEnvironment.RegistryHost);
        (await api.Http.GetAsync("api/regulator/inspection-list", Credential.None)).ExpectProblem(HttpStatusCode.Unauthorized);
        foreach (var party in new[] { Alpha, Mall })
        {
            (await api.Http.GetAsync("api/regulator/inspection-list", Parties.Of(party))).ExpectProblem(HttpStatusCode.Forbidden);
        }
    }

    /// <summary>Registers a merchant and writes one track-record contribution per complaint, as the projection does.</summary>
    private async Task<string> MerchantAsync(string id, string name, IEnumerable<TrackRecord> contributions)
    {
        var host = await Environment.HostAsync(ApiEnvironment.RegistryHost);
        await host.Services.GetRequiredService<IPartyRegistry>().UpsertAsync(new Party.Merchant(new PartyId(id), name, "91310000INSPECT000"), [], Cancel);
        var readModels = host.Services.GetRequiredService<IReadModelStore>();
        var n = 0;
        foreach (var contribution in contributions)
        {
            await readModels.UpsertAsync(new ReadModelRow(ReadModel.TrackRecords, id, "c" + (n++).ToString("D32", CultureInfo.InvariantCulture), StorageJson.Serialize(new TrackRecordRow(contribution))), Cancel);
        }

        return id;
    }

    /// <summary>One complaint's contribution as merchant and first responder: assessed, acknowledged late or on time, and what else went wrong.</summary>
    private static TrackRecord Contribution(bool late, bool refused = false, bool unrecovered = false, bool partly = false, bool mediationLost = false) =>
        TrackRecord.Empty with
        {
            Complaints = 1,
            Assessed = 1,
            AcknowledgementsDue = 1,
            AcknowledgedOnTime = late ? 0 : 1,
            UntimelyResponses = late ? 1 : 0,
            Refusals = refused ? 1 : 0,
            AdvanceCompensations = unrecovered || partly ? 1 : 0,
            Unrecovered = unrecovered ? 1 : 0,
            PartlyRecovered = partly ? 1 : 0,
            UnrecoveredShare = unrecovered ? 1m : partly ? 0.5m : 0m,
            MediationsLost = mediationLost ? 1 : 0,
        };

    private async Task<List<JsonElement>> AllAsync(ComplaintsApi api, string path) => [.. await api.AllPagesAsync(path, Parties.RegulatorKey())];

    private static JsonElement Single(List<JsonElement> items, string merchantId) => Assert.Single(items, i => Str(i, "merchantId") == merchantId);

    private static string? Str(JsonElement e, string name) => ComplaintsApi.Str(e, name);
}
