using Complaints.Core;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Workers;

/// <summary>A stopping worker hands the messages it is still working on back to the queue at once; a stop is never logged as a failure.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class QueueWorkerShutdownTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int MessageFailedEvent = 1008;
    private const int WorkerStorageErrorEvent = 1013;

    [Fact]
    public async Task Stopping_while_a_handler_waits_on_storage_returns_its_message_to_the_queue_at_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "stop");
        var queues = host.Get<IQueueGateway>();
        var tables = host.Get<ITableGateway>();
        var queue = host.Names.Prefix + "-stopping";
        await queues.EnsureQueueAsync(queue, ct);
        await queues.EnsureQueueAsync(StorageNames.PoisonQueueOf(queue), ct);
        var body = QueueMessages.Disclosure(TestNames.NewComplaintId());
        var handling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new CapturingLogger<QueueWorker>();
        using var worker = new QueueWorker(
            queue,
            async (_, token) =>
            {
                handling.TrySetResult();

                // A handler busy with storage when the host stops: its calls see the stopping token cancelled.
                while (true)
                {
                    await tables.GetAsync(host.Names.ComplaintsTable, "p", "r", token);
                }
            },
            queues,
            Options.Create(new QueueWorkerOptions { VisibilityTimeout = TimeSpan.FromMinutes(1), MaxIdleDelay = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            logger);

        await queues.SendAsync(queue, body, null, ct);
        await worker.StartAsync(ct);
        await handling.Task.WaitAsync(ct);
        await worker.StopAsync(ct);

        foreach (var entry in logger.Entries)
        {
            output.WriteLine($"{entry.Level} {entry.EventId}: {entry.Message}");
        }

        var again = await queues.ReceiveAsync(queue, 32, TimeSpan.FromSeconds(30), ct);
        Assert.True(again.Count == 1, $"Expected the interrupted message back on {queue} at once; received {again.Count} message(s).");
        Assert.Equal(body, again[0].Body);
        var failures = logger.Entries.Where(e => e.EventId is MessageFailedEvent or WorkerStorageErrorEvent || e.Level >= LogLevel.Error).ToList();
        Assert.True(failures.Count == 0, $"A stop is not a failure, yet the worker logged: {string.Join(" | ", failures.Select(f => f.Message))}");
        Assert.Contains(logger.Entries, e => e.Message.Contains("1 in-flight messages returned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_sweeper_in_the_middle_of_a_sweep_is_not_a_failure()
    {
        const int SweepFailedEvent = 1015;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "swst");
        var tables = new StopInFlightTableGateway(host.Get<ITableGateway>(), host.Names.OutboxIndexTable);
        var store = new ComplaintStore(tables, host.Get<IQueueGateway>(), host.Names, host.Get<ComplaintDecider>(), host.Get<IntakeDoorbell>(), TimeProvider.System);
        var logger = new CapturingLogger<OutboxSweeper>();
        using var sweeper = new OutboxSweeper(
            store,
            new IntakeStore(tables, host.Names),
            host.Get<IntakeDoorbell>(),
            Options.Create(new QueueWorkerOptions { SweepInterval = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            logger);

        await sweeper.StartAsync(ct);
        await tables.Reached.WaitAsync(ct);
        await sweeper.StopAsync(ct);

        var failures = logger.Entries.Where(e => e.EventId == SweepFailedEvent || e.Level >= LogLevel.Warning).ToList();
        Assert.True(failures.Count == 0, $"A stop is not a failed sweep, yet the sweeper logged: {string.Join(" | ", failures.Select(f => f.Message))}");
    }
}
