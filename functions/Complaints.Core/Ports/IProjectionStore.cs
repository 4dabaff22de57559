namespace Complaints.Core.Ports;

/// <summary>
/// Which read-model rows the projection last wrote for a complaint, as row key → content fingerprint, so that it
/// writes only what changed and deletes what no longer applies. <see cref="ETag"/> guards the next save.
/// </summary>
public sealed record ProjectionRecord(ComplaintId ComplaintId, IReadOnlyDictionary<string, string> Rows, string? ETag)
{
    public static ProjectionRecord New(ComplaintId id) => new(id, new Dictionary<string, string>(), null);
}

public interface IProjectionStore
{
    Task<ProjectionRecord?> GetAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>Saves; returns <c>false</c> when another process saved first (the ETag moved).</summary>
    Task<bool> TrySaveAsync(ProjectionRecord record, CancellationToken cancellationToken);
}
