using System.Globalization;
using Microsoft.Azure.Cosmos.Table;
using SdkStorageException = Microsoft.Azure.Cosmos.Table.StorageException;
using SdkTableOperation = Microsoft.Azure.Cosmos.Table.TableOperation;

namespace Complaints.Storage.Gateway.Legacy;

/// <summary>
/// <see cref="ITableGateway"/> on the legacy Microsoft.Azure.Cosmos.Table SDK (works against Azure Storage and Azurite).
/// See docs/adr/0001-two-layer-storage-on-legacy-sdks.md for why this SDK.
/// </summary>
public sealed class LegacyTableGateway : ITableGateway
{
    /// <summary>An entity-group transaction holds at most this many operations.</summary>
    public const int MaxTransactionOperations = 100;

    /// <summary>A query page holds at most this many rows (the service's limit).</summary>
    public const int MaxPageSize = 1000;

    private readonly CloudTableClient client;

    public LegacyTableGateway(string connectionString)
        : this(CloudStorageAccount.Parse(connectionString).CreateCloudTableClient())
    {
    }

    public LegacyTableGateway(CloudTableClient client) => this.client = client;

    public async Task EnsureTableAsync(string table, CancellationToken cancellationToken) =>
        await client.GetTableReference(table).CreateIfNotExistsAsync(null, null, cancellationToken);

    public async Task<TableRow?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var result = await client.GetTableReference(table).ExecuteAsync(
            SdkTableOperation.Retrieve<DynamicTableEntity>(partitionKey, rowKey), null, null, cancellationToken);
        return result.Result is DynamicTableEntity entity ? LegacyEntityMapper.ToRow(entity) : null;
    }

    public async Task<TablePage> QueryPartitionAsync(
        string table,
        string partitionKey,
        RowKeyRange? range,
        int pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);

        var query = new TableQuery<DynamicTableEntity>
        {
            FilterString = PartitionFilter(partitionKey, range),
            TakeCount = pageSize,
        };
        var segment = await client.GetTableReference(table).ExecuteQuerySegmentedAsync(
            query, LegacyContinuationToken.Deserialize(continuationToken), null, null, cancellationToken);
        var rows = segment.Results.Select(LegacyEntityMapper.ToRow).ToList();
        return new TablePage(rows, LegacyContinuationToken.Serialize(segment.ContinuationToken));
    }

    public async Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetTableReference(table).ExecuteAsync(
                SdkTableOperation.Insert(LegacyEntityMapper.ToEntity(row)), null, null, cancellationToken);
            return true;
        }
        catch (SdkStorageException e) when (e.RequestInformation?.HttpStatusCode == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(
        string table,
        IReadOnlyList<TableOperation> operations,
        CancellationToken cancellationToken)
    {
        var batch = ToBatch(operations);
        try
        {
            var results = await client.GetTableReference(table).ExecuteBatchAsync(batch, null, null, cancellationToken);
            return [.. operations.Select((operation, i) => operation is TableOperation.Delete ? null : results[i].Etag)];
        }
        catch (SdkStorageException e) when (e.RequestInformation?.HttpStatusCode is 404 or 409 or 412)
        {
            var status = e.RequestInformation.HttpStatusCode;
            var index = FailedOperationIndex(e.RequestInformation.ExtendedErrorInformation?.ErrorMessage);
            throw new StorageConflictException(
                $"Transaction on table '{table}' lost a guard (HTTP {status}, operation {index?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}); nothing was written.",
                status,
                index,
                e);
        }
    }

    private static TableBatchOperation ToBatch(IReadOnlyList<TableOperation> operations)
    {
        ArgumentOutOfRangeException.ThrowIfZero(operations.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(operations.Count, MaxTransactionOperations);
        var partitionKey = operations[0].PartitionKey;
        if (operations.Any(o => o.PartitionKey != partitionKey))
        {
            throw new ArgumentException("All operations of a transaction must target one partition.", nameof(operations));
        }

        var batch = new TableBatchOperation();
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case TableOperation.Insert insert:
                    batch.Insert(LegacyEntityMapper.ToEntity(insert.Row));
                    break;
                case TableOperation.Replace replace:
                    batch.Replace(NonEmpty(LegacyEntityMapper.ToEntity(replace.Row, replace.ETag)));
                    break;
                case TableOperation.Upsert upsert:
                    batch.InsertOrReplace(NonEmpty(LegacyEntityMapper.ToEntity(upsert.Row)));
                    break;
                case TableOperation.Delete delete:
                    batch.Delete(new DynamicTableEntity(delete.Pk, delete.Rk) { ETag = delete.ETag });
                    break;
                default:
                    throw new ArgumentException($"Unknown table operation {operation.GetType().Name}.", nameof(operations));
            }
        }

        return batch;
    }

    /// <summary>
    /// Azurite answers 400 or 500 to a transaction that replaces a row with one that has no properties (a PUT with an
    /// empty body), so the contract forbids it everywhere rather than let the local host and Azure differ.
    /// </summary>
    private static DynamicTableEntity NonEmpty(DynamicTableEntity entity) =>
        entity.Properties.Count > 0
            ? entity
            : throw new ArgumentException(
                $"Row '{entity.PartitionKey}'/'{entity.RowKey}' has no properties; a replace or upsert in a transaction needs at least one.",
                nameof(entity));

    /// <summary>The service prefixes a failed transaction's error message with the operation's index: "1:The update condition...".</summary>
    private static int? FailedOperationIndex(string? errorMessage)
    {
        var colon = errorMessage?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && int.TryParse(errorMessage.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    private static string PartitionFilter(string partitionKey, RowKeyRange? range)
    {
        var filter = TableQuery.GenerateFilterCondition("PartitionKey", QueryComparisons.Equal, partitionKey);
        if (range?.From is { } from)
        {
            filter = TableQuery.CombineFilters(
                filter, TableOperators.And, TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.GreaterThanOrEqual, from));
        }

        if (range?.To is { } to)
        {
            filter = TableQuery.CombineFilters(
                filter, TableOperators.And, TableQuery.GenerateFilterCondition("RowKey", QueryComparisons.LessThan, to));
        }

        return filter;
    }
}
