using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Complaints.Core.Indicators;

/// <summary>
/// Days to resolve as a histogram (whole days → complaints), so that slices add up and the median and 90th
/// percentile of any union of slices are exact. Days at or above <see cref="MaxDays"/> count as <see cref="MaxDays"/>.
/// </summary>
public sealed record DaysHistogram
{
    public const int MaxDays = 3650;

    public static DaysHistogram Empty { get; } = new(ImmutableSortedDictionary<int, int>.Empty);

    private DaysHistogram(ImmutableSortedDictionary<int, int> counts) => Counts = counts;

    /// <summary>Complaints by whole days to resolve; no zero entries.</summary>
    public ImmutableSortedDictionary<int, int> Counts { get; }

    public int Total => Counts.Values.Sum();

    public static DaysHistogram Of(int days) => Empty.Add(days, 1);

    public DaysHistogram Add(int days, int count)
    {
        var d = Math.Clamp(days, 0, MaxDays);
        var next = Counts.TryGetValue(d, out var had) ? had + count : count;
        return new DaysHistogram(next == 0 ? Counts.Remove(d) : Counts.SetItem(d, next));
    }

    public static DaysHistogram operator +(DaysHistogram left, DaysHistogram right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return right.Counts.Aggregate(left, (sum, p) => sum.Add(p.Key, p.Value));
    }

    public static DaysHistogram operator -(DaysHistogram left, DaysHistogram right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return right.Counts.Aggregate(left, (sum, p) => sum.Add(p.Key, -p.Value));
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest number of days d such that at least <paramref name="percent"/>% of
    /// the complaints took d days or fewer; <c>null</c> when empty.
    /// </summary>
    public int? Percentile(int percent)
    {
        var total = Total;
        if (total == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(total * percent / 100m);
        var seen = 0;
        foreach (var (days, count) in Counts)
        {
            seen += count;
            if (seen >= Math.Max(rank, 1))
            {
                return days;
            }
        }

        return Counts.Keys.Last();
    }

    /// <summary>Compact text for storage: <c>days:count</c> pairs separated by <c>;</c>, in day order.</summary>
    public string Encode() => string.Join(';', Counts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));

    public static DaysHistogram Decode(string? text)
    {
        var result = Empty;
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var pair in text.Split(';'))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            result = result.Add(
                int.Parse(pair.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture),
                int.Parse(pair.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return result;
    }

    public bool Equals(DaysHistogram? other) => other is not null && Encode() == other.Encode();

    public override int GetHashCode() => Encode().GetHashCode(StringComparison.Ordinal);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(Encode());
        return true;
    }
}

/// <summary>
/// The counts every indicator is computed from (docs/indicators.md), for one complaint or for any sum of them. Each
/// complaint contributes <see cref="Of"/>, computed from its state alone, so storing a complaint's contribution and
/// replacing it when it changes keeps any sum exact however often the projection runs.
/// </summary>
/// <param name="Received">Complaints filed.</param>
/// <param name="AcknowledgementsDue">Acknowledged, or whose acknowledge deadline passed.</param>
/// <param name="Acknowledged">Acknowledged by the first responder, on time or late.</param>
/// <param name="AcknowledgedOnTime">Acknowledged by the deadline.</param>
/// <param name="Withdrawn">Withdrawn by the consumer.</param>
/// <param name="Resolved">Closed with an outcome other than withdrawn or closed without relief.</param>
/// <param name="Closed">Closed with any outcome but withdrawn (resolved ones and those closed without relief).</param>
/// <param name="DaysToResolve">The resolved complaints' days from filing to closing (rounded up), as a histogram.</param>
/// <param name="AdvanceCompensations">Advance-compensation payouts settled.</param>
/// <param name="AdvanceCompensationFen">Their amount in CNY fen (payouts in other currencies are counted, not summed).</param>
/// <param name="Mediations">Complaints that went before the regulator for mediation (disputed, or escalated).</param>
/// <param name="Ratings">Consumer ratings given.</param>
/// <param name="RatingSum">Their sum (1 to 5 each).</param>
/// <param name="Untimely">Complaints with a missed acknowledge or resolve deadline.</param>
public sealed record IndicatorCounts(
    int Received,
    int AcknowledgementsDue,
    int Acknowledged,
    int AcknowledgedOnTime,
    int Withdrawn,
    int Resolved,
    int Closed,
    DaysHistogram DaysToResolve,
    int AdvanceCompensations,
    long AdvanceCompensationFen,
    int Mediations,
    int Ratings,
    int RatingSum,
    int Untimely)
{
    public static IndicatorCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, DaysHistogram.Empty, 0, 0, 0, 0, 0, 0);

    private static readonly ImmutableHashSet<ComplaintOutcome> ResolvingOutcomes =
    [
        ComplaintOutcome.MonetaryRelief, ComplaintOutcome.NonMonetaryRelief, ComplaintOutcome.Explanation,
        ComplaintOutcome.AdvanceCompensated, ComplaintOutcome.Mediated, ComplaintOutcome.ResolvedInMediation,
    ];

    /// <summary>One complaint's contribution, from its current state.</summary>
    public static IndicatorCounts Of(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.Status == ComplaintStatus.None)
        {
            return Zero;
        }

        var resolved = complaint.Outcome is { } outcome && ResolvingOutcomes.Contains(outcome) && complaint.ClosedAt is not null;
        var settled = complaint.Payout is { SettledAt: not null } payout ? payout : null;
        return new IndicatorCounts(
            Received: 1,
            AcknowledgementsDue: complaint.AcknowledgedAt is not null || complaint.MissedDeadlines.Any(m => m.Kind == DeadlineKind.Acknowledge) ? 1 : 0,
            Acknowledged: complaint.AcknowledgedAt is not null ? 1 : 0,
            AcknowledgedOnTime: complaint.AcknowledgedOnTime == true ? 1 : 0,
            Withdrawn: complaint.Outcome == ComplaintOutcome.Withdrawn ? 1 : 0,
            Resolved: resolved ? 1 : 0,
            Closed: complaint.Outcome is { } ended && ended != ComplaintOutcome.Withdrawn && complaint.ClosedAt is not null ? 1 : 0,
            DaysToResolve: resolved ? DaysHistogram.Of(ResolutionDays.Between(complaint.FiledAt, complaint.ClosedAt!.Value)) : DaysHistogram.Empty,
            AdvanceCompensations: settled is null ? 0 : 1,
            AdvanceCompensationFen: settled?.Amount is { Currency: "CNY" } cny ? (long)(cny.Amount * 100m) : 0,
            Mediations: complaint.MediationBy is not null ? 1 : 0,
            Ratings: complaint.Evaluation is null ? 0 : 1,
            RatingSum: complaint.Evaluation?.Rating ?? 0,
            Untimely: complaint.Untimely ? 1 : 0);
    }

    public static IndicatorCounts operator +(IndicatorCounts left, IndicatorCounts right) => Combine(left, right, 1);

    public static IndicatorCounts operator -(IndicatorCounts left, IndicatorCounts right) => Combine(left, right, -1);

    private static IndicatorCounts Combine(IndicatorCounts a, IndicatorCounts b, int sign)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new IndicatorCounts(
            a.Received + (sign * b.Received),
            a.AcknowledgementsDue + (sign * b.AcknowledgementsDue),
            a.Acknowledged + (sign * b.Acknowledged),
            a.AcknowledgedOnTime + (sign * b.AcknowledgedOnTime),
            a.Withdrawn + (sign * b.Withdrawn),
            a.Resolved + (sign * b.Resolved),
            a.Closed + (sign * b.Closed),
            sign > 0 ? a.DaysToResolve + b.DaysToResolve : a.DaysToResolve - b.DaysToResolve,
            a.AdvanceCompensations + (sign * b.AdvanceCompensations),
            a.AdvanceCompensationFen + (sign * b.AdvanceCompensationFen),
            a.Mediations + (sign * b.Mediations),
            a.Ratings + (sign * b.Ratings),
            a.RatingSum + (sign * b.RatingSum),
            a.Untimely + (sign * b.Untimely));
    }

    public static IndicatorCounts Sum(IEnumerable<IndicatorCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Aggregate(Zero, (sum, c) => sum + c);
    }
}

/// <summary>Days from filing to closing, rounded up: the disclosure's "days to resolve" and the indicators' alike.</summary>
public static class ResolutionDays
{
    public static int Between(DateTimeOffset filedAt, DateTimeOffset closedAt) => (int)Math.Ceiling(Math.Max(0, (closedAt - filedAt).TotalDays));
}
