using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// Brings a complaint's read models up to its current state (<see cref="Projector"/>), keeping the fingerprints of
/// what it wrote under their ETag. Idempotent and order-free: it always projects the state as stored now, so a repeat
/// or a late run writes nothing new. The orchestration's projection activity and the events stage (for a complaint
/// whose orchestration has ended) both run it.
/// </summary>
public sealed class ComplaintProjection(IComplaintStore complaints, IProjectionStore projections, Projector projector, ILogger<ComplaintProjection> logger)
{
    private const int MaxSaveAttempts = 8;

    /// <returns><c>false</c> when no complaint is stored under <paramref name="id"/> (nothing to show).</returns>
    public async Task<bool> ProjectAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
        {
            var record = await projections.GetAsync(id, cancellationToken);
            var stored = await complaints.GetAsync(id, cancellationToken);
            if (stored is null)
            {
                return false;
            }

            var written = await projector.ProjectAsync(stored.State, record?.Rows ?? new Dictionary<string, string>(), cancellationToken);
            if (record is not null && SameRows(record.Rows, written))
            {
                return true; // Nothing changed since the last projection: no write.
            }

            if (await projections.TrySaveAsync(new ProjectionRecord(id, written, record?.ETag), cancellationToken))
            {
                return true;
            }

            Log.ProjectionRace(logger, id.Value, attempt);
        }

        throw new InvalidOperationException($"The projection row of {id} kept moving; the work will be retried.");
    }

    private static bool SameRows(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
