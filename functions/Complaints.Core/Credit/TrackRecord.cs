using System.ComponentModel.DataAnnotations;

namespace Complaints.Core.Credit;

/// <summary>Risk tiers, best first. Tier D puts a consumer warning on the public feed.</summary>
public enum RiskTier
{
    A,
    B,
    C,
    D,
}

/// <summary>
/// What complaints say about one party. Each complaint contributes one record (<see cref="Of"/>), computed from its
/// state alone, so storing a contribution per complaint and summing them is idempotent by construction.
/// </summary>
public sealed record TrackRecord(
    int Complaints,
    int AcknowledgementsDue,
    int AcknowledgedOnTime,
    int UntimelyResponses,
    int Refusals,
    int Closed,
    int ClosedWithRelief,
    int AdvanceCompensations,
    int Recovered,
    int Unrecovered,
    int MediationsLost,
    int RatingCount,
    int RatingSum)
{
    public static TrackRecord Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The contribution of one complaint to <paramref name="party"/>'s record.</summary>
    public static TrackRecord Of(Complaint complaint, PartyId party)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.Status == ComplaintStatus.None || !complaint.NamedParties.Contains(party))
        {
            return Empty;
        }

        var isMerchant = complaint.Merchant.Id == party;
        var isResponder = complaint.FirstResponder == party;
        var acknowledgementDue = isResponder && (complaint.AcknowledgedAt is not null
            || complaint.MissedDeadlines.Any(m => m.Kind == DeadlineKind.Acknowledge));
        var advance = isMerchant && complaint.Payout is not null;
        var closed = complaint.Outcome is not null && complaint.Outcome != ComplaintOutcome.Withdrawn;
        return new TrackRecord(
            Complaints: 1,
            AcknowledgementsDue: acknowledgementDue ? 1 : 0,
            AcknowledgedOnTime: isResponder && complaint.AcknowledgedOnTime == true ? 1 : 0,
            UntimelyResponses: complaint.MissedDeadlines.Count(m => m.Responsible == party),
            Refusals: isMerchant && complaint.RefusedAt is not null ? 1 : 0,
            Closed: isMerchant && closed ? 1 : 0,
            ClosedWithRelief: isMerchant && (complaint.Outcome is ComplaintOutcome.MonetaryRelief or ComplaintOutcome.NonMonetaryRelief
                or ComplaintOutcome.AdvanceCompensated
                || (complaint.Outcome == ComplaintOutcome.Mediated && complaint.Mediation?.Outcome == MediationOutcome.ConsumerUpheld)) ? 1 : 0,
            AdvanceCompensations: advance ? 1 : 0,
            Recovered: advance && complaint.Recovery?.Recovered == true ? 1 : 0,
            Unrecovered: advance && complaint.Recovery?.Recovered != true ? 1 : 0,
            MediationsLost: isMerchant && complaint.Mediation?.Outcome == MediationOutcome.ConsumerUpheld ? 1 : 0,
            RatingCount: isMerchant && complaint.Evaluation is not null ? 1 : 0,
            RatingSum: isMerchant ? complaint.Evaluation?.Rating ?? 0 : 0);
    }

    public static TrackRecord operator +(TrackRecord left, TrackRecord right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new TrackRecord(
            left.Complaints + right.Complaints,
            left.AcknowledgementsDue + right.AcknowledgementsDue,
            left.AcknowledgedOnTime + right.AcknowledgedOnTime,
            left.UntimelyResponses + right.UntimelyResponses,
            left.Refusals + right.Refusals,
            left.Closed + right.Closed,
            left.ClosedWithRelief + right.ClosedWithRelief,
            left.AdvanceCompensations + right.AdvanceCompensations,
            left.Recovered + right.Recovered,
            left.Unrecovered + right.Unrecovered,
            left.MediationsLost + right.MediationsLost,
            left.RatingCount + right.RatingCount,
            left.RatingSum + right.RatingSum);
    }

    public static TrackRecord Add(TrackRecord left, TrackRecord right) => left + right;

    public static TrackRecord Sum(IEnumerable<TrackRecord> records) => records.Aggregate(Empty, Add);
}

/// <summary>Weights and thresholds for the risk tier. Bound from <c>Complaints:Credit</c>.</summary>
public sealed class CreditOptions
{
    public const string Section = "Complaints:Credit";

    [Range(0, 100)] public double UntimelyWeight { get; set; } = 1;

    [Range(0, 100)] public double RefusalWeight { get; set; } = 1;

    [Range(0, 100)] public double RecoveredAdvanceCompensationWeight { get; set; } = 1;

    [Range(0, 100)] public double UnrecoveredAdvanceCompensationWeight { get; set; } = 3;

    [Range(0, 100)] public double MediationLostWeight { get; set; } = 2;

    /// <summary>Scores divide by at least this many complaints, so one bad complaint does not sink a new merchant.</summary>
    [Range(1, 100_000)] public int MinimumDenominator { get; set; } = 10;

    /// <summary>Score (weighted points per complaint) at or above which a party is tier B, C and D.</summary>
    [Range(0, 1000)] public double TierB { get; set; } = 0.2;

    [Range(0, 1000)] public double TierC { get; set; } = 0.5;

    [Range(0, 1000)] public double TierD { get; set; } = 1.0;

    /// <summary>Public statistics are withheld below this many complaints (FOS uses 30).</summary>
    [Range(1, 100_000)] public int MinimumComplaintsForStatistics { get; set; } = 30;
}

/// <summary>Public per-party statistics.</summary>
public sealed record PartyStatistics(
    int Complaints,
    double ShareAcknowledgedOnTime,
    double ResolutionRate,
    int AdvanceCompensations,
    double? AverageRating,
    RiskTier Tier,
    bool ConsumerWarning);

public static class CreditPolicy
{
    public static double Score(TrackRecord record, CreditOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        var points = (record.UntimelyResponses * options.UntimelyWeight)
            + (record.Refusals * options.RefusalWeight)
            + (record.Recovered * options.RecoveredAdvanceCompensationWeight)
            + (record.Unrecovered * options.UnrecoveredAdvanceCompensationWeight)
            + (record.MediationsLost * options.MediationLostWeight);
        return points / Math.Max(record.Complaints, options.MinimumDenominator);
    }

    public static RiskTier Tier(TrackRecord record, CreditOptions options)
    {
        var score = Score(record, options);
        return score >= options.TierD ? RiskTier.D
            : score >= options.TierC ? RiskTier.C
            : score >= options.TierB ? RiskTier.B
            : RiskTier.A;
    }

    /// <summary>The public statistics, or <c>null</c> below the minimum complaint count.</summary>
    public static PartyStatistics? Statistics(TrackRecord record, CreditOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        if (record.Complaints < options.MinimumComplaintsForStatistics)
        {
            return null;
        }

        var tier = Tier(record, options);
        return new PartyStatistics(
            record.Complaints,
            Ratio(record.AcknowledgedOnTime, record.AcknowledgementsDue),
            Ratio(record.ClosedWithRelief, record.Closed),
            record.AdvanceCompensations,
            record.RatingCount == 0 ? null : Math.Round((double)record.RatingSum / record.RatingCount, 2),
            tier,
            tier == RiskTier.D);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}
