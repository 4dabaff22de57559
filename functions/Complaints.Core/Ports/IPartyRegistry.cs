
namespace Complaints.Core.Ports;

/// <summary>The role an API key carries.</summary>
public enum PartyRole
{
    Operator,
    Regulator,
}

/// <summary>A resolved API key: the party it is bound to and the role it carries.</summary>
public sealed record KeyHolder(PartyId Party, PartyRole Role);

/// <summary>The parties registry. Keys are stored only as SHA-256 hashes.</summary>
public interface IPartyRegistry
{
    Task<Party?> FindAsync(PartyId id, CancellationToken cancellationToken);

    /// <summary>Parties whose name or id contains <paramref name="query"/> (case-insensitive), up to <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Party>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<Party>> AllAsync(CancellationToken cancellationToken);

    /// <summary>The holder of the key with this SHA-256 hash (hex), or <c>null</c>.</summary>
    Task<KeyHolder?> FindKeyAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a party and the hashes of its keys.</summary>
    Task UpsertAsync(Party party, IReadOnlyCollection<string> keyHashes, CancellationToken cancellationToken);
}
