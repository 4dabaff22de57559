using Complaints.Core.Regions;

namespace Complaints.Core.Indicators;

/// <summary>
/// The finest slice the counters keep: one merchant's complaints of one category, through one venue (or none), in
/// the region the merchant had at filing. A complaint's cell never changes: every part of it is recorded at filing.
/// </summary>
public sealed record IndicatorCell(string? Region, Category Category, PartyId Merchant, PartyId? Venue)
{
    public static IndicatorCell Of(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return new IndicatorCell(complaint.Merchant.Region, complaint.Category, complaint.Merchant.Id, complaint.Venue?.Id);
    }
}

/// <summary>A complaint's current contribution to its cell in the month it was filed (UTC).</summary>
public sealed record IndicatorContribution(ComplaintId Complaint, DateOnly Month, IndicatorCell Cell, IndicatorCounts Counts)
{
    /// <returns><c>null</c> before the complaint is filed.</returns>
    public static IndicatorContribution? Of(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.Status == ComplaintStatus.None)
        {
            return null;
        }

        var filed = complaint.FiledAt.UtcDateTime;
        return new IndicatorContribution(complaint.Id, new DateOnly(filed.Year, filed.Month, 1), IndicatorCell.Of(complaint), IndicatorCounts.Of(complaint));
    }
}

/// <summary>Which cells a slice takes: every filter is optional; a region filter rolls up (<see cref="RegionCode.Contains"/>).</summary>
public sealed record SliceFilter(string? Region = null, Category? Category = null, PartyId? Merchant = null, PartyId? Venue = null)
{
    public bool Matches(IndicatorCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return (Region is null || RegionCode.Contains(Region, cell.Region))
            && (Category is null || cell.Category == Category)
            && (Merchant is null || cell.Merchant == Merchant)
            && (Venue is null || cell.Venue == Venue);
    }
}

/// <summary>
/// The indicators of a slice, computed from its counts by the one definition in docs/indicators.md. Below the
/// minimum count of complaints received, only counts are given: every rate, share, average and
/// percentile is <c>null</c>. A rate is also <c>null</c> when its denominator is zero.
/// </summary>
/// <remarks>The minimum count is given to <see cref="Of"/>.</remarks>
public sealed record IndicatorSet(
    int Received,
    bool BelowMinimum,
    int AcknowledgementsDue,
    int Acknowledged,
    int AcknowledgedOnTime,
    decimal? AcknowledgedOnTimeShare,
    int Withdrawn,
    int Resolved,
    int Closed,
    decimal? ResolvedShare,
    int? DaysToResolveMedian,
    int? DaysToResolveP90,
    int AdvanceCompensations,
    decimal AdvanceCompensationAmountCny,
    int Mediations,
    decimal? MediationRate,
    int Ratings,
    decimal? AverageRating,
    int Untimely,
    decimal? UntimelyShare)
{
    /// <summary>Neither withdrawn nor closed yet: the complaints whose figures may still change.</summary>
    public int Open => Received - Withdrawn - Closed;

    public static IndicatorSet Of(IndicatorCounts counts, int minimumCount)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var below = counts.Received < minimumCount;
        decimal? Share(int part, int whole) => below || whole <= 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
        return new IndicatorSet(
            counts.Received,
            below,
            counts.AcknowledgementsDue,
            counts.Acknowledged,
            counts.AcknowledgedOnTime,
            Share(counts.AcknowledgedOnTime, counts.AcknowledgementsDue),
            counts.Withdrawn,
            counts.Resolved,
            counts.Closed,
            Share(counts.Resolved, counts.Received - counts.Withdrawn),
            below ? null : counts.DaysToResolve.Percentile(50),
            below ? null : counts.DaysToResolve.Percentile(90),
            counts.AdvanceCompensations,
            counts.AdvanceCompensationFen / 100m,
            counts.Mediations,
            Share(counts.Mediations, counts.Received),
            counts.Ratings,
            below || counts.Ratings == 0 ? null : Math.Round((decimal)counts.RatingSum / counts.Ratings, 2, MidpointRounding.AwayFromZero),
            counts.Untimely,
            Share(counts.Untimely, counts.Received));
    }
}
