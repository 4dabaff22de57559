using System.Globalization;
using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// The public feed walks month partitions newest first. A page that spans two partitions must still hold at most
/// the page size, and the cursor must resume exactly after its last item (an earlier version asked the next
/// partition for a full page and returned up to twice the page size).
/// </summary>
public sealed class PublicFeedPagingTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task Pages_spanning_month_partitions_hold_at_most_the_page_size_and_together_each_record_once()
    {
        var api = await ApiAsync();
        var host = await Environment.HostAsync(ApiEnvironment.MainHost);
        var pageSize = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.PageSize;

        // Two months nobody else writes to: 30 records in the later one, pageSize + 15 in the earlier one.
        var later = new DateOnly(2003, 2, 1);
        var earlier = new DateOnly(2003, 1, 1);
        var seeded = new List<DisclosureRecord>();
        seeded.AddRange(Enumerable.Range(0, 30).Select(i => Record(i, later)));
        seeded.AddRange(Enumerable.Range(30, pageSize + 15).Select(i => Record(i, earlier)));
        var tables = host.Services.GetRequiredService<ITableGateway>();
        var names = host.Services.GetRequiredService<StorageNames>();
        foreach (var month in seeded.GroupBy(r => r.MonthReceived))
        {
            var partition = DisclosurePartitions.Month(DateOnly.ParseExact(month.Key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var chunk in month.Chunk(100))
            {
                await tables.SubmitTransactionAsync(
                    names.DisclosureIndexTable,
                    [.. chunk.Select(r => (TableOperation)new TableOperation.Upsert(new TableRow(partition, r.DisclosureId, new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(r) })))],
                    Cancel);
            }
        }

        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var url = "api/public/disclosures?from=2003-01&to=2003-02" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var json = (await api.Http.GetAsync(url, Credential.None)).Expect(HttpStatusCode.OK).Json();
            pages.Add([.. json.GetProperty("items").EnumerateArray().Select(i => ComplaintsApi.Str(i, "disclosureId")!)]);
            cursor = json.TryGetProperty("cursor", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.String ? c.GetString() : null;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.All(pages, p => Assert.True(p.Count <= pageSize, $"a page held {p.Count} items; the page size is {pageSize}"));
        Assert.Equal(pageSize, pages[0].Count);
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seeded.Select(r => r.DisclosureId).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));

        // The later month comes first, whole, then the earlier one.
        Assert.Equal(
            seeded.Take(30).Select(r => r.DisclosureId).Order(StringComparer.Ordinal),
            all.Take(30).Order(StringComparer.Ordinal));
    }

    private static DisclosureRecord Record(int i, DateOnly month) => new(
        "d" + Guid.NewGuid().ToString("N"),
        month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        new PartyId("m-feed-paging"),
        "Feed Paging Merchant",
        "91310000FEEDPAGE00",
        null,
        null,
        Category.Delivery,
        HandlingRoute.ResolvedByMerchant,
        ComplaintOutcome.MonetaryRelief,
        Timely: true,
        DaysToResolve: i % 15,
        Payer.Merchant,
        ConsumerRating: 1 + (i % 5),
        Narrative: null);
}
