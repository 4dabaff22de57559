using Azure;
using Azure.Data.Tables;

namespace Complaints.Storage.Gateway;

/// <summary>
/// <see cref="ITableGateway"/> on Azure.Data.Tables. A storage fault that is not a lost guard surfaces as the SDK's
/// <see cref="RequestFailedException"/> (after the client's own retries); the hosts map it to 503.
/// </summary>
public sealed class AzureTableGateway : ITableGateway
{
    private const int MaxPageSize = 1000;
    private const int MaxTransactionSize = 100;
    private const int MaxStringLength = 32_000;

    // Keys TableEntity uses for system properties; they never appear in TableRow.Properties.
    private static readonly HashSet<string> SystemProperties =
        new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    private readonly TableServiceClient _service;

    public AzureTableGateway(TableServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
    }

    public async Task EnsureTableAsync(string table, CancellationToken cancellationToken) =>
        await _service.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);

    public async Task<TableRow?> GetAsync(
        string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> response = await _service.GetTableClient(table)
            .GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ToRow(response.Value!) : null;
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

        var filter = BuildFilter(partitionKey, range);
        var pages = _service.GetTableClient(table)
            .QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize);

        await foreach (var page in pages.ConfigureAwait(false))
        {
            var rows = page.Values.Select(ToRow).ToList();
            var next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            return new TablePage(rows, next);
        }

        return new TablePage([], null);
    }

    public async Task<bool> InsertIfAbsentAsync(string table, TableRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var entity = ToEntity(row);
        try
        {
            await _service.GetTableClient(table).AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(
        string table, IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count is 0 or > MaxTransactionSize)
        {
            throw new ArgumentException(
                $"A transaction holds 1 to {MaxTransactionSize} operations, not {operations.Count}.", nameof(operations));
        }

        if (operations.Any(o => o.PartitionKey != operations[0].PartitionKey))
        {
            throw new ArgumentException("All operations of a transaction must share one partition key.", nameof(operations));
        }

        var actions = operations.Select(ToAction).ToList();
        IReadOnlyList<Response> responses;
        try
        {
            var result = await _service.GetTableClient(table)
                .SubmitTransactionAsync(actions, cancellationToken)
                .ConfigureAwait(false);
            responses = result.Value;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404 && !IsMissingTable(ex))
        {
            // The SDK builds this exception from the first failed sub-response, so Status is 409/412/404 and
            // FailedTransactionActionIndex is the service's "n:" prefix when it gave one.
            int? index = ex.FailedTransactionActionIndex ?? (operations.Count == 1 ? 0 : null);
            throw new StorageConflictException(
                $"Transaction on table '{table}' lost a guard (HTTP {ex.Status}, operation {index?.ToString() ?? "unknown"}).",
                ex.Status,
                index,
                ex);
        }

        // Sub-responses come back in the order of the submitted actions; a delete carries no ETag.
        var etags = new string?[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            etags[i] = operations[i] is TableOperation.Delete || i >= responses.Count
                ? null
                : responses[i].Headers.ETag?.ToString();
        }

        return etags;
    }

    // A 404 for the table itself is a deployment fault, not a lost guard: it stays a RequestFailedException.
    private static bool IsMissingTable(RequestFailedException ex) =>
        ex.ErrorCode == "TableNotFound" || ex.Message.Contains("TableNotFound", StringComparison.Ordinal);

    private static string BuildFilter(string partitionKey, RowKeyRange? range)
    {
        // CreateQueryFilter quotes and escapes each interpolated value.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (range?.From is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {from}");
        }

        if (range?.To is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {to}");
        }

        return filter;
    }

    private static TableTransactionAction ToAction(TableOperation operation) => operation switch
    {
        TableOperation.Insert insert =>
            new TableTransactionAction(TableTransactionActionType.Add, ToEntity(insert.Row)),
        TableOperation.Replace replace =>
            new TableTransactionAction(TableTransactionActionType.UpdateReplace, NonEmpty(ToEntity(replace.Row)), ToETag(replace.ETag)),
        TableOperation.Upsert upsert =>
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, NonEmpty(ToEntity(upsert.Row))),
        TableOperation.Delete delete =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(delete.Pk, delete.Rk), ToETag(delete.ETag)),
        _ => throw new ArgumentException($"Unknown table operation {operation.GetType().Name}.", nameof(operation)),
    };

    /// <summary>
    /// The contract forbids a replace or upsert without properties inside a transaction (Azurite cannot process one),
    /// so that both gateways refuse the same input. A <see cref="TableEntity"/> counts its four system keys too.
    /// </summary>
    private static TableEntity NonEmpty(TableEntity entity) =>
        entity.Keys.Any(k => !SystemProperties.Contains(k) && k != "odata.etag")
            ? entity
            : throw new ArgumentException(
                $"Row '{entity.PartitionKey}'/'{entity.RowKey}' has no properties; a replace or upsert in a transaction needs at least one.",
                nameof(entity));

    private static ETag ToETag(string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return etag == "*" ? ETag.All : new ETag(etag);
    }

    private static TableEntity ToEntity(TableRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
        {
            if (SystemProperties.Contains(name))
            {
                throw new ArgumentException($"Property name '{name}' is reserved by Table Storage.", nameof(row));
            }

            switch (value)
            {
                case null:
                    continue; // Table Storage has no null: an absent property reads back as absent.
                case string s when s.Length > MaxStringLength:
                    throw new ArgumentException(
                        $"Property '{name}' holds {s.Length} characters; the limit is {MaxStringLength}.", nameof(row));
                case string or int or long or bool or double or DateTimeOffset or Guid:
                    entity[name] = value;
                    break;
                default:
                    throw new ArgumentException(
                        $"Property '{name}' has unsupported type {value.GetType().Name}.", nameof(row));
            }
        }

        return entity;
    }

    private static TableRow ToRow(TableEntity entity)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            if (SystemProperties.Contains(name))
            {
                continue;
            }

            // Current Azure.Data.Tables returns Edm.DateTime as DateTimeOffset; older releases returned a UTC DateTime.
            properties[name] = value is DateTime dateTime
                ? new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc))
                : value;
        }

        return new TableRow(entity.PartitionKey, entity.RowKey, properties, entity.ETag.ToString());
    }
}
