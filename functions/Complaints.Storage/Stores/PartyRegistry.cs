using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>
/// The parties registry: partition "party" holds one row per party, partition "key" one row per API key hash.
/// Parties change rarely, so the list is cached briefly; key lookups are point reads.
/// </summary>
public sealed class PartyRegistry(ITableGateway tables, StorageNames names, TimeProvider clock) : IPartyRegistry
{
    private const string PartyPartition = "party";
    private const string KeyPartition = "key";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (DateTimeOffset LoadedAt, IReadOnlyList<Party> Parties)? _cache;

    public async Task<Party?> FindAsync(PartyId id, CancellationToken cancellationToken)
    {
        // An id that cannot be a table key was never stored; asking storage for it fails (Azurite answers 500 to a
        // '/' in a point read, after the SDK's retries), so it is simply not found.
        if (!CanBeRowKey(id.Value))
        {
            return null;
        }

        var cached = _cache;
        if (cached is { } c && clock.GetUtcNow() - c.LoadedAt < CacheFor)
        {
            return c.Parties.FirstOrDefault(p => p.Id == id);
        }

        var row = await tables.GetAsync(names.PartiesTable, PartyPartition, id.Value, cancellationToken);
        return row is null ? null : StorageJson.Deserialize<Party>(row.GetString("Json")!);
    }

    /// <summary>Table keys exclude '/', '\\', '#', '?' and control characters, and hold at most 1 KiB.</summary>
    private static bool CanBeRowKey(string key) =>
        key.Length is > 0 and <= 512 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    public async Task<IReadOnlyList<Party>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        var q = query.Trim();
        return [.. all.Where(p => q.Length == 0
                || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                || p.Id.Value.Contains(q, StringComparison.OrdinalIgnoreCase))
            .Take(limit)];
    }

    public async Task<IReadOnlyList<Party>> AllAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } c && clock.GetUtcNow() - c.LoadedAt < CacheFor)
        {
            return c.Parties;
        }

        var rows = await PartitionReader.ReadAllAsync(tables, names.PartiesTable, PartyPartition, cancellationToken);
        var parties = rows.Select(r => StorageJson.Deserialize<Party>(r.GetString("Json")!)).ToList();
        _cache = (clock.GetUtcNow(), parties);
        return parties;
    }

    public async Task<KeyHolder?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.PartiesTable, KeyPartition, keyHash, cancellationToken);
        return row is null
            ? null
            : new KeyHolder(new PartyId(row.GetString("PartyId")!), Enum.Parse<PartyRole>(row.GetString("Role")!));
    }

    public async Task UpsertAsync(Party party, IReadOnlyCollection<string> keyHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(keyHashes);
        var role = party is Party.Regulator ? PartyRole.Regulator : PartyRole.Operator;
        await tables.SubmitTransactionAsync(
            names.PartiesTable,
            [new TableOperation.Upsert(new TableRow(PartyPartition, party.Id.Value, new Dictionary<string, object?> { ["Json"] = StorageJson.Serialize(party) }))],
            cancellationToken);
        if (keyHashes.Count > 0)
        {
            await tables.SubmitTransactionAsync(
                names.PartiesTable,
                [.. keyHashes.Select(h => (TableOperation)new TableOperation.Upsert(new TableRow(KeyPartition, h, new Dictionary<string, object?>
                {
                    ["PartyId"] = party.Id.Value,
                    ["Role"] = role.ToString(),
                })))],
                cancellationToken);
        }

        _cache = null;
    }
}
