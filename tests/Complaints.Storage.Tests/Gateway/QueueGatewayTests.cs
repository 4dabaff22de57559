using System.Diagnostics;
using Azure.Storage.Queues;
using Complaints.Storage.Gateway;
using Complaints.Testing;

namespace Complaints.Storage.Tests.Gateway;

/// <summary>The behaviour the stores rely on from <see cref="IQueueGateway"/>, against a real Azurite.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class QueueGatewayTests(AzuriteFixture azurite) : GatewayTestBase
{
    private static readonly TimeSpan Hidden = TimeSpan.FromSeconds(30);

    /// <summary>How long a message may take to (re)appear before a test gives up.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private IQueueGateway? gateway;

    private IQueueGateway Gateway => gateway ??= new AzureQueueGateway(new QueueServiceClient(azurite.ConnectionString, AzureQueueGateway.CreateClientOptions()));

    /// <summary>A fresh, existing queue for this test.</summary>
    private async Task<string> NewQueueAsync()
    {
        var queue = AzuriteFixture.UniqueName("contract");
        await Gateway.EnsureQueueAsync(queue, Timeout);
        return queue;
    }

    [Fact]
    public async Task Ensure_queue_is_idempotent()
    {
        var queue = await NewQueueAsync();

        await Gateway.EnsureQueueAsync(queue, Timeout);

        Assert.Empty(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));
    }

    [Fact]
    public async Task A_sent_message_is_received_with_its_body_and_is_gone_once_deleted()
    {
        var queue = await NewQueueAsync();
        const string Body = """{"complaintId":"c-1","note":"Grüße 投诉 📦 <xml-unsafe & chars>"}""";

        await Gateway.SendAsync(queue, Body, null, Timeout);
        var received = Assert.Single(await Gateway.ReceiveAsync(queue, 32, Hidden, Timeout));
        var deleted = await Gateway.DeleteAsync(queue, received.Id, received.PopReceipt, Timeout);

        Assert.Equal(Body, received.Body);
        Assert.Equal(1, received.DequeueCount);
        Assert.NotNull(received.InsertedOn);
        Assert.True(deleted);
        Assert.Equal(0, await Gateway.ApproximateCountAsync(queue, Timeout));
        Assert.False(await Gateway.DeleteAsync(queue, received.Id, received.PopReceipt, Timeout), "a second delete finds nothing");
    }

    [Fact]
    public async Task A_received_message_stays_hidden_until_its_visibility_timeout_passes()
    {
        var queue = await NewQueueAsync();
        await Gateway.SendAsync(queue, "m", null, Timeout);

        var first = Assert.Single(await Gateway.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(2), Timeout));
        Assert.Empty(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));
        var again = await ReceiveOneAsync(queue, "the message to reappear after its 2 s visibility timeout");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_delayed_message_is_invisible_until_the_delay_passes()
    {
        var queue = await NewQueueAsync();
        var delay = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        await Gateway.SendAsync(queue, "timer", delay, Timeout);
        var early = await Gateway.ReceiveAsync(queue, 32, Hidden, Timeout);
        var sentAt = clock.Elapsed;
        var message = await ReceiveOneAsync(queue, "the message delayed by 2 s");

        Assert.True(early.Count == 0 || sentAt >= delay, "the delayed message was visible at once");
        Assert.Equal("timer", message.Body);
        Assert.True(clock.Elapsed >= delay - TimeSpan.FromMilliseconds(250), $"the message appeared after {clock.Elapsed}, before the 2 s delay");
    }

    [Fact]
    public async Task Updating_visibility_hides_a_message_and_reveals_it()
    {
        var queue = await NewQueueAsync();
        await Gateway.SendAsync(queue, "m", null, Timeout);
        var received = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));

        var revealedReceipt = await Gateway.UpdateVisibilityAsync(queue, received.Id, received.PopReceipt, TimeSpan.Zero, Timeout);
        var again = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));
        var hiddenReceipt = await Gateway.UpdateVisibilityAsync(queue, again.Id, again.PopReceipt, TimeSpan.FromSeconds(2), Timeout);
        var whileHidden = await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout);
        var back = await ReceiveOneAsync(queue, "the message to reappear 2 s after its visibility update");

        Assert.NotNull(revealedReceipt);
        Assert.NotEqual(received.PopReceipt, revealedReceipt);
        Assert.Equal(received.Id, again.Id);
        Assert.NotNull(hiddenReceipt);
        Assert.Empty(whileHidden);
        Assert.Equal(received.Id, back.Id);
        Assert.True(await Gateway.DeleteAsync(queue, back.Id, back.PopReceipt, Timeout));
    }

    [Fact]
    public async Task Delete_and_update_with_a_stale_pop_receipt_do_nothing()
    {
        var queue = await NewQueueAsync();
        await Gateway.SendAsync(queue, "m", null, Timeout);
        var first = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));
        await Gateway.UpdateVisibilityAsync(queue, first.Id, first.PopReceipt, TimeSpan.Zero, Timeout);
        var second = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));

        var staleDelete = await Gateway.DeleteAsync(queue, first.Id, first.PopReceipt, Timeout);
        var staleUpdate = await Gateway.UpdateVisibilityAsync(queue, first.Id, first.PopReceipt, TimeSpan.Zero, Timeout);

        Assert.False(staleDelete);
        Assert.Null(staleUpdate);
        Assert.Equal(1, await Gateway.ApproximateCountAsync(queue, Timeout));
        Assert.True(await Gateway.DeleteAsync(queue, second.Id, second.PopReceipt, Timeout), "the current pop receipt still works");
        Assert.Null(await Gateway.UpdateVisibilityAsync(queue, second.Id, second.PopReceipt, TimeSpan.Zero, Timeout));
    }

    [Fact]
    public async Task Receive_takes_up_to_32_messages_at_once()
    {
        var queue = await NewQueueAsync();
        var bodies = Enumerable.Range(0, 40).Select(i => $"m{i:00}").ToList();
        foreach (var body in bodies)
        {
            await Gateway.SendAsync(queue, body, null, Timeout);
        }

        var batch = await Gateway.ReceiveAsync(queue, 32, Hidden, Timeout);
        var received = batch.ToList();
        while (received.Count < bodies.Count)
        {
            var more = await Gateway.ReceiveAsync(queue, 32, Hidden, Timeout);
            Assert.NotEmpty(more);
            received.AddRange(more);
        }

        Assert.InRange(batch.Count, 1, 32);
        Assert.Equal(bodies, received.Select(m => m.Body).Order(StringComparer.Ordinal));
        Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.ReceiveAsync(queue, 33, Hidden, Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.ReceiveAsync(queue, 0, Hidden, Timeout));
    }

    [Fact]
    public async Task Approximate_count_counts_waiting_and_hidden_messages()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 3; i++)
        {
            await Gateway.SendAsync(queue, $"m{i}", null, Timeout);
        }

        await Gateway.SendAsync(queue, "delayed", TimeSpan.FromMinutes(5), Timeout);
        var taken = Assert.Single(await Gateway.ReceiveAsync(queue, 1, Hidden, Timeout));

        await Eventually.Until(
            async () => await Gateway.ApproximateCountAsync(queue, Timeout) == 4,
            Patience,
            "an approximate count of 4 (2 waiting, 1 received, 1 delayed)",
            Timeout);
        await Gateway.DeleteAsync(queue, taken.Id, taken.PopReceipt, Timeout);
        await Eventually.Until(
            async () => await Gateway.ApproximateCountAsync(queue, Timeout) == 3,
            Patience,
            "an approximate count of 3 after one delete",
            Timeout);
    }

    [Fact]
    public async Task A_delay_outside_zero_to_seven_days_is_rejected()
    {
        var queue = await NewQueueAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SendAsync(queue, "m", TimeSpan.FromDays(7.5), Timeout));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Gateway.SendAsync(queue, "m", TimeSpan.FromSeconds(-1), Timeout));
        Assert.Equal(0, await Gateway.ApproximateCountAsync(queue, Timeout));
    }

    /// <summary>Polls until exactly one message can be received (hidden for 30 s), and returns it.</summary>
    private async Task<QueueMessage> ReceiveOneAsync(string queue, string whatWeWaitFor)
    {
        var messages = await Eventually.Until(
            () => Gateway.ReceiveAsync(queue, 32, Hidden, Timeout), m => m.Count > 0, Patience, whatWeWaitFor, Timeout);
        return Assert.Single(messages);
    }
}
