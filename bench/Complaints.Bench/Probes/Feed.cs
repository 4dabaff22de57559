using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Bench.Load;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Storage.Gateway;

namespace Complaints.Bench.Probes;

public sealed record FeedLatency(int Stored, string Query, LatencySummary Latency, int ItemsOnPage);

/// <summary>
/// Public-feed latency as the number of published disclosures grows: the disclosure index rows (month, merchant,
/// category-month and outcome-month partitions, as the projector writes them) are seeded straight through the gateway,
/// then GET /api/public/disclosures is timed without and with merchantId, category and outcome filters, deeper pages
/// by cursor, and a venueId filter (the one filter still applied in memory).
/// </summary>
public sealed class Feed(ITableGateway tables, StorageNames names, IReadOnlyList<string> merchants, int concurrency)
{
    private int _stored;

    public int Stored => _stored;

    public async Task SeedToAsync(int total, Action<int> progress, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var months = Enumerable.Range(0, 12).Select(i => new DateOnly(now.Year, now.Month, 1).AddMonths(-i)).ToArray();
        var records = Enumerable.Range(_stored, total - _stored).Select(i => Record(i, months[i % months.Length])).ToList();
        // Group into partitions as the projector would write them, then write transactions of up to 100 rows.
        var batches = records
            .SelectMany(r => DisclosurePartitions.Public(r).Select(partition => (Partition: partition, Record: r)))
            .GroupBy(x => x.Partition)
            .SelectMany(g => g.Chunk(100).Select(chunk => (g.Key, Rows: chunk.Select(x => x.Record).ToList())))
            .ToList();
        var next = -1;
        var written = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Count)
            {
                var (partition, rows) = batches[b];
                await tables.SubmitTransactionAsync(names.DisclosureIndexTable,
                    [.. rows.Select(r => (TableOperation)new TableOperation.Upsert(new TableRow(partition, r.DisclosureId, new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(r) })))], ct);
                progress(Interlocked.Add(ref written, rows.Count) / 4);
            }
        }));
        _stored = total;
    }

    public async Task<List<FeedLatency>> MeasureAsync(HttpClient client, int repeats, CancellationToken ct)
    {
        var merchant = merchants[0];
        var results = new List<FeedLatency>
        {
            await TimeAsync(client, "first page, no filter", "api/public/disclosures", repeats, ct),
            await TimeAsync(client, "first page, merchantId", $"api/public/disclosures?merchantId={merchant}", repeats, ct),
            await TimeAsync(client, "first page, category=delivery", "api/public/disclosures?category=delivery", repeats, ct),
            await TimeAsync(client, "first page, outcome=monetary-relief", "api/public/disclosures?outcome=monetary-relief", repeats, ct),
            await TimeAsync(client, "first page, venueId (filtered in memory)", "api/public/disclosures?venueId=v-bench-00", repeats, ct),
        };
        results.Add(await DeepAsync(client, "page 10 by cursor, no filter", "api/public/disclosures", 10, ct));
        results.Add(await DeepAsync(client, "page 10 by cursor, merchantId", $"api/public/disclosures?merchantId={merchant}", 10, ct));
        return results;
    }

    private async Task<FeedLatency> TimeAsync(HttpClient client, string name, string path, int repeats, CancellationToken ct)
    {
        var latencies = new List<double>();
        var items = 0;
        for (var i = 0; i < repeats; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var text = await client.GetStringAsync(path, ct);
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            items = JsonNode.Parse(text)?["items"]?.AsArray().Count ?? 0;
        }

        return new FeedLatency(_stored, name, LatencySummary.Of([.. latencies]), items);
    }

    private async Task<FeedLatency> DeepAsync(HttpClient client, string name, string path, int pages, CancellationToken ct)
    {
        var latencies = new List<double>();
        var items = 0;
        for (var walk = 0; walk < 3; walk++)
        {
            string? cursor = null;
            for (var p = 0; p < pages; p++)
            {
                var url = cursor is null ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "cursor=" + Uri.EscapeDataString(cursor);
                var t0 = Stopwatch.GetTimestamp();
                var text = await client.GetStringAsync(url, ct);
                var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                var node = JsonNode.Parse(text);
                if (p == pages - 1)
                {
                    latencies.Add(elapsed);
                    items = node?["items"]?.AsArray().Count ?? 0;
                }

                cursor = node?["cursor"]?.GetValue<string>();
                if (cursor is null)
                {
                    break;
                }
            }
        }

        return new FeedLatency(_stored, name, LatencySummary.Of([.. latencies]), items);
    }

    private DisclosureRecord Record(int i, DateOnly month) => BenchRecord(i, month, merchants, narrative: "The parcel arrived two weeks late and the seller refunded the delivery fee after the complaint.");

    /// <summary>The <paramref name="i"/>th published record the feed and export benches seed: merchants, venue, category and rating in turn; every third with <paramref name="narrative"/>.</summary>
    public static DisclosureRecord BenchRecord(int i, DateOnly month, IReadOnlyList<string> merchants, string narrative)
    {
        var merchant = merchants[i % merchants.Count];
        var categories = Enum.GetValues<Category>();
        return new DisclosureRecord(
            "d" + Guid.NewGuid().ToString("N"),
            month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            new PartyId(merchant),
            $"Bench Merchant {merchant}",
            "91310000BENCH00000",
            i % 2 == 0 ? new PartyId("v-bench-00") : null,
            i % 2 == 0 ? "Bench Venue v-bench-00" : null,
            categories[i % categories.Length],
            HandlingRoute.ResolvedByMerchant,
            ComplaintOutcome.MonetaryRelief,
            Timely: true,
            DaysToResolve: i % 15,
            Payer.Merchant,
            ConsumerRating: 1 + (i % 5),
            Narrative: i % 3 == 0 ? narrative : null);
    }
}
