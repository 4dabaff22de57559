using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Stages;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>The payouts ledger pays once however often a payout is delivered; the workflow row is guarded by its ETag.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class LedgerAndProjectionStoreTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_concurrent_deliveries_of_one_payout_pay_once_and_settle_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "pay");
        var (id, payout) = await ByHand.AwaitingPayoutAsync(host.Driver, ct, claim: 800m);
        var handler = host.Get<PayoutHandler>();

        using var start = new ManualResetEventSlim(false);
        var deliveries = Enumerable.Range(0, 20).Select(_ => Task.Run(
            async () =>
            {
                start.Wait(ct);
                await handler.HandleAsync(id, payout.PayoutId, ct);
            },
            ct)).ToList();
        start.Set();
        await Task.WhenAll(deliveries);

        await AssertPaidOnceAsync(host, id, payout, expectedAmount: TestParties.Cap.Amount, ct);
    }

    [Fact]
    public async Task Twenty_identical_payout_messages_on_the_queue_pay_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "payq");
        var (id, payout) = await ByHand.AwaitingPayoutAsync(host.Driver, ct, claim: 120m);
        var queues = host.Get<IQueueGateway>();
        var body = QueueMessages.Payout(id, payout.PayoutId);
        for (var i = 0; i < 20; i++)
        {
            await queues.SendAsync(host.Names.PayoutsQueue, body, null, ct);
        }

        // The real worker and dispatcher on the payouts queue, taking all twenty in one batch and handling them in parallel.
        var dispatcher = host.Get<StageDispatcher>();
        using var worker = new QueueWorker(
            host.Names.PayoutsQueue,
            (message, token) => dispatcher.HandleAsync(host.Names.PayoutsQueue, message, token),
            queues,
            Options.Create(new QueueWorkerOptions { BatchSize = 32, MaxParallelism = 32, MaxIdleDelay = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            NullLogger<QueueWorker>.Instance);
        await worker.StartAsync(ct);
        try
        {
            await Eventually.Until(
                () => queues.ApproximateCountAsync(host.Names.PayoutsQueue, ct),
                count => count == 0,
                TimeSpan.FromSeconds(45),
                "the worker to handle and delete all twenty payout messages",
                ct);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await AssertPaidOnceAsync(host, id, payout, expectedAmount: 120m, ct);
        Assert.Equal(0, await queues.ApproximateCountAsync(StorageNames.PoisonQueueOf(host.Names.PayoutsQueue), ct));
    }

    [Fact]
    public async Task The_ledger_accepts_a_payout_id_once_among_concurrent_inserts()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "ledg");
        var ledger = host.Get<IPayoutLedger>();
        var complaint = TestNames.NewComplaintId();
        var entry = new PayoutEntry(ComplaintDecider.PayoutIdFor(complaint), complaint, TestParties.EnrolledVenue.Id, Money.Of(42m, "CNY"), DateTimeOffset.UtcNow);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(
            () => ledger.TryRecordAsync(entry with { Amount = Money.Of(42m + i, "CNY") }, ct), ct)));

        Assert.Equal(1, results.Count(first => first));
        var row = Assert.Single(await ledger.ListAsync(TestParties.EnrolledVenue.Id, ct));
        Assert.Equal(entry.PayoutId, row.PayoutId);
        Assert.Equal(row, await ledger.GetAsync(TestParties.EnrolledVenue.Id, entry.PayoutId, ct));
    }

    [Fact]
    public async Task A_payout_message_for_a_payout_that_is_not_due_pays_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "nodue");
        var acknowledged = await ByHand.AcknowledgedAsync(host.Driver, ct);
        var (awaiting, payout) = await ByHand.AwaitingPayoutAsync(host.Driver, ct, claim: 60m);
        var handler = host.Get<PayoutHandler>();

        await handler.HandleAsync(acknowledged, ComplaintDecider.PayoutIdFor(acknowledged), ct);
        await handler.HandleAsync(awaiting, payout.PayoutId + "-forged", ct);
        await handler.HandleAsync(TestNames.NewComplaintId(), "no-such-payout", ct);

        Assert.Empty(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
        Assert.Equal(ComplaintStatus.AwaitingPayout, (await host.Driver.Store.GetAsync(awaiting, ct))?.State.Status);
        Assert.Equal(ComplaintStatus.Acknowledged, (await host.Driver.Store.GetAsync(acknowledged, ct))?.State.Status);
    }

    [Fact]
    public async Task The_projection_row_saves_only_over_the_ETag_it_was_read_with()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "prj");
        var projections = host.Get<IProjectionStore>();
        var id = TestNames.NewComplaintId();
        var fresh = ProjectionRecord.New(id);

        Assert.Null(await projections.GetAsync(id, ct));
        Assert.True(await projections.TrySaveAsync(fresh, ct), "The first insert of a projection row should succeed.");
        Assert.False(await projections.TrySaveAsync(fresh with { Rows = new Dictionary<string, string> { ["x"] = "1" } }, ct), "A second insert (no ETag) must not overwrite the row.");

        var first = (await projections.GetAsync(id, ct))!;
        var second = (await projections.GetAsync(id, ct))!;
        Assert.Empty(first.Rows);
        Assert.NotNull(first.ETag);

        var rows = new Dictionary<string, string> { ["Inbox|m-acme|" + id.Value] = "ABC123" };
        Assert.True(await projections.TrySaveAsync(first with { Rows = rows }, ct), "Saving over the ETag just read should succeed.");
        Assert.False(await projections.TrySaveAsync(second with { Rows = new Dictionary<string, string>() }, ct), "Saving over a stale ETag must fail.");

        var stored = (await projections.GetAsync(id, ct))!;
        Assert.Equal(rows, stored.Rows);
        Assert.NotEqual(first.ETag, stored.ETag);
    }

    private static async Task AssertPaidOnceAsync(PipelineHost host, ComplaintId id, PayoutInfo payout, decimal expectedAmount, CancellationToken ct)
    {
        var rows = await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct);
        var row = Assert.Single(rows);
        Assert.Equal((payout.PayoutId, id, expectedAmount), (row.PayoutId, row.Complaint, row.Amount.Amount));

        var state = (await host.Driver.Store.GetAsync(id, ct))!.State;
        Assert.Equal(ComplaintStatus.Compensated, state.Status);
        Assert.NotNull(state.Payout?.SettledAt);
        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        Assert.Single(events, e => e.Event is ComplaintEvent.PayoutSettled);
    }
}
