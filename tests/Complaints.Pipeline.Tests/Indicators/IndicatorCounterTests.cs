using Complaints.Core;
using Complaints.Core.Indicators;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Xunit.Abstractions;
using static Complaints.Core.ComplaintEvent;

namespace Complaints.Pipeline.Tests.Indicators;

/// <summary>
/// The per-slice counters on real Azurite: the projection counts each complaint once in its cell however often it
/// runs (every event projected twice, with and without the fingerprints of the run before), under concurrent
/// projections of one cell, and after a crash between the counters' transaction and the read copy.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class IndicatorCounterTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly DateTimeOffset October = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset November = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly Party.Merchant Xihu = new(new PartyId("m-xihu"), "西湖龙井茶馆", "91330106MA27XH5T8P", true, "330106");

    [Fact]
    public async Task Projecting_every_event_twice_counts_every_complaint_once_in_its_cell()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "ind");
        var projector = host.Get<Projector>();
        var histories = new[]
        {
            Resolved("c-ind-1", Xihu, null, October, days: 2, rating: 4),
            Resolved("c-ind-2", Xihu, null, October, days: 9, rating: 2),
            Withdrawn("c-ind-3", Xihu, October),
            Untimely("c-ind-4", TestParties.Merchant, October),
            AdvanceCompensated("c-ind-5", TestParties.Merchant, TestParties.EnrolledVenue, November, paid: 150m),
            Resolved("c-ind-6", TestParties.Merchant, TestParties.EnrolledVenue, November, days: 1, rating: 5),
        };

        foreach (var history in histories)
        {
            IReadOnlyDictionary<string, string> fingerprints = new Dictionary<string, string>();
            for (var n = 1; n <= history.Count; n++)
            {
                var state = Complaint.Replay(history.Take(n));
                // A redelivery (the fingerprints of the run before kept), then a replay that lost them: neither counts twice.
                var first = await projector.ProjectAsync(state, fingerprints, ct);
                await projector.ProjectAsync(state, first, ct);
                fingerprints = await projector.ProjectAsync(state, new Dictionary<string, string>(), ct);
            }
        }

        var expected = histories.Select(h => IndicatorContribution.Of(Complaint.Replay(h))!)
            .GroupBy(c => (c.Month, c.Cell))
            .ToDictionary(g => g.Key, g => IndicatorCounts.Sum(g.Select(c => c.Counts)));
        var store = host.Get<IIndicatorStore>();
        var cells = new List<IndicatorCellCounts>();
        foreach (var month in new[] { new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1) })
        {
            cells.AddRange(await store.ReadMonthAsync(month, null, ct));
        }

        Assert.Equal(expected.Count, cells.Count);
        foreach (var cell in cells)
        {
            Assert.True(expected.TryGetValue((cell.Month, cell.Cell), out var want), $"an unexpected cell {cell.Cell} in {cell.Month}");
            Assert.Equal(want, cell.Counts);
        }

        // The Hangzhou cell of October: three received, one withdrawn, two resolved in 2 and 9 days, rated 4 and 2.
        var hangzhou = IndicatorSet.Of(cells.Single(c => c.Cell.Region == "330106").Counts, minimumCount: 1);
        Assert.Equal((3, 1, 2, 2, 0), (hangzhou.Received, hangzhou.Withdrawn, hangzhou.Resolved, hangzhou.Closed, hangzhou.Open));
        Assert.Equal((2, 9), (hangzhou.DaysToResolveMedian, hangzhou.DaysToResolveP90));
        Assert.Equal(3.0m, hangzhou.AverageRating);
        Assert.Equal(1.0m, hangzhou.ResolvedShare);

        // The merchant's own cells are a row-key range of the month.
        var acme = await store.ReadMonthAsync(new DateOnly(2026, 11, 1), TestParties.Merchant.Id, ct);
        Assert.Equal(2, acme.Sum(c => c.Counts.Received));
        Assert.Equal(150m, IndicatorSet.Of(IndicatorCounts.Sum(acme.Select(c => c.Counts)), 1).AdvanceCompensationAmountCny);
        Assert.Empty(await store.ReadMonthAsync(new DateOnly(2026, 11, 1), Xihu.Id, ct));
    }

    [Fact]
    public async Task Concurrent_projections_of_one_cell_each_twice_count_each_complaint_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "indc");
        var store = host.Get<IIndicatorStore>();
        var contributions = Enumerable.Range(0, 12)
            .Select(i => IndicatorContribution.Of(Complaint.Replay(Resolved($"c-cc-{i}", Xihu, null, October, days: i % 4, rating: 1 + (i % 5))))!)
            .ToList();

        using var start = new ManualResetEventSlim(false);
        var runs = contributions.Concat(contributions).Select(c => Task.Run(
            async () =>
            {
                start.Wait(ct);
                await store.ApplyAsync(c, ct);
            },
            ct)).ToList();
        start.Set();
        await Task.WhenAll(runs);

        var cell = Assert.Single(await store.ReadMonthAsync(new DateOnly(2026, 10, 1), null, ct));
        Assert.Equal(IndicatorCounts.Sum(contributions.Select(c => c.Counts)), cell.Counts);
        Assert.Equal(12, cell.Counts.Received);
    }

    [Fact]
    public async Task A_crash_before_the_read_copy_is_healed_by_the_next_projection_without_counting_twice()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "indx");
        var names = host.Get<StorageNames>();
        var tables = host.Get<ITableGateway>();
        var crashing = new IndicatorStore(new FailingTableWrites(tables, names.IndicatorsTable), names);
        var first = IndicatorContribution.Of(Complaint.Replay(Resolved("c-x-1", Xihu, null, October, days: 3, rating: 5)))!;

        await Assert.ThrowsAsync<TimeoutException>(() => crashing.ApplyAsync(first, ct));
        var store = host.Get<IIndicatorStore>();
        Assert.Empty(await store.ReadMonthAsync(new DateOnly(2026, 10, 1), null, ct));

        await store.ApplyAsync(first, ct); // the projection runs again (the activity is retried)
        var cell = Assert.Single(await store.ReadMonthAsync(new DateOnly(2026, 10, 1), null, ct));
        Assert.Equal(first.Counts, cell.Counts);
    }

    [Fact]
    public async Task Counting_in_bulk_gives_the_cells_one_by_one_projections_give()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        await using var oneByOne = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "indo");
        await using var bulk = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "indb");
        var contributions = Enumerable.Range(0, 240)
            .Select(i => IndicatorContribution.Of(Complaint.Replay(i % 3 == 0
                ? Withdrawn($"c-b-{i}", i % 2 == 0 ? Xihu : TestParties.Merchant, i % 4 == 0 ? October : November)
                : Resolved($"c-b-{i}", i % 2 == 0 ? Xihu : TestParties.Merchant, i % 5 == 0 ? TestParties.EnrolledVenue : null, i % 4 == 0 ? October : November, days: i % 9, rating: 1 + (i % 5)))))
            .Select(c => c!)
            .ToList();
        foreach (var c in contributions.Take(40))
        {
            await oneByOne.Get<IIndicatorStore>().ApplyAsync(c, ct);
            await bulk.Get<IIndicatorStore>().ApplyAsync(c, ct); // already counted live, as on a store in use
        }

        foreach (var c in contributions.Skip(40))
        {
            await oneByOne.Get<IIndicatorStore>().ApplyAsync(c, ct);
        }

        var store = (IndicatorStore)bulk.Get<IIndicatorStore>();
        await store.AddNewAsync(contributions.Skip(40).ToList(), concurrency: 4, ct);
        await Assert.ThrowsAsync<StorageConflictException>(() => store.AddNewAsync(contributions.Take(1).ToList(), 1, ct));

        foreach (var month in new[] { new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1) })
        {
            var want = (await oneByOne.Get<IIndicatorStore>().ReadMonthAsync(month, null, ct)).OrderBy(c => c.Cell.ToString(), StringComparer.Ordinal).ToList();
            var got = (await store.ReadMonthAsync(month, null, ct)).OrderBy(c => c.Cell.ToString(), StringComparer.Ordinal).ToList();
            Assert.Equal(want, got);
        }
    }

    /// <summary>Writes to one table fail as a lost connection would, after nothing was written.</summary>
    private sealed class FailingTableWrites(ITableGateway inner, string table) : ITableGateway
    {
        public Task EnsureTableAsync(string t, CancellationToken cancellationToken) => inner.EnsureTableAsync(t, cancellationToken);

        public Task<TableRow?> GetAsync(string t, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
            inner.GetAsync(t, partitionKey, rowKey, cancellationToken);

        public Task<TablePage> QueryPartitionAsync(string t, string partitionKey, RowKeyRange? range, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
            inner.QueryPartitionAsync(t, partitionKey, range, pageSize, continuationToken, cancellationToken);

        public Task<bool> InsertIfAbsentAsync(string t, TableRow row, CancellationToken cancellationToken) =>
            t == table ? throw new TimeoutException("connection lost") : inner.InsertIfAbsentAsync(t, row, cancellationToken);

        public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string t, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken) =>
            t == table ? throw new TimeoutException("connection lost") : inner.SubmitTransactionAsync(t, operations, cancellationToken);
    }

    private static Filed Filing(string id, Party.Merchant merchant, Party.Venue? venue, DateTimeOffset at) =>
        new(new ComplaintId(id), MerchantSnapshot.From(merchant), venue is null ? null : VenueSnapshot.From(venue), Category.GoodsQuality, Money.Of(200m, "CNY"), false, at);

    private static List<ComplaintEvent> Resolved(string id, Party.Merchant merchant, Party.Venue? venue, DateTimeOffset at, int days, int rating)
    {
        var responder = venue?.Id ?? merchant.Id;
        var closed = at.AddDays(days).AddMinutes(-5);
        return
        [
            Filing(id, merchant, venue, at),
            new FirstResponderAssigned(responder, at.AddDays(1), at),
            new Acknowledged(responder, true, at.AddDays(8), at.AddHours(2)),
            new ResolutionProposed(merchant.Id, Remedy.Refund, Money.Of(200m, "CNY"), null, true, at.AddDays(9), at.AddHours(3)),
            new Confirmed(false, closed),
            new Closed(ComplaintOutcome.MonetaryRelief, closed),
            new Evaluated(rating, null, closed.AddHours(1)),
        ];
    }

    private static List<ComplaintEvent> Withdrawn(string id, Party.Merchant merchant, DateTimeOffset at) =>
    [
        Filing(id, merchant, null, at),
        new FirstResponderAssigned(merchant.Id, at.AddDays(1), at),
        new ComplaintEvent.Withdrawn(at.AddHours(1)),
    ];

    private static List<ComplaintEvent> Untimely(string id, Party.Merchant merchant, DateTimeOffset at) =>
    [
        Filing(id, merchant, null, at),
        new FirstResponderAssigned(merchant.Id, at.AddDays(1), at),
        new DeadlineMissed(DeadlineKind.Acknowledge, at.AddDays(1), merchant.Id, at.AddDays(1)),
        new Escalated(EscalationReason.AcknowledgeDeadlineMissed, at.AddDays(46), at.AddDays(1)),
    ];

    private static List<ComplaintEvent> AdvanceCompensated(string id, Party.Merchant merchant, Party.Venue venue, DateTimeOffset at, decimal paid) =>
    [
        Filing(id, merchant, venue, at),
        new FirstResponderAssigned(venue.Id, at.AddDays(1), at),
        new Acknowledged(venue.Id, true, at.AddDays(8), at.AddHours(1)),
        new Refused(merchant.Id, "No.", true, at.AddDays(1)),
        new AdvanceCompensationRequested("p-" + id, venue.Id, Money.Of(paid, "CNY"), AdvanceCompensationTrigger.Refusal, false, at.AddDays(1)),
        new PayoutSettled("p-" + id, at.AddDays(2)),
        new Closed(ComplaintOutcome.AdvanceCompensated, at.AddDays(2)),
    ];
}
