using Complaints.Core;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Pipeline.Workflow;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Workers;

/// <summary>Work the pipeline can skip: identical messages in one batch, and registry reads that a cache answers.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CoalescingTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Identical_messages_in_one_batch_are_handled_once_and_all_removed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "coal");
        var queues = host.Get<IQueueGateway>();
        var queue = host.Names.Prefix + "-nudges";
        await queues.EnsureQueueAsync(queue, ct);
        var a = QueueMessages.Changed(TestNames.NewComplaintId(), 3, afterDraft: false);
        var b = QueueMessages.Changed(TestNames.NewComplaintId(), 3, afterDraft: false);
        foreach (var body in new[] { a, a, a, b, a, b })
        {
            await queues.SendAsync(queue, body, null, ct);
        }

        var handled = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var worker = new QueueWorker(
            queue,
            (body, _) =>
            {
                handled.Enqueue(body);
                return Task.CompletedTask;
            },
            queues,
            Options.Create(new QueueWorkerOptions { BatchSize = 16, MinIdleDelay = TimeSpan.FromMilliseconds(20), MaxIdleDelay = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            host.Get<ILogger<QueueWorker>>());
        await worker.StartAsync(ct);
        try
        {
            await Eventually.Until(async () => await queues.ApproximateCountAsync(queue, ct) == 0, TimeSpan.FromSeconds(20), "the queue to drain", ct);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        // All six were in the first batch (one receive of up to 16): each distinct body ran once.
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), handled.Order(StringComparer.Ordinal));
        Assert.Empty(await queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(1), ct));
    }

    [Fact]
    public async Task Doorbell_rings_while_one_is_in_flight_share_the_next_message_and_do_not_wait()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "bell");
        var queues = host.Get<IQueueGateway>();
        var gated = new GatedQueueGateway(queues);
        var doorbell = new IntakeDoorbell(gated, host.Names);
        var shards = IntakeStore.AllShards;

        var first = doorbell.RingAsync(shards[1]);
        await gated.Reached.WaitAsync(ct);
        var later = new[] { doorbell.RingAsync(shards[2]), doorbell.RingAsync(shards[3]), doorbell.RingAsync(shards[2]) };

        Assert.All(later, ring => Assert.True(ring.IsCompletedSuccessfully, "a ring while a message is in flight must not wait for it"));
        Assert.False(first.IsCompleted);
        gated.Open();
        await first.WaitAsync(ct);

        await Eventually.Until(
            async () => await queues.ApproximateCountAsync(host.Names.IntakeQueue, ct) >= 2,
            TimeSpan.FromSeconds(20),
            "the first doorbell and the one that follows it",
            ct);
        var bodies = await queues.ReceiveAsync(host.Names.IntakeQueue, 32, TimeSpan.FromMinutes(1), ct);
        var sent = bodies.Select(m => QueueMessages.Read(m.Body).Shards!.ToArray()).OrderBy(s => s[0], StringComparer.Ordinal).ToList();
        Assert.Equal([[shards[1]], [shards[2], shards[3]]], sent);
        Assert.Equal(2, gated.Sends);
    }

    [Fact]
    public async Task The_intake_stage_records_a_filing_and_starts_its_orchestration_with_one_query_the_shard_listing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(
            azurite, output, TestDeadlines.Far, ct, workers: false, tag: "stg", configure: services => services.AddStorageOperationCounting());
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, TestParties.EnrolledVenue, Category.Delivery, Money.Of(30m, "CNY"), true, new Actor.Consumer(id), DateTimeOffset.UtcNow);
        await host.Get<Core.Ports.IComplaintStore>().FileAsync(
            command, new Core.Ports.ComplaintContent("Late.", null, null), new Core.Disclosure.ConsumerContact("Zhao Lei", "13600000000", null), "h", ct);
        var counts = host.Get<StorageOperationCounts>();
        var queriesBefore = counts.Snapshot().GetValueOrDefault("table.query");

        await host.Get<StageDispatcher>().HandleAsync(host.Names.IntakeQueue, QueueMessages.IntakeShards([IntakeStore.ShardOf(id)]), ct);

        // The shard listing is the only query of ours; the orchestration waits in the task hub (no worker runs here).
        Assert.Equal(1, counts.Snapshot().GetValueOrDefault("table.query") - queriesBefore);
        Assert.Equal(ComplaintStatus.Filed, (await host.Driver.Store.GetAsync(id, ct))?.State.Status);
        var instance = await host.Get<IComplaintWorkflows>().GetAsync(id, ct);
        Assert.True(instance is { Status: WorkflowRuntimeStatus.Pending }, $"expected a pending orchestration named {id}, saw {instance?.Status.ToString() ?? "none"}");
        Assert.Null(await host.Get<ITableGateway>().GetAsync(host.Names.IntakeTable, IntakeStore.ShardOf(id), id.Value, ct));
        Assert.Equal("Zhao Lei", (await host.Get<Core.Ports.IContactStore>().GetAsync(id, ct))?.Name);
        Assert.Equal(["filed"], (await PipelineAssert.CleanHistoryAsync(host.Driver.Store, id, ct)).Select(e => e.Event.Type));
    }

    [Fact]
    public async Task A_doorbell_for_a_shard_being_worked_is_settled_at_once_and_the_worker_looks_again()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "skip");
        var stage = host.Get<Stages.IntakeStage>();
        var first = TestNames.NewComplaintId();
        var shard = IntakeStore.ShardOf(first);
        ComplaintId second;
        do
        {
            second = TestNames.NewComplaintId();
        }
        while (IntakeStore.ShardOf(second) != shard);

        await FileAsync(host, first, ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new System.Collections.Concurrent.ConcurrentQueue<ComplaintId>();
        var starter = new GatedWorkflows(host.Get<IComplaintWorkflows>(), async (id, token) =>
        {
            started.Enqueue(id);
            if (id == first)
            {
                await gate.Task.WaitAsync(token);
            }
        });
        var doorbell = QueueMessages.Read(QueueMessages.IntakeShards([shard]));

        var working = stage.HandleAsync(doorbell, starter, ct);
        await Eventually.Until(() => Task.FromResult(started.Contains(first)), TimeSpan.FromSeconds(20), "the first filing to be started", ct);
        await FileAsync(host, second, ct);
        await stage.HandleAsync(doorbell, starter, ct).WaitAsync(TimeSpan.FromSeconds(5), ct);

        // The second doorbell was settled without waiting and without working the shard itself.
        Assert.DoesNotContain(second, started);
        Assert.False(working.IsCompleted);
        gate.SetResult();
        await working.WaitAsync(TimeSpan.FromSeconds(20), ct);

        // The handler that held the shard looked again before letting go, and found the second filing.
        Assert.Equal([first, second], started.ToArray());
        foreach (var id in new[] { first, second })
        {
            Assert.Null(await host.Get<ITableGateway>().GetAsync(host.Names.IntakeTable, shard, id.Value, ct));
            Assert.NotNull(await host.Get<ITableGateway>().GetAsync(host.Names.ComplaintsTable, id.Value, "state", ct));
        }
    }

    private static Task FileAsync(PipelineHost host, ComplaintId id, CancellationToken ct) =>
        host.Get<Core.Ports.IComplaintStore>().FileAsync(
            new ComplaintCommand.FileComplaint(id, TestParties.Merchant, null, Category.Delivery, Money.Of(20m, "CNY"), false, new Actor.Consumer(id), DateTimeOffset.UtcNow),
            new Core.Ports.ComplaintContent("Skipped shard test.", null, null),
            new Core.Disclosure.ConsumerContact("Qian Yu", "13500000000", null),
            "h",
            ct);

    [Fact]
    public async Task Party_and_key_lookups_are_answered_from_the_cache_and_a_new_party_is_still_found()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "regc");
        var counts = new StorageOperationCounts();
        var registry = new PartyRegistry(new CountingTableGateway(host.Get<ITableGateway>(), counts), host.Names, TimeProvider.System);
        var keyHash = Api.TrackingTokens.Hash("coalescing-test-key");
        await new PartyRegistry(host.Get<ITableGateway>(), host.Names, TimeProvider.System)
            .UpsertAsync(TestParties.Merchant, [keyHash], ct);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TestParties.Merchant.Id, (await registry.FindAsync(TestParties.Merchant.Id, ct))?.Id);
            Assert.Equal(TestParties.Merchant.Id, (await registry.FindKeyAsync(keyHash, ct))?.Party);
            Assert.Null(await registry.FindKeyAsync(Api.TrackingTokens.Hash("no-such-key"), ct));
        }

        var calls = counts.Snapshot();
        Assert.Equal(1, calls.GetValueOrDefault("table.query")); // the party list, once
        Assert.Equal(1 + 5, calls.GetValueOrDefault("table.get")); // the key once; the unknown key every time

        // Registered by another process after this one cached the list: found by a point read, not hidden for 30 s.
        var late = new Party.Merchant(new PartyId("m-registered-late"), "Registered Late Ltd", "91310000MA1LATE001");
        await new PartyRegistry(host.Get<ITableGateway>(), host.Names, TimeProvider.System).UpsertAsync(late, [], ct);
        Assert.Equal(late.Id, (await registry.FindAsync(late.Id, ct))?.Id);
    }

    /// <summary>The real workflow client; each start first runs <c>before</c> (here: records it and may hold it).</summary>
    private sealed class GatedWorkflows(IComplaintWorkflows inner, Func<ComplaintId, CancellationToken, Task> before) : IComplaintWorkflows
    {
        public async Task StartAsync(ComplaintId id, CancellationToken cancellationToken)
        {
            await before(id, cancellationToken);
            await inner.StartAsync(id, cancellationToken);
        }

        public Task NotifyAsync(ComplaintId id, long version, CancellationToken cancellationToken) => inner.NotifyAsync(id, version, cancellationToken);

        public Task<WorkflowInstance?> GetAsync(ComplaintId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<WorkflowHistoryEntry>?> GetHistoryAsync(ComplaintId id, CancellationToken cancellationToken) => inner.GetHistoryAsync(id, cancellationToken);

        public Task<int> PurgeCompletedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken) => inner.PurgeCompletedAsync(startedBefore, cancellationToken);
    }
}
