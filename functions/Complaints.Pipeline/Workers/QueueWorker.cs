using System.Text.Json;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Workers;

/// <summary>Handles one message body. Throwing means "try again later".</summary>
public delegate Task QueueMessageHandler(string body, CancellationToken cancellationToken);

/// <summary>
/// One hosted worker per queue: batch receive, bounded parallelism, exponential idle back-off. A failed message
/// becomes visible again after a back-off; after <see cref="QueueWorkerOptions.MaxDequeueCount"/> failures it
/// moves to <c>&lt;queue&gt;-poison</c> with the reason. On shutdown it stops receiving and returns messages
/// still in flight to the queue at once, so another worker takes them.
/// </summary>
public sealed class QueueWorker(
    string queue,
    QueueMessageHandler handler,
    IQueueGateway queues,
    IOptions<QueueWorkerOptions> options,
    TimeProvider clock,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private readonly QueueWorkerOptions _options = options.Value;

    public string Queue => queue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(logger, queue);
        using var slots = new SemaphoreSlim(_options.MaxParallelism);
        var inFlight = new List<Task<int>>();
        var idle = _options.MinIdleDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            IReadOnlyList<QueueMessage> batch;
            try
            {
                var free = Math.Min(_options.BatchSize, _options.MaxParallelism - inFlight.Count);
                if (free <= 0)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }

                batch = await queues.ReceiveAsync(queue, free, _options.VisibilityTimeout, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping. (The legacy SDK reports a cancelled call as a StorageException, not an OperationCanceledException.)
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage unreachable (restarting, say): keep trying with back-off instead of stopping the host.
                Log.WorkerStorageError(logger, e, queue);
                await DelayAsync(_options.MaxIdleDelay, stoppingToken);
                continue;
            }

            if (batch.Count == 0)
            {
                await DelayAsync(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxIdleDelay.Ticks));
                continue;
            }

            idle = _options.MinIdleDelay;

            // Identical bodies in one batch (nudges for the same complaint, mostly) are handled once; handlers are
            // idempotent, so the copies are settled with the first.
            foreach (var copies in batch.GroupBy(m => m.Body, StringComparer.Ordinal))
            {
                await slots.WaitAsync(CancellationToken.None);
                inFlight.Add(HandleOneAsync([.. copies], slots, stoppingToken));
            }
        }

        var results = await Task.WhenAll(inFlight);
        Log.WorkerStopped(logger, queue, results.Sum());
    }

    /// <summary>
    /// Handles one message, or several with the same body: once, settled together. Returns how many messages were
    /// handed back to the queue because the host is stopping.
    /// </summary>
    private async Task<int> HandleOneAsync(QueueMessage[] copies, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await handler(copies[0].Body, stoppingToken);
            foreach (var message in copies)
            {
                await queues.DeleteAsync(queue, message.Id, message.PopReceipt, CancellationToken.None);
            }

            return 0;
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever the handler threw (a cancelled storage call is a StorageException on the legacy SDK),
            // the message is not a failure; hand it back at once.
            foreach (var message in copies)
            {
                await TryReturnAsync(message);
            }

            return copies.Length;
        }
        catch (Exception e)
        {
            foreach (var message in copies)
            {
                await FailAsync(message, e);
            }

            return 0;
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task FailAsync(QueueMessage message, Exception error)
    {
        var errorType = error.GetType().Name;
        try
        {
            // A body that is not ours never gets better: poison it at once.
            if (message.DequeueCount >= _options.MaxDequeueCount || error is FormatException)
            {
                var poison = JsonSerializer.Serialize(new PoisonMessage(queue, message.Id, message.Body, message.DequeueCount, errorType, Truncate(error.Message), clock.GetUtcNow()));
                await queues.SendAsync(StorageNames.PoisonQueueOf(queue), poison, null, CancellationToken.None);
                await queues.DeleteAsync(queue, message.Id, message.PopReceipt, CancellationToken.None);
                Log.MessagePoisoned(logger, message.Id, queue, message.DequeueCount, errorType);
                return;
            }

            Log.MessageFailed(logger, error, message.Id, queue, message.DequeueCount, errorType);
            var backoff = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, message.DequeueCount - 1), 10_000));
            await queues.UpdateVisibilityAsync(queue, message.Id, message.PopReceipt, backoff, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message stays hidden until its visibility timeout and is retried then.
            Log.WorkerStorageError(logger, e, queue);
        }
    }

    private async Task TryReturnAsync(QueueMessage message)
    {
        try
        {
            await queues.UpdateVisibilityAsync(queue, message.Id, message.PopReceipt, TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.WorkerStorageError(logger, e, queue);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}

/// <summary>What lands on a poison queue: the original body (ids only) and why it failed.</summary>
public sealed record PoisonMessage(string Queue, string MessageId, string Body, long DequeueCount, string ErrorType, string Reason, DateTimeOffset FailedAt);
