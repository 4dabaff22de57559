using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>The complaint store's ETag-guarded transactions on a real Azurite: lost races decide again, nothing is lost or doubled.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ComplaintStoreTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Actor Pipeline = Actor.System.Instance;

    [Fact]
    public async Task Two_stores_writing_one_complaint_at_once_both_succeed_by_deciding_again()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "etag");
        var id = await ByHand.ClosedAsync(host.Driver, ct);

        // Store A reads version 6 and decides, then waits at the gate; store B commits in between; A's commit must lose (412) and decide again.
        var gated = new GatedTableGateway(host.Get<ITableGateway>(), host.Names.ComplaintsTable);
        var storeA = NewStore(host, tables: gated);
        var storeB = NewStore(host);
        var evaluate = storeA.ExecuteAsync(id, new ComplaintCommand.Evaluate(5, "Quick and fair.", new Actor.Consumer(id), DateTimeOffset.UtcNow), ct);
        await gated.Reached.WaitAsync(ct);
        var drafted = await storeB.ExecuteAsync(id, new ComplaintCommand.DraftDisclosure("d-etag-test", Pipeline, DateTimeOffset.UtcNow), ct);
        gated.Open();
        var evaluated = await evaluate;

        Assert.True(gated.Conflicts >= 1, $"Expected store A's first commit to lose on the ETag (a 412); it saw {gated.Conflicts} conflicts.");
        Assert.IsType<ComplaintEvent.DisclosureDrafted>(Assert.Single(drafted.NewEvents));
        Assert.IsType<ComplaintEvent.Evaluated>(Assert.Single(evaluated.NewEvents));
        Assert.Equal(7, drafted.State.Version);
        Assert.Equal(8, evaluated.State.Version);
        Assert.Equal("d-etag-test", evaluated.State.DisclosureId);

        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        Assert.Equal(["disclosure-drafted", "evaluated"], events.Skip(6).Select(e => e.Event.Type));
        var final = (await host.Driver.Store.GetAsync(id, ct))!.State;
        Assert.Equal(5, final.Evaluation?.Rating);
        Assert.Equal(DisclosureStatus.Draft, final.Disclosure);
    }

    [Fact]
    public async Task Thirty_concurrent_mixed_commands_leave_one_gapless_history()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "mix");
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);
        var consumer = new Actor.Consumer(id);
        var venue = new Actor.Operator(TestParties.EnrolledVenue.Id);
        var merchant = new Actor.Operator(TestParties.Merchant.Id);
        var regulator = new Actor.Regulator(TestParties.Regulator.Id);

        // Each step is issued three times at once; a step whose precondition is not met yet retries until it is.
        var steps = new (string Name, Func<DateTimeOffset, ComplaintCommand> Command, Func<Complaint, bool> Done)[]
        {
            ("assign", now => new ComplaintCommand.AssignFirstResponder(Pipeline, now), s => s.FirstResponder is not null),
            ("acknowledge", now => new ComplaintCommand.Acknowledge(venue, now), s => s.AcknowledgedAt is not null),
            ("propose", now => new ComplaintCommand.ProposeResolution(Remedy.Refund, Money.Of(150m, "CNY"), null, merchant, now), s => s.Resolution is not null),
            ("confirm", now => new ComplaintCommand.Confirm(consumer, now), s => s.ConfirmedAutomatically is not null),
            ("close", now => new ComplaintCommand.Close(Pipeline, now), s => s.Outcome is not null),
            ("evaluate", now => new ComplaintCommand.Evaluate(4, null, consumer, now), s => s.Evaluation is not null),
            ("draft", now => new ComplaintCommand.DraftDisclosure("d-mixed", Pipeline, now), s => s.DisclosureId is not null),
            ("publish", now => new ComplaintCommand.PublishDisclosure(regulator, now), s => s.Disclosure == DisclosureStatus.Published),
        };
        var stores = Enumerable.Range(0, 3).Select(_ => NewStore(host)).ToArray();
        using var start = new ManualResetEventSlim(false);
        var tasks = new List<Task<int>>();
        for (var i = 0; i < 30; i++)
        {
            var store = stores[i % stores.Length];
            if (i < steps.Length * 3)
            {
                var step = steps[i % steps.Length];
                tasks.Add(Task.Run(() => RunUntilDoneAsync(store, id, step.Command, step.Done, start, ct), ct));
            }
            else
            {
                // Noise: a stale timer, which must change nothing whenever it lands.
                tasks.Add(Task.Run(
                    async () =>
                    {
                        start.Wait(ct);
                        var outcome = await store.ExecuteAsync(id, new ComplaintCommand.MissDeadline(DeadlineKind.Acknowledge, DateTimeOffset.UnixEpoch, Pipeline, DateTimeOffset.UtcNow), ct);
                        return outcome.NewEvents.Count;
                    },
                    ct));
            }
        }

        start.Set();
        var written = await Task.WhenAll(tasks);

        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        output.WriteLine($"History after 30 concurrent commands: {PipelineAssert.Types(events)}");
        Assert.Equal(events.Count - 1, written.Sum());
        Assert.Equal(
            ["filed", "first-responder-assigned", "acknowledged", "resolution-proposed", "confirmed", "closed"],
            events.Take(6).Select(e => e.Event.Type));
        Assert.Equal(
            ["disclosure-drafted", "disclosure-published", "evaluated"],
            events.Skip(6).Select(e => e.Event.Type).Order(StringComparer.Ordinal));
        Assert.Equal(ComplaintStatus.Disclosed, (await host.Driver.Store.GetAsync(id, ct))!.State.Status);
    }

    [Fact]
    public async Task Filing_the_same_id_again_is_a_no_op_even_when_concurrent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "file");
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, TestParties.EnrolledVenue, Category.Delivery, Money.Of(99.5m, "CNY"), true, new Actor.Consumer(id), DateTimeOffset.UtcNow);
        var content = new ComplaintContent("The parcel never came.", "ORDER-1", new DateOnly(2026, 11, 1));

        var contact = new ConsumerContact("Li Lei", "13800000000", null);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => NewStore(host).FileAsync(command, content, contact, "hash-1", ct), ct)));
        var again = await NewStore(host).FileAsync(
            command with { At = DateTimeOffset.UtcNow, Claim = Money.Of(1m, "CNY") }, new ComplaintContent("Changed my mind.", null, null), contact with { Name = "Someone Else" }, "hash-2", ct);

        Assert.Equal(1, outcomes.Count(o => o.NewEvents.Count == 1));
        Assert.All(outcomes, o => Assert.True(o.NewEvents.Count <= 1, $"A filing recorded {o.NewEvents.Count} events."));
        Assert.Empty(again.NewEvents);
        Assert.All(outcomes.Append(again), o => Assert.Equal((id, 1L, 99.5m), (o.State.Id, o.State.Version, o.State.Claim.Amount)));

        var stored = await host.Driver.Store.GetAsync(id, ct);
        Assert.Equal("hash-1", stored?.TrackingTokenHash);
        Assert.Equal("The parcel never came.", (await host.Driver.Store.GetContentAsync(id, ct))?.Description);
        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        Assert.IsType<ComplaintEvent.Filed>(Assert.Single(events).Event);
        Assert.Equal("Li Lei", (await host.Get<IContactStore>().GetAsync(id, ct))?.Name);
        var intake = await host.Get<IQueueGateway>().ApproximateCountAsync(host.Names.IntakeQueue, ct);
        Assert.True(intake == 1, $"Expected exactly one intake doorbell for one filing, found {intake}.");
    }

    [Fact]
    public async Task A_filing_is_one_intake_row_and_one_doorbell_and_the_first_read_records_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "intk");
        var counts = new StorageOperationCounts();
        var tables = host.Get<ITableGateway>();
        var store = NewStore(host, new CountingTableGateway(tables, counts), new CountingQueueGateway(host.Get<IQueueGateway>(), counts));
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, TestParties.EnrolledVenue, Category.Delivery, Money.Of(10m, "CNY"), false, new Actor.Consumer(id), DateTimeOffset.UtcNow);

        var outcome = await store.FileAsync(command, new ComplaintContent("Never arrived.", "O-9", null), new ConsumerContact("Han Meimei", null, "han@example.com"), "h", ct);

        Assert.Equal(ComplaintStatus.Filed, outcome.State.Status);
        Assert.IsType<ComplaintEvent.Filed>(Assert.Single(outcome.NewEvents));
        Assert.Equal(new Dictionary<string, long> { ["queue.send"] = 1, ["table.insert"] = 1 }, counts.Snapshot());
        Assert.Null(await tables.GetAsync(host.Names.ComplaintsTable, id.Value, "state", ct));
        Assert.NotNull(await tables.GetAsync(host.Names.IntakeTable, IntakeStore.ShardOf(id), id.Value, ct));
        var doorbell = QueueMessages.Read(Assert.Single(await host.Get<IQueueGateway>().ReceiveAsync(host.Names.IntakeQueue, 32, TimeSpan.FromSeconds(30), ct)).Body);
        Assert.Equal([IntakeStore.ShardOf(id)], doorbell.Shards);
        Assert.DoesNotContain(id.Value, QueueMessages.IntakeShards(doorbell.Shards!), StringComparison.Ordinal);

        // A reader records the waiting filing, and a second recording (the intake stage, late) changes nothing.
        var read = await host.Driver.Store.GetAsync(id, ct);
        Assert.Equal((ComplaintStatus.Filed, 1L, "h"), (read?.State.Status, read?.State.Version, read?.TrackingTokenHash));
        var filing = await new IntakeStore(tables, host.Names).GetAsync(id, ct);
        await NewStore(host).RecordAsync(filing!, ct);
        Assert.Equal("Never arrived.", (await host.Driver.Store.GetContentAsync(id, ct))?.Description);
        Assert.Equal("han@example.com", (await host.Get<IContactStore>().GetAsync(id, ct))?.Email);
        Assert.IsType<ComplaintEvent.Filed>(Assert.Single(await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct)).Event);
    }

    [Fact]
    public async Task A_read_that_races_the_intake_stage_still_finds_the_complaint()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "race");
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, null, Category.Delivery, Money.Of(15m, "CNY"), false, new Actor.Consumer(id), DateTimeOffset.UtcNow);
        await NewStore(host).FileAsync(command, new ComplaintContent("Racing.", null, null), new ConsumerContact("Sun Li", "13300000000", null), "h", ct);
        var intake = new IntakeStore(host.Get<ITableGateway>(), host.Names);

        // The reader finds no state row; before it looks in the intake table, the intake stage records the filing and removes it.
        var racing = new BeforeFirstReadTableGateway(host.Get<ITableGateway>(), host.Names.IntakeTable, async () =>
        {
            await NewStore(host).RecordAsync((await intake.GetAsync(id, ct))!, ct);
            await intake.RemoveAsync(id, ct);
        });
        var read = await NewStore(host, racing).GetAsync(id, ct);

        Assert.Equal(ComplaintStatus.Filed, read?.State.Status);
    }

    [Fact]
    public async Task A_healthy_command_leaves_no_outbox_row_and_no_index_marker()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "clean");
        var id = await ByHand.AcknowledgedAsync(host.Driver, ct);

        Assert.Empty(await OutboxRowsAsync(host, id, ct));
        Assert.DoesNotContain(id, await host.Driver.Store.FindStaleOutboxesAsync(TimeSpan.Zero, ct));
        var queues = host.Get<IQueueGateway>();
        Assert.Equal(1, await queues.ApproximateCountAsync(host.Names.IntakeQueue, ct));
        Assert.Equal(2, await queues.ApproximateCountAsync(host.Names.EventsQueue, ct));
    }

    [Fact]
    public async Task A_workflow_command_is_stored_without_a_nudge_or_outbox_bookkeeping()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "quiet");
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);
        var counts = new StorageOperationCounts();
        var store = NewStore(host, new CountingTableGateway(host.Get<ITableGateway>(), counts), new CountingQueueGateway(host.Get<IQueueGateway>(), counts));

        var assigned = await store.ExecuteForWorkflowAsync(id, new ComplaintCommand.AssignFirstResponder(Pipeline, DateTimeOffset.UtcNow), ct);

        Assert.IsType<ComplaintEvent.FirstResponderAssigned>(Assert.Single(assigned.NewEvents));
        Assert.Equal(2, (await host.Driver.Store.GetAsync(id, ct))?.State.Version);
        Assert.Equal(["filed", "first-responder-assigned"], (await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct)).Select(e => e.Event.Type));
        Assert.Equal(0, await host.Get<IQueueGateway>().ApproximateCountAsync(host.Names.EventsQueue, ct));
        Assert.Empty(await OutboxRowsAsync(host, id, ct));
        Assert.DoesNotContain(id, await host.Driver.Store.FindStaleOutboxesAsync(TimeSpan.Zero, ct));
        var calls = counts.Snapshot();
        Assert.Equal(new Dictionary<string, long> { ["table.get"] = 1, ["table.transaction.n"] = 1, ["table.transaction.rows"] = 2 }, calls);
    }

    [Fact]
    public async Task A_command_on_state_just_read_skips_the_read_and_a_stale_read_decides_again()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "known");
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);
        await host.Driver.ActAsync(id, now => new ComplaintCommand.AssignFirstResponder(Pipeline, now), ct);
        var counts = new StorageOperationCounts();
        var store = NewStore(host, new CountingTableGateway(host.Get<ITableGateway>(), counts));
        var venue = new Actor.Operator(TestParties.EnrolledVenue.Id);

        // Fresh: decided on what the caller read, no second read.
        var known = (await host.Driver.Store.GetAsync(id, ct))!;
        Assert.NotNull(known.ETag);
        var acknowledged = await store.ExecuteAsync(known, new ComplaintCommand.Acknowledge(venue, DateTimeOffset.UtcNow), ct);
        Assert.IsType<ComplaintEvent.Acknowledged>(Assert.Single(acknowledged.NewEvents));
        Assert.False(counts.Snapshot().ContainsKey("table.get"), "A command on state just read read it again.");

        // Stale: the stored state moved on since the read (the acknowledgement above); the commit loses on the ETag,
        // the store reads and decides again, and the history stays whole.
        var withdrawn = await store.ExecuteAsync(known, new ComplaintCommand.Withdraw(new Actor.Consumer(id), DateTimeOffset.UtcNow), ct);
        Assert.IsType<ComplaintEvent.Withdrawn>(Assert.Single(withdrawn.NewEvents));
        Assert.Equal(known.State.Version + 2, withdrawn.State.Version);
        Assert.Equal(1, counts.Snapshot()["table.get"]);
        var events = await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct);
        Assert.Equal(["acknowledged", "withdrawn"], events.TakeLast(2).Select(e => e.Event.Type));
    }

    internal static ComplaintStore NewStore(PipelineHost host, ITableGateway? tables = null, IQueueGateway? queues = null) =>
        new(
            tables ?? host.Get<ITableGateway>(),
            queues ?? host.Get<IQueueGateway>(),
            host.Names,
            host.Get<ComplaintDecider>(),
            new IntakeDoorbell(queues ?? host.Get<IQueueGateway>(), host.Names),
            TimeProvider.System);

    internal static async Task<IReadOnlyList<TableRow>> OutboxRowsAsync(PipelineHost host, ComplaintId id, CancellationToken ct) =>
        (await host.Get<ITableGateway>().QueryPartitionAsync(host.Names.ComplaintsTable, id.Value, RowKeyRange.Prefix("outbox-"), 100, null, ct)).Rows;

    /// <summary>Issues the command until the step is done; a refusal because the step's turn has not come yet is retried.</summary>
    private static async Task<int> RunUntilDoneAsync(
        IComplaintStore store,
        ComplaintId id,
        Func<DateTimeOffset, ComplaintCommand> command,
        Func<Complaint, bool> done,
        ManualResetEventSlim start,
        CancellationToken ct)
    {
        start.Wait(ct);
        var written = 0;
        while (true)
        {
            var state = (await store.GetAsync(id, ct))!.State;
            if (done(state))
            {
                return written;
            }

            try
            {
                written += (await store.ExecuteAsync(id, command(DateTimeOffset.UtcNow), ct)).NewEvents.Count;
            }
            catch (ComplaintRuleViolation e) when (e.Kind == ViolationKind.Conflict)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 30)), ct);
            }
        }
    }
}
