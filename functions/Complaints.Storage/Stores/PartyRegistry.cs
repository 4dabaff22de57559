using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>
/// The parties registry: partition "party" holds one row per party, partition "key" one row per API key hash.
/// Parties and keys change rarely, so both are cached briefly (<see cref="CacheFor"/>): the party list as a whole,
/// and each key that was found. A party missing from the cached list is still looked up in storage, so a party
/// registered a moment ago by another process is found at once; an unknown key is never cached.
/// </summary>
public sealed class PartyRegistry(ITableGateway tables, StorageNames names, TimeProvider clock) : IPartyRegistry
{
    private const string PartyPartition = "party";
    private const string KeyPartition = "key";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset FoundAt, KeyHolder Holder)> _keys = new(StringComparer.Ordinal);
    private volatile Snapshot? _cache;

    public async Task<Party?> FindAsync(PartyId id, CancellationToken cancellationToken)
    {
        // An id that cannot be a table key was never stored; asking storage for it fails (Azurite answers 500 to a
        // '/' in a point read, after the SDK's retries), so it is simply not found.
        if (!CanBeRowKey(id.Value))
        {
            return null;
        }

        var cached = (await AllAsync(cancellationToken)).FirstOrDefault(p => p.Id == id);
        if (cached is not null)
        {
            return cached;
        }

        var row = await tables.GetAsync(names.PartiesTable, PartyPartition, id.Value, cancellationToken);
        return row is null ? null : StorageJson.Deserialize<Party>(row.GetString("Json")!);
    }

    /// <summary>Table keys exclude '/', '\\', '#', '?' and control characters, and hold at most 1 KiB.</summary>
    private static bool CanBeRowKey(string key) =>
        key.Length is > 0 and <= 512 && !key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>
    /// Parties whose name or id holds every word of <paramref name="query"/> (words split at white space, ideographic
    /// space included). Chinese has no spaces between words, so a word is matched anywhere in a name: <c>茶</c> finds
    /// <c>西湖龙井茶馆</c>, <c>龙井 茶馆</c> too. Both sides are compared in Unicode compatibility form (NFKC) and without
    /// case, so full-width <c>ＡＢＣ</c> finds <c>abc</c>.
    /// </summary>
    public async Task<IReadOnlyList<Party>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = await AllAsync(cancellationToken);
        var words = Fold(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. all.Where(p =>
            {
                if (words.Length == 0)
                {
                    return true;
                }

                var name = Fold(p.Name);
                var id = Fold(p.Id.Value);
                return words.All(w => name.Contains(w, StringComparison.Ordinal) || id.Contains(w, StringComparison.Ordinal));
            })
            .Take(limit)];
    }

    /// <summary>NFKC (full-width forms to their usual ones, the ideographic space to a space), then upper case, culture-free.</summary>
    private static string Fold(string text) => text.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();

    public async Task<IReadOnlyList<Party>> AllAsync(CancellationToken cancellationToken)
    {
        if (_cache is { } c && clock.GetUtcNow() - c.LoadedAt < CacheFor)
        {
            return c.Parties;
        }

        var rows = await PartitionReader.ReadAllAsync(tables, names.PartiesTable, PartyPartition, cancellationToken);
        var parties = rows.Select(r => StorageJson.Deserialize<Party>(r.GetString("Json")!)).ToList();
        _cache = new Snapshot(clock.GetUtcNow(), parties);
        return parties;
    }

    public async Task<KeyHolder?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_keys.TryGetValue(keyHash, out var known) && now - known.FoundAt < CacheFor)
        {
            return known.Holder;
        }

        var row = await tables.GetAsync(names.PartiesTable, KeyPartition, keyHash, cancellationToken);
        if (row is null)
        {
            _keys.TryRemove(keyHash, out _);
            return null;
        }

        var holder = new KeyHolder(new PartyId(row.GetString("PartyId")!), Enum.Parse<PartyRole>(row.GetString("Role")!));
        _keys[keyHash] = (now, holder);
        return holder;
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
        _keys.Clear();
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyList<Party> Parties);
}
