using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>A process that dies after the table commit and before the queue send: the outbox index lets the sweeper finish the job.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class OutboxRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task The_sweeper_delivers_an_outbox_that_a_crash_left_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "swp");
        var queues = host.Get<IQueueGateway>();
        var healthy = host.Driver.Store;
        var id = await host.Driver.FileAsync(TestParties.EnrolledVenue, ct);
        var crashing = ComplaintStoreTests.NewStore(host, queues: new CrashingQueueGateway(queues));
        var eventsBefore = await queues.ApproximateCountAsync(host.Names.EventsQueue, ct);

        await Assert.ThrowsAsync<IOException>(() => crashing.ExecuteAsync(id, new ComplaintCommand.AssignFirstResponder(Actor.System.Instance, DateTimeOffset.UtcNow), ct));

        Assert.Equal(ComplaintStatus.Assigned, (await healthy.GetAsync(id, ct))?.State.Status);
        Assert.Single(await ComplaintStoreTests.OutboxRowsAsync(host, id, ct));
        Assert.Equal(eventsBefore, await queues.ApproximateCountAsync(host.Names.EventsQueue, ct));
        Assert.DoesNotContain(id, await healthy.FindStaleOutboxesAsync(TimeSpan.FromMinutes(5), ct));

        var sweeper = new OutboxSweeper(
            healthy,
            host.Get<IntakeStore>(),
            host.Get<IntakeDoorbell>(),
            Options.Create(new QueueWorkerOptions { SweepAge = TimeSpan.FromMilliseconds(300) }),
            TimeProvider.System,
            NullLogger<OutboxSweeper>.Instance);
        await Eventually.Until(
            async () =>
            {
                await sweeper.SweepOnceAsync(ct);
                return await queues.ApproximateCountAsync(host.Names.EventsQueue, ct);
            },
            count => count > eventsBefore,
            TimeSpan.FromSeconds(30),
            "the sweeper to send the complaint-events nudge the crash lost",
            ct);

        Assert.Empty(await ComplaintStoreTests.OutboxRowsAsync(host, id, ct));
        Assert.DoesNotContain(id, await healthy.FindStaleOutboxesAsync(TimeSpan.Zero, ct));
        var nudges = await queues.ReceiveAsync(host.Names.EventsQueue, 32, TimeSpan.FromSeconds(30), ct);
        Assert.Contains(nudges, m => QueueMessages.Read(m.Body) is { Kind: QueueMessages.ChangedKind } nudge && nudge.ComplaintId == id.Value);
        await PipelineAssert.CleanHistoryAsync(healthy, id, ct);
    }

    [Fact]
    public async Task A_filing_whose_intake_message_was_lost_still_reaches_the_running_pipeline()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "lost");
        var crashing = ComplaintStoreTests.NewStore(host, queues: new CrashingQueueGateway(host.Get<IQueueGateway>()));
        var id = TestNames.NewComplaintId();
        var command = new ComplaintCommand.FileComplaint(
            id, TestParties.Merchant, TestParties.EnrolledVenue, Category.GoodsQuality, Money.Of(50m, "CNY"), false, new Actor.Consumer(id), DateTimeOffset.UtcNow);

        // The filing is stored; its doorbell fails (the failure is logged, not thrown: the filing is safe).
        var filed = await crashing.FileAsync(command, new ComplaintContent("Broken on arrival.", null, null), new ConsumerContact("Wang Fang", "13700000000", null), "h", ct);
        Assert.Single(filed.NewEvents);

        // Nobody rings for it: only the host's own sweeper can find the waiting filing and ring the intake doorbell.
        var assigned = await host.Driver.WaitAsync(id, s => s.FirstResponder is not null, "assigned to its first responder", ct);
        Assert.Equal(TestParties.EnrolledVenue.Id, assigned.FirstResponder);
    }
}
