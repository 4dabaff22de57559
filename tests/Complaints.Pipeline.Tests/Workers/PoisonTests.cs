using System.Text.Json;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Workers;

/// <summary>A message that keeps failing moves to <c>&lt;queue&gt;-poison</c> after five dequeues; one that is not ours, at once.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PoisonTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions PoisonJson = new(JsonSerializerDefaults.General);

    [Fact]
    public async Task A_message_whose_handler_always_fails_is_poisoned_after_five_dequeues_with_its_body_and_reason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "psn");
        var queues = host.Get<IQueueGateway>();
        var queue = host.Names.Prefix + "-always-failing";
        var poisonQueue = StorageNames.PoisonQueueOf(queue);
        await queues.EnsureQueueAsync(queue, ct);
        await queues.EnsureQueueAsync(poisonQueue, ct);
        var body = QueueMessages.Payout(TestNames.NewComplaintId(), "p-1");
        var attempts = 0;
        using var worker = new QueueWorker(
            queue,
            (_, _) =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                throw new InvalidOperationException($"Ledger unavailable (attempt {attempt}).");
            },
            queues,
            Options.Create(new QueueWorkerOptions { MinIdleDelay = TimeSpan.FromMilliseconds(20), MaxIdleDelay = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            host.Get<ILogger<QueueWorker>>());

        await queues.SendAsync(queue, body, null, ct);
        await worker.StartAsync(ct);
        PoisonMessage poisoned;
        try
        {
            poisoned = await ReceivePoisonAsync(queues, poisonQueue, ct);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(body, poisoned.Body);
        Assert.Equal(queue, poisoned.Queue);
        Assert.Equal(5, poisoned.DequeueCount);
        Assert.Equal(nameof(InvalidOperationException), poisoned.ErrorType);
        Assert.Equal("Ledger unavailable (attempt 5).", poisoned.Reason);
        Assert.Equal(5, Volatile.Read(ref attempts));
        Assert.Equal(0, await queues.ApproximateCountAsync(queue, ct));
    }

    [Theory]
    [InlineData("intake", "this is not JSON", "not valid JSON")]
    [InlineData("events", "{\"kind\":\"changed\"}", "names no complaint")]
    [InlineData("payouts", "{\"complaintId\":\"c0123\"}", "names no payout")]
    public async Task A_body_that_is_not_ours_goes_to_poison_at_once(string stage, string body, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "bad");
        var queues = host.Get<IQueueGateway>();
        var queue = stage switch
        {
            "intake" => host.Names.IntakeQueue,
            "events" => host.Names.EventsQueue,
            _ => host.Names.PayoutsQueue,
        };

        await queues.SendAsync(queue, body, null, ct);
        var poisoned = await ReceivePoisonAsync(queues, StorageNames.PoisonQueueOf(queue), ct);

        Assert.Equal(body, poisoned.Body);
        Assert.Equal(queue, poisoned.Queue);
        Assert.Equal(1, poisoned.DequeueCount);
        Assert.Equal(nameof(FormatException), poisoned.ErrorType);
        Assert.Contains(reason, poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await queues.ApproximateCountAsync(queue, ct));
    }

    private static async Task<PoisonMessage> ReceivePoisonAsync(IQueueGateway queues, string poisonQueue, CancellationToken ct)
    {
        var received = await Eventually.Until(
            () => queues.ReceiveAsync(poisonQueue, 32, TimeSpan.FromMinutes(1), ct),
            messages => messages.Count > 0,
            TimeSpan.FromSeconds(45),
            $"a message on {poisonQueue}",
            ct);
        var message = Assert.Single(received);
        return JsonSerializer.Deserialize<PoisonMessage>(message.Body, PoisonJson)
            ?? throw new InvalidOperationException($"The poison message is empty: {message.Body}");
    }
}
