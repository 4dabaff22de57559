namespace Complaints.Storage.Gateway;

/// <summary>
/// The narrow table API the stores are written against, implemented once on Azure.Data.Tables
/// (<see cref="AzureTableGateway"/>). It stays a seam for what it earns (docs/adr/0006): the stores read as domain
/// code, tests inject faults and races by decorating it, and the benchmark counts storage operations through it.
/// Property values are limited to <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="bool"/>,
/// <see cref="double"/>, <see cref="DateTimeOffset"/> and <see cref="Guid"/>; a string value holds at most
/// 32,000 characters (Table Storage's 64 KiB per property). Anything else throws <see cref="ArgumentException"/> naming
/// the property, and so does a property named PartitionKey, RowKey or Timestamp. A <c>null</c> value is not stored (the row reads back without that property), and a
/// <see cref="DateTimeOffset"/> reads back in UTC.
/// </summary>
public interface ITableGateway
{
    /// <summary>Creates the table if it does not exist yet.</summary>
    Task EnsureTableAsync(string table, CancellationToken cancellationToken);

    /// <summary>Point read; <c>null</c> when the row does not exist.</summary>
    Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken);

    /// <summary>
    /// One page of a partition, in row-key order, optionally limited to a row-key range.
    /// Pass the returned <see cref="TablePage.ContinuationToken"/> back to get the next page; <c>null</c> means done.
    /// </summary>
    Task<TablePage> QueryPartitionAsync(
        string table,
        string partitionKey,
        RowKeyRange? range,
        int pageSize,
        string? continuationToken,
        CancellationToken cancellationToken);

    /// <summary>Inserts the row; returns <c>false</c> (and changes nothing) when a row with the same keys exists.</summary>
    Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken);

    /// <summary>
    /// Submits up to 100 operations on one partition as one entity-group transaction: all of them happen or none.
    /// Returns the new ETag of each operation, in order (<c>null</c> for deletes).
    /// A <see cref="TableOperation.Replace"/> or <see cref="TableOperation.Upsert"/> must carry at least one non-null property
    /// (Azurite fails a transaction that replaces with an empty row); an empty one throws <see cref="ArgumentException"/>.
    /// Throws <see cref="StorageConflictException"/> when a guard fails: a stale or missing ETag (412),
    /// an insert over an existing row (409) or an update or delete of a missing row (404).
    /// </summary>
    Task<IReadOnlyList<string?>> SubmitTransactionAsync(
        string table,
        IReadOnlyList<TableOperation> operations,
        CancellationToken cancellationToken);
}

/// <summary>The narrow queue API the pipeline is written against. Message bodies travel Base64-encoded on the wire.</summary>
public interface IQueueGateway
{
    /// <summary>Creates the queue if it does not exist yet.</summary>
    Task EnsureQueueAsync(string queue, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a message that never expires, invisible for <paramref name="initialVisibilityDelay"/> when given
    /// (at most 7 days, the service's limit).
    /// </summary>
    Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken);

    /// <summary>Receives up to <paramref name="maxMessages"/> (1..32) messages, hidden for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        string queue,
        int maxMessages,
        TimeSpan visibilityTimeout,
        CancellationToken cancellationToken);

    /// <summary>Deletes a received message; returns <c>false</c> when it is gone or its pop receipt is stale.</summary>
    Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken);

    /// <summary>
    /// Changes how long a received message stays hidden (zero makes it visible now). Returns the new pop receipt,
    /// or <c>null</c> when the message is gone or its pop receipt is stale.
    /// </summary>
    Task<string?> UpdateVisibilityAsync(
        string queue,
        string messageId,
        string popReceipt,
        TimeSpan visibilityTimeout,
        CancellationToken cancellationToken);

    /// <summary>The service's approximate message count (for monitoring and benchmarks).</summary>
    Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>A table row: keys, properties and the ETag it was read with (<c>null</c> for a row not read from storage).</summary>
public sealed record TableRow(
    string PartitionKey,
    string RowKey,
    IReadOnlyDictionary<string, object?> Properties,
    string? ETag = null)
{
    /// <summary>
    /// The property as <typeparamref name="T"/>, or <c>default</c> when it is missing or of another type.
    /// An <see cref="int"/> widens to <see cref="long"/> or <see cref="double"/>: a whole-valued double such as 2.0
    /// can come back from storage as an Int32 (Azurite keeps no Edm.Double type for it).
    /// </summary>
    public T? Get<T>(string name)
    {
        if (!Properties.TryGetValue(name, out var value))
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return value switch
        {
            int i when target == typeof(double) => (T)(object)(double)i,
            int i when target == typeof(long) => (T)(object)(long)i,
            _ => default,
        };
    }

    public string? GetString(string name) => Properties.TryGetValue(name, out var value) ? value as string : null;
}

/// <summary>A row-key range: <see cref="From"/> inclusive, <see cref="To"/> exclusive; either end may be open.</summary>
public sealed record RowKeyRange(string? From, string? To)
{
    /// <summary>All row keys that start with <paramref name="prefix"/>.</summary>
    public static RowKeyRange Prefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return new RowKeyRange(prefix, prefix[..^1] + (char)(prefix[^1] + 1));
    }
}

public sealed record TablePage(IReadOnlyList<TableRow> Rows, string? ContinuationToken);

/// <summary>One operation of an entity-group transaction.</summary>
public abstract record TableOperation
{
    private TableOperation() { }

    public abstract string PartitionKey { get; }

    public abstract string RowKey { get; }

    /// <summary>Adds a row that must not exist (409 otherwise).</summary>
    public sealed record Insert(TableRow Row) : TableOperation
    {
        public override string PartitionKey => Row.PartitionKey;
        public override string RowKey => Row.RowKey;
    }

    /// <summary>Replaces a row whose current ETag is <paramref name="ETag"/> ("*" for any); 412 when it changed, 404 when missing.</summary>
    public sealed record Replace(TableRow Row, string ETag) : TableOperation
    {
        public override string PartitionKey => Row.PartitionKey;
        public override string RowKey => Row.RowKey;
    }

    /// <summary>Inserts or replaces a row without any guard.</summary>
    public sealed record Upsert(TableRow Row) : TableOperation
    {
        public override string PartitionKey => Row.PartitionKey;
        public override string RowKey => Row.RowKey;
    }

    /// <summary>Deletes a row whose current ETag is <paramref name="ETag"/> ("*" for any).</summary>
    public sealed record Delete(string Pk, string Rk, string ETag) : TableOperation
    {
        public override string PartitionKey => Pk;
        public override string RowKey => Rk;
    }
}

/// <summary>A received queue message. <see cref="Body"/> is the decoded text that was sent.</summary>
public sealed record QueueMessage(string Id, string PopReceipt, string Body, long DequeueCount, DateTimeOffset? InsertedOn);

/// <summary>A guarded table write lost: stale ETag (412), row exists (409) or row missing (404). Nothing was written.</summary>
public sealed class StorageConflictException : Exception
{
    public StorageConflictException(string message, int status, int? failedOperationIndex = null, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        FailedOperationIndex = failedOperationIndex;
    }

    public StorageConflictException() : this("Storage conflict.", 409) { }

    public StorageConflictException(string message) : this(message, 409) { }

    public StorageConflictException(string message, Exception inner) : this(message, 409, null, inner) { }

    /// <summary>HTTP status the service returned: 409, 412 or 404.</summary>
    public int Status { get; }

    /// <summary>Index of the failing operation within the transaction, when the service said.</summary>
    public int? FailedOperationIndex { get; }
}
