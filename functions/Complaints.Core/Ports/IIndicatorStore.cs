using Complaints.Core.Indicators;

namespace Complaints.Core.Ports;

/// <summary>One cell's counts in one month, as the counters hold them.</summary>
public sealed record IndicatorCellCounts(DateOnly Month, IndicatorCell Cell, IndicatorCounts Counts);

/// <summary>
/// The per-slice counters (docs/adr/0012): kept by the projection, read by the trends and indicators APIs at a cost
/// that does not grow with the number of complaints.
/// </summary>
public interface IIndicatorStore
{
    /// <summary>
    /// Makes <paramref name="contribution"/> the complaint's counted contribution: its cell moves by the difference
    /// from the one counted before, and a repeat changes nothing (idempotent under redelivery and replay).
    /// </summary>
    Task ApplyAsync(IndicatorContribution contribution, CancellationToken cancellationToken);

    /// <summary>The cells of <paramref name="month"/> (only <paramref name="merchant"/>'s when given).</summary>
    Task<IReadOnlyList<IndicatorCellCounts>> ReadMonthAsync(DateOnly month, PartyId? merchant, CancellationToken cancellationToken);
}
