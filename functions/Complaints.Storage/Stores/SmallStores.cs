using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>Consumer contacts, one row per complaint in their own table.</summary>
public sealed class ContactStore(ITableGateway tables, StorageNames names) : IContactStore
{
    public Task PutAsync(ComplaintId id, ConsumerContact contact, CancellationToken cancellationToken) =>
        tables.SubmitTransactionAsync(
            names.ContactsTable,
            [new TableOperation.Upsert(new TableRow(id.Value, "contact", new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(contact) }))],
            cancellationToken);

    /// <summary>Stores the contact unless the complaint has one (recording a filing twice keeps the first).</summary>
    public Task<bool> AddAsync(ComplaintId id, ConsumerContact contact, CancellationToken cancellationToken) =>
        tables.InsertIfAbsentAsync(
            names.ContactsTable,
            new TableRow(id.Value, "contact", new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(contact) }),
            cancellationToken);

    public async Task<ConsumerContact?> GetAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.ContactsTable, id.Value, "contact", cancellationToken);
        return row is null ? null : StorageJson.Deserialize<ConsumerContact>(row.GetString("Json")!);
    }
}

/// <summary>The projection's fingerprints: table <c>projections</c>, partition = complaint id, one row.</summary>
public sealed class ProjectionStore(ITableGateway tables, StorageNames names) : IProjectionStore
{
    private const string RowKey = "fingerprints";

    public async Task<ProjectionRecord?> GetAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.ProjectionsTable, id.Value, RowKey, cancellationToken);
        return row is null
            ? null
            : new ProjectionRecord(id, StorageJson.Deserialize<Dictionary<string, string>>(row.GetString("Rows") ?? "{}"), row.ETag);
    }

    public async Task<bool> TrySaveAsync(ProjectionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var row = new TableRow(record.ComplaintId.Value, RowKey, new Dictionary<string, object?>
        {
            ["Rows"] = StorageJson.Serialize(record.Rows),
        });
        if (record.ETag is null)
        {
            return await tables.InsertIfAbsentAsync(names.ProjectionsTable, row, cancellationToken);
        }

        try
        {
            await tables.SubmitTransactionAsync(names.ProjectionsTable, [new TableOperation.Replace(row, record.ETag)], cancellationToken);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }
}

/// <summary>The payouts ledger: partition = venue, row = payout id. An insert conflict means "already paid".</summary>
public sealed class PayoutLedger(ITableGateway tables, StorageNames names) : IPayoutLedger
{
    public Task<bool> TryRecordAsync(PayoutEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return tables.InsertIfAbsentAsync(names.PayoutsTable, new TableRow(entry.Venue.Value, entry.PayoutId, new Dictionary<string, object?>
        {
            ["Json"] = StorageJson.Serialize(entry),
            ["PaidAt"] = entry.PaidAt,
        }), cancellationToken);
    }

    public async Task<PayoutEntry?> GetAsync(PartyId venue, string payoutId, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.PayoutsTable, venue.Value, payoutId, cancellationToken);
        return row is null ? null : StorageJson.Deserialize<PayoutEntry>(row.GetString("Json")!);
    }

    public async Task<IReadOnlyList<PayoutEntry>> ListAsync(PartyId venue, CancellationToken cancellationToken) =>
        (await PartitionReader.ReadAllAsync(tables, names.PayoutsTable, venue.Value, cancellationToken))
            .Select(r => StorageJson.Deserialize<PayoutEntry>(r.GetString("Json")!))
            .ToList();
}

/// <summary>Idempotency keys (stored hashed): the first body and complaint id win.</summary>
public sealed class IdempotencyStore(ITableGateway tables, StorageNames names) : IIdempotencyStore
{
    public async Task<IdempotencyRecord> ClaimAsync(string keyHash, IdempotencyRecord candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var row = new TableRow(keyHash, "key", new Dictionary<string, object?>
        {
            ["BodyHash"] = candidate.BodyHash,
            ["ComplaintId"] = candidate.Complaint.Value,
        });
        if (await tables.InsertIfAbsentAsync(names.IdempotencyTable, row, cancellationToken))
        {
            return candidate;
        }

        var existing = await tables.GetAsync(names.IdempotencyTable, keyHash, "key", cancellationToken)
            ?? throw new InvalidOperationException("The idempotency row vanished.");
        return new IdempotencyRecord(existing.GetString("BodyHash")!, new ComplaintId(existing.GetString("ComplaintId")!));
    }
}

/// <summary>Canonical disclosure records: partition = disclosure id.</summary>
public sealed class DisclosureStore(ITableGateway tables, StorageNames names) : IDisclosureStore
{
    public Task PutAsync(StoredDisclosure disclosure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disclosure);
        return tables.SubmitTransactionAsync(
            names.DisclosuresTable,
            [new TableOperation.Upsert(new TableRow(disclosure.Record.DisclosureId, "record", new Dictionary<string, object?>
            {
                ["Json"] = StorageJson.Serialize(disclosure.Record),
                ["ComplaintId"] = disclosure.Complaint.Value,
            }))],
            cancellationToken);
    }

    public async Task<StoredDisclosure?> GetAsync(string disclosureId, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.DisclosuresTable, disclosureId, "record", cancellationToken);
        return row is null
            ? null
            : new StoredDisclosure(StorageJson.Deserialize<DisclosureRecord>(row.GetString("Json")!), new ComplaintId(row.GetString("ComplaintId")!));
    }
}

/// <summary>The read-model tables the projection maintains.</summary>
public sealed class ReadModelStore(ITableGateway tables, StorageNames names) : IReadModelStore
{
    public Task UpsertAsync(ReadModelRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return tables.SubmitTransactionAsync(
            TableOf(row.Model),
            [new TableOperation.Upsert(new TableRow(row.Partition, row.Row, new Dictionary<string, object?> { ["Json"] = row.Json }))],
            cancellationToken);
    }

    public async Task DeleteAsync(ReadModel model, string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await tables.SubmitTransactionAsync(TableOf(model), [new TableOperation.Delete(partition, row, "*")], cancellationToken);
        }
        catch (StorageConflictException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }

    public async Task<Page<ReadModelRow>> QueryAsync(ReadModel model, string partition, int pageSize, string? cursor, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartitionAsync(TableOf(model), partition, null, pageSize, cursor, cancellationToken);
        return new Page<ReadModelRow>(
            [.. page.Rows.Select(r => new ReadModelRow(model, r.PartitionKey, r.RowKey, r.GetString("Json") ?? "{}"))],
            page.ContinuationToken);
    }

    private string TableOf(ReadModel model) => model switch
    {
        ReadModel.Inbox => names.InboxTable,
        ReadModel.RegulatorQueue => names.RegulatorQueueTable,
        ReadModel.Disclosures => names.DisclosureIndexTable,
        ReadModel.TrackRecords => names.TrackRecordsTable,
        ReadModel.RecoveryClaims or ReadModel.Payouts => names.OperatorListsTable,
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };
}

internal static class PartitionReader
{
    public static async Task<List<TableRow>> ReadAllAsync(ITableGateway tables, string table, string partition, CancellationToken cancellationToken)
    {
        var rows = new List<TableRow>();
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartitionAsync(table, partition, null, 1000, continuation, cancellationToken);
            rows.AddRange(page.Rows);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return rows;
    }
}
