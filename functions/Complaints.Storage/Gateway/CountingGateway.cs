using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Storage.Gateway;

/// <summary>
/// Counts the storage calls a process makes, by kind (for benchmarks: storage operations per complaint). Off by
/// default; the local host turns it on with <c>Complaints:Storage:CountOperations=true</c>.
/// </summary>
public sealed class StorageOperationCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Adds one call of <paramref name="kind"/>, e.g. <c>table.get</c> or <c>queue.receive.empty</c>.</summary>
    public void Add(string kind, long count = 1) => _counts.AddOrUpdate(kind, count, (_, old) => old + count);

    /// <summary>The counts so far, by kind, in name order.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(_counts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}

/// <summary>An <see cref="ITableGateway"/> that counts each call, then hands it to the real one.</summary>
public sealed class CountingTableGateway(ITableGateway inner, StorageOperationCounts counts) : ITableGateway
{
    public Task EnsureTableAsync(string table, CancellationToken cancellationToken)
    {
        counts.Add("table.ensure");
        return inner.EnsureTableAsync(table, cancellationToken);
    }

    public Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        counts.Add("table.get");
        return inner.GetAsync(table, partitionKey, rowKey, cancellationToken);
    }

    public Task<TablePage> QueryPartitionAsync(string table, string partitionKey, RowKeyRange? range, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        counts.Add("table.query");
        return inner.QueryPartitionAsync(table, partitionKey, range, pageSize, continuationToken, cancellationToken);
    }

    public Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        counts.Add("table.insert");
        return inner.InsertIfAbsentAsync(table, row, cancellationToken);
    }

    public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        counts.Add(operations.Count == 1 ? "table.transaction.1" : "table.transaction.n");
        counts.Add("table.transaction.rows", operations.Count);
        return inner.SubmitTransactionAsync(table, operations, cancellationToken);
    }
}

/// <summary>An <see cref="IQueueGateway"/> that counts each call (empty receives apart), then hands it to the real one.</summary>
public sealed class CountingQueueGateway(IQueueGateway inner, StorageOperationCounts counts) : IQueueGateway
{
    public Task EnsureQueueAsync(string queue, CancellationToken cancellationToken)
    {
        counts.Add("queue.ensure");
        return inner.EnsureQueueAsync(queue, cancellationToken);
    }

    public Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        counts.Add(initialVisibilityDelay > TimeSpan.Zero ? "queue.send.delayed" : "queue.send");
        return inner.SendAsync(queue, body, initialVisibilityDelay, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var messages = await inner.ReceiveAsync(queue, maxMessages, visibilityTimeout, cancellationToken);
        counts.Add(messages.Count == 0 ? "queue.receive.empty" : "queue.receive");
        counts.Add("queue.receive.messages", messages.Count);
        return messages;
    }

    public Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        counts.Add("queue.delete");
        return inner.DeleteAsync(queue, messageId, popReceipt, cancellationToken);
    }

    public Task<string?> UpdateVisibilityAsync(string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        counts.Add("queue.update");
        return inner.UpdateVisibilityAsync(queue, messageId, popReceipt, visibilityTimeout, cancellationToken);
    }

    public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken)
    {
        counts.Add("queue.count");
        return inner.ApproximateCountAsync(queue, cancellationToken);
    }
}

public static class CountingGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered <see cref="ITableGateway"/> and <see cref="IQueueGateway"/> singletons in counting
    /// decorators and registers the shared <see cref="StorageOperationCounts"/>. Call after the gateway is registered.
    /// </summary>
    public static IServiceCollection AddStorageOperationCounting(this IServiceCollection services)
    {
        var counts = new StorageOperationCounts();
        services.AddSingleton(counts);
        Decorate<ITableGateway>(services, inner => new CountingTableGateway(inner, counts));
        Decorate<IQueueGateway>(services, inner => new CountingQueueGateway(inner, counts));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap) where T : class
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"Register {typeof(T).Name} before adding operation counting.");
        services.Remove(descriptor);
        services.AddSingleton(sp => wrap(descriptor.ImplementationInstance as T
            ?? (descriptor.ImplementationFactory?.Invoke(sp) as T)
            ?? (T)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!)));
    }
}
