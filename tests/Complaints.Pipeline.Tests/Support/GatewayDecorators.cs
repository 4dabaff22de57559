using Complaints.Storage.Gateway;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>A queue gateway that hands every call to the real one; a decorator overrides what it changes.</summary>
public abstract class QueueGatewayDecorator(IQueueGateway inner) : IQueueGateway
{
    public virtual Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken) =>
        inner.SendAsync(queue, body, initialVisibilityDelay, cancellationToken);

    public Task EnsureQueueAsync(string queue, CancellationToken cancellationToken) => inner.EnsureQueueAsync(queue, cancellationToken);

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);

    public Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken) =>
        inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);

    public Task<string?> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);

    public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken) => inner.ApproximateCountAsync(queue, cancellationToken);
}

/// <summary>
/// The real queue gateway, except that sends fail while <see cref="Failing"/> is set: the process "dies" after the
/// table commit and before the outbox reaches its queue. Not a storage mock: everything else goes to Azurite.
/// </summary>
public sealed class CrashingQueueGateway(IQueueGateway inner) : QueueGatewayDecorator(inner)
{
    private int failedSends;

    public bool Failing { get; set; } = true;

    public int FailedSends => Volatile.Read(ref failedSends);

    public override Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref failedSends);
            throw new IOException("Simulated crash between the table commit and the queue send.");
        }

        return base.SendAsync(queue, body, initialVisibilityDelay, cancellationToken);
    }
}

/// <summary>
/// The real table gateway, with a gate before the first transaction on <paramref name="gatedTable"/>: the caller has
/// read and decided, and waits there until the test opens the gate. Counts the conflicts (412/409) it passes back.
/// </summary>
public sealed class GatedTableGateway(ITableGateway inner, string gatedTable) : ITableGateway
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int gated;
    private int conflicts;

    /// <summary>Completes when a transaction on the gated table is waiting at the gate.</summary>
    public Task Reached => reached.Task;

    public int Conflicts => Volatile.Read(ref conflicts);

    public void Open() => open.TrySetResult();

    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken)
    {
        if (table == gatedTable && Interlocked.Exchange(ref gated, 1) == 0)
        {
            reached.TrySetResult();
            await open.Task.WaitAsync(cancellationToken);
        }

        try
        {
            return await inner.SubmitTransactionAsync(table, operations, cancellationToken);
        }
        catch (StorageConflictException)
        {
            Interlocked.Increment(ref conflicts);
            throw;
        }
    }

    public Task EnsureTableAsync(string table, CancellationToken cancellationToken) => inner.EnsureTableAsync(table, cancellationToken);

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

    public Task<TablePage> QueryPartitionAsync(string table, string partitionKey, RowKeyRange? range, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        inner.QueryPartitionAsync(table, partitionKey, range, pageSize, continuationToken, cancellationToken);

    public Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken) => inner.InsertIfAbsentAsync(table, row, cancellationToken);
}

/// <summary>The real queue gateway, recording every message sent (queue, body, initial delay) for a test to inspect.</summary>
public sealed class RecordingQueueGateway(IQueueGateway inner) : QueueGatewayDecorator(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Queue, string Body, TimeSpan? Delay)> sent = new();

    public IReadOnlyList<(string Queue, string Body, TimeSpan? Delay)> Sent => [.. sent];

    public override async Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        await base.SendAsync(queue, body, initialVisibilityDelay, cancellationToken);
        sent.Enqueue((queue, body, initialVisibilityDelay));
    }
}

/// <summary>
/// The real table gateway, except that the first query on <paramref name="heldTable"/> is held until its token is
/// cancelled and then made for real with that cancelled token: a storage call in flight when the host stops.
/// </summary>
public sealed class StopInFlightTableGateway(ITableGateway inner, string heldTable) : ITableGateway
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int held;

    public Task Reached => reached.Task;

    public async Task<TablePage> QueryPartitionAsync(string table, string partitionKey, RowKeyRange? range, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (table == heldTable && Interlocked.Exchange(ref held, 1) == 0)
        {
            reached.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Now make the call as the stopping host would: with the cancelled token, so the SDK reports it its own way.
            }
        }

        return await inner.QueryPartitionAsync(table, partitionKey, range, pageSize, continuationToken, cancellationToken);
    }

    public Task EnsureTableAsync(string table, CancellationToken cancellationToken) => inner.EnsureTableAsync(table, cancellationToken);

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

    public Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken) => inner.InsertIfAbsentAsync(table, row, cancellationToken);

    public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken) =>
        inner.SubmitTransactionAsync(table, operations, cancellationToken);
}

/// <summary>Holds the first send at a gate until <see cref="Open"/>; later sends pass straight through.</summary>
public sealed class GatedQueueGateway(IQueueGateway inner) : QueueGatewayDecorator(inner)
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int sends;

    public Task Reached => reached.Task;

    public int Sends => Volatile.Read(ref sends);

    public void Open() => open.TrySetResult();

    public override async Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref sends) == 1)
        {
            reached.TrySetResult();
            await open.Task.WaitAsync(cancellationToken);
        }

        await base.SendAsync(queue, body, initialVisibilityDelay, cancellationToken);
    }
}

/// <summary>The real table gateway, running <paramref name="before"/> once, just before the first point read on <paramref name="table"/>.</summary>
public sealed class BeforeFirstReadTableGateway(ITableGateway inner, string table, Func<Task> before) : ITableGateway
{
    private int ran;

    public async Task<TableRow?> GetAsync(string table1, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        if (table1 == table && Interlocked.Exchange(ref ran, 1) == 0)
        {
            await before();
        }

        return await inner.GetAsync(table1, partitionKey, rowKey, cancellationToken);
    }

    public Task EnsureTableAsync(string table1, CancellationToken cancellationToken) => inner.EnsureTableAsync(table1, cancellationToken);

    public Task<TablePage> QueryPartitionAsync(string table1, string partitionKey, RowKeyRange? range, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        inner.QueryPartitionAsync(table1, partitionKey, range, pageSize, continuationToken, cancellationToken);

    public Task<bool> InsertIfAbsentAsync(string table1, TableRow row, CancellationToken cancellationToken) => inner.InsertIfAbsentAsync(table1, row, cancellationToken);

    public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table1, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken) =>
        inner.SubmitTransactionAsync(table1, operations, cancellationToken);
}
