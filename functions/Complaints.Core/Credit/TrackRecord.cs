using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Complaints.Core.Credit;

/// <summary>
/// Risk tiers, best first. Tier D puts a consumer warning on the public feed. <see cref="Unrated"/>: too few assessed
/// complaints to rest a tier on (<see cref="CreditOptions.MinimumAssessedForTier"/>).
/// </summary>
public enum RiskTier
{
    A,
    B,
    C,
    D,

    /// <summary>Fewer assessed complaints than the evidence threshold: no tier, and no warning.</summary>
    Unrated,
}

/// <summary>
/// What complaints say about one party. Each complaint contributes one record (<see cref="Of"/>), computed from its
/// state alone, so storing a contribution per complaint and summing them is idempotent by construction.
/// </summary>
/// <param name="Complaints">Complaints naming the party, withdrawn ones included.</param>
/// <param name="AcknowledgementsDue">As first responder: acknowledgements made, or whose deadline passed.</param>
/// <param name="AcknowledgedOnTime">Of those, made by the deadline.</param>
/// <param name="UntimelyResponses">Deadlines missed that count against the party (acknowledge or resolve, answered late or not at all).</param>
/// <param name="Refusals">As merchant: complaints refused.</param>
/// <param name="Closed">As merchant: complaints closed, withdrawals not included.</param>
/// <param name="ClosedWithRelief">Of those, with monetary or non-monetary relief, advance compensation, a mediation the consumer won, or an offer accepted in mediation (other than an explanation).</param>
/// <param name="AdvanceCompensations">As merchant: complaints a venue paid first.</param>
/// <param name="Recovered">Of those, recovery claims that ended recovered in full.</param>
/// <param name="Unrecovered">Recovery claims that ended with nothing recovered.</param>
/// <param name="MediationsLost">As merchant: mediations that upheld the consumer.</param>
/// <param name="RatingCount">As merchant: consumer ratings.</param>
/// <param name="RatingSum">Their sum.</param>
/// <param name="Withdrawn">Complaints the consumer withdrew: counted here and nowhere else (neither resolution nor failure).</param>
/// <param name="Assessed">Complaints, not withdrawn, on which a duty of the party came due: the evidence a tier rests on.</param>
/// <param name="ResolutionsDue">As merchant: answers (proposal or refusal) made after acknowledgement, or whose resolve deadline passed.</param>
/// <param name="ResolvedOnTime">Of those, answered by the resolve deadline.</param>
/// <param name="RefusalsUpheld">Refusals the regulator later upheld for the merchant.</param>
/// <param name="PartlyRecovered">Recovery claims that ended with part of the amount recovered.</param>
/// <param name="RecoveryClaimsOpen">Advance compensations whose recovery has not ended yet (counted neither way).</param>
/// <param name="UnrecoveredShare">Over the ended recovery claims, the sum of each one's unrecovered share of its amount (0 to 1 each).</param>
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
    int RatingSum,
    int Withdrawn = 0,
    int Assessed = 0,
    int ResolutionsDue = 0,
    int ResolvedOnTime = 0,
    int RefusalsUpheld = 0,
    int PartlyRecovered = 0,
    int RecoveryClaimsOpen = 0,
    decimal UnrecoveredShare = 0m)
{
    public static TrackRecord Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Acknowledgements due that were late or never made.</summary>
    public int LateAcknowledgements => AcknowledgementsDue - AcknowledgedOnTime;

    /// <summary>Resolutions due that were late or never made.</summary>
    public int LateResolutions => ResolutionsDue - ResolvedOnTime;

    /// <summary>Recovery claims that have ended, however.</summary>
    public int RecoveryClaimsEnded => Recovered + PartlyRecovered + Unrecovered;

    /// <summary>The contribution of one complaint to <paramref name="party"/>'s record.</summary>
    public static TrackRecord Of(Complaint complaint, PartyId party)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.Status == ComplaintStatus.None || !complaint.NamedParties.Contains(party))
        {
            return Empty;
        }

        // A withdrawal is the consumer's choice: neither a resolution nor a failure of anyone's. It is counted, and
        // nothing else about the complaint is.
        if (complaint.Outcome == ComplaintOutcome.Withdrawn)
        {
            return Empty with { Complaints = 1, Withdrawn = 1 };
        }

        var isMerchant = complaint.Merchant.Id == party;
        var isResponder = complaint.FirstResponder == party;
        var acknowledgementDue = isResponder && (complaint.AcknowledgedAt is not null
            || complaint.MissedDeadlines.Any(m => m.Kind == DeadlineKind.Acknowledge));
        var resolveMissed = complaint.MissedDeadlines.Any(m => m.Kind == DeadlineKind.Resolve);
        var resolutionDue = isMerchant && (complaint.RefusedAt is not null || resolveMissed
            || (complaint.Resolution is not null && complaint.ResolveBy is not null));
        var advance = isMerchant && complaint.Payout is not null;
        var ending = advance ? complaint.Recovery?.Ending : null;
        var closed = isMerchant && complaint.Outcome is not null;
        var assessed = acknowledgementDue || resolutionDue
            || (isMerchant && (complaint.Resolution is not null || complaint.Mediation is not null || complaint.Payout is not null));
        return new TrackRecord(
            Complaints: 1,
            AcknowledgementsDue: acknowledgementDue ? 1 : 0,
            AcknowledgedOnTime: acknowledgementDue && complaint.AcknowledgedOnTime == true ? 1 : 0,
            UntimelyResponses: complaint.MissedDeadlines.Count(m => m.Responsible == party),
            Refusals: isMerchant && complaint.RefusedAt is not null ? 1 : 0,
            Closed: closed ? 1 : 0,
            ClosedWithRelief: closed && WithRelief(complaint) ? 1 : 0,
            AdvanceCompensations: advance ? 1 : 0,
            Recovered: ending?.Result == RecoveryResult.Recovered ? 1 : 0,
            Unrecovered: ending?.Result == RecoveryResult.Unrecovered ? 1 : 0,
            MediationsLost: isMerchant && complaint.Mediation?.Outcome == MediationOutcome.ConsumerUpheld ? 1 : 0,
            RatingCount: isMerchant && complaint.Evaluation is not null ? 1 : 0,
            RatingSum: isMerchant ? complaint.Evaluation?.Rating ?? 0 : 0,
            Withdrawn: 0,
            Assessed: assessed ? 1 : 0,
            ResolutionsDue: resolutionDue ? 1 : 0,
            ResolvedOnTime: resolutionDue && !resolveMissed ? 1 : 0,
            RefusalsUpheld: isMerchant && complaint.RefusedAt is not null && complaint.Mediation?.Outcome == MediationOutcome.MerchantUpheld ? 1 : 0,
            PartlyRecovered: ending?.Result == RecoveryResult.PartlyRecovered ? 1 : 0,
            RecoveryClaimsOpen: advance && ending is null ? 1 : 0,
            UnrecoveredShare: ending is null ? 0m : UnrecoveredShareOf(complaint.Recovery!));
    }

    private static bool WithRelief(Complaint c) => c.Outcome switch
    {
        ComplaintOutcome.MonetaryRelief or ComplaintOutcome.NonMonetaryRelief or ComplaintOutcome.AdvanceCompensated => true,
        ComplaintOutcome.Mediated => c.Mediation?.Outcome == MediationOutcome.ConsumerUpheld,
        ComplaintOutcome.ResolvedInMediation => c.Resolution?.Remedy is not Remedy.Explanation,
        _ => false,
    };

    /// <summary>The unrecovered part of an ended claim, 0 to 1, to four places (so that sums stay exact).</summary>
    private static decimal UnrecoveredShareOf(RecoveryInfo claim) =>
        claim.Ending?.Unrecovered is { } left ? Math.Round(left.Amount / claim.Amount.Amount, 4, MidpointRounding.ToEven) : 0m;

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
            left.RatingSum + right.RatingSum,
            left.Withdrawn + right.Withdrawn,
            left.Assessed + right.Assessed,
            left.ResolutionsDue + right.ResolutionsDue,
            left.ResolvedOnTime + right.ResolvedOnTime,
            left.RefusalsUpheld + right.RefusalsUpheld,
            left.PartlyRecovered + right.PartlyRecovered,
            left.RecoveryClaimsOpen + right.RecoveryClaimsOpen,
            left.UnrecoveredShare + right.UnrecoveredShare);
    }

    public static TrackRecord Add(TrackRecord left, TrackRecord right) => left + right;

    public static TrackRecord Sum(IEnumerable<TrackRecord> records) => records.Aggregate(Empty, Add);
}

/// <summary>Weights and thresholds for the risk tier (docs/domain-rules.md, "Credit tiers"). Bound from <c>Complaints:Credit</c>.</summary>
public sealed class CreditOptions
{
    public const string Section = "Complaints:Credit";

    /// <summary>Points per acknowledgement made late or not at all (as first responder).</summary>
    [Range(0, 100)] public double LateAcknowledgementWeight { get; set; } = 1;

    /// <summary>Points per resolution answered late or not at all (as merchant).</summary>
    [Range(0, 100)] public double LateResolutionWeight { get; set; } = 1;

    /// <summary>Points per refusal, unless the regulator upheld it.</summary>
    [Range(0, 100)] public double RefusalWeight { get; set; } = 1;

    /// <summary>Points per complaint a venue had to pay first.</summary>
    [Range(0, 100)] public double AdvanceCompensationWeight { get; set; } = 1;

    /// <summary>Further points per advance compensation not recovered, in proportion to the unrecovered share.</summary>
    [Range(0, 100)] public double UnrecoveredWeight { get; set; } = 2;

    /// <summary>Points per mediation the consumer won.</summary>
    [Range(0, 100)] public double MediationLostWeight { get; set; } = 2;

    /// <summary>Score (points per assessed complaint) at or above which a party is tier B, C and D.</summary>
    [Range(0, 1000)] public double TierB { get; set; } = 0.2;

    [Range(0, 1000)] public double TierC { get; set; } = 0.5;

    [Range(0, 1000)] public double TierD { get; set; } = 1.0;

    /// <summary>Public statistics are withheld below this many complaints (FOS uses 30).</summary>
    [Range(1, 100_000)] public int MinimumComplaintsForStatistics { get; set; } = 30;

    /// <summary>
    /// The evidence threshold: below this many assessed complaints a party is <see cref="RiskTier.Unrated"/> (no tier,
    /// no warning). The same 30 as the statistics by default.
    /// </summary>
    [Range(1, 100_000)] public int MinimumAssessedForTier { get; set; } = 30;
}

/// <summary>The factors a tier weighs, in the order they are shown.</summary>
public enum CreditFactorKind
{
    LateAcknowledgement,
    LateResolution,
    Refusal,
    AdvanceCompensation,
    Unrecovered,
    MediationLost,
}

/// <summary>One factor of a tier: <paramref name="Count"/> of <paramref name="OutOf"/>, times its weight, gives its points.</summary>
/// <param name="Kind">Which factor.</param>
/// <param name="Count">How many times it happened (for <see cref="CreditFactorKind.Unrecovered"/>: the sum of unrecovered shares).</param>
/// <param name="OutOf">How many times it could have (acknowledgements due, resolutions due, ended recovery claims, assessed complaints).</param>
/// <param name="Weight">Points per occurrence.</param>
/// <param name="Points">Count × weight: its part of the score's numerator.</param>
public sealed record CreditFactor(CreditFactorKind Kind, decimal Count, int OutOf, double Weight, double Points);

/// <summary>
/// A party's tier and the counts it rests on, as data: the score is the factors' points over the assessed complaints.
/// </summary>
/// <param name="Tier">A to D, or <see cref="RiskTier.Unrated"/> below the evidence threshold.</param>
/// <param name="ConsumerWarning">Rated D: a warning on the public feed.</param>
/// <param name="Score">Points per assessed complaint; <c>null</c> when unrated (no figure rests on too little evidence).</param>
/// <param name="Complaints">All complaints naming the party.</param>
/// <param name="Assessed">The evidence: complaints, not withdrawn, on which a duty of the party came due.</param>
/// <param name="Withdrawn">Withdrawn complaints (not assessed).</param>
/// <param name="Threshold">The evidence threshold used.</param>
/// <param name="Factors">Every factor, with its counts and points.</param>
/// <param name="Reasons">The same in words, one line per factor that weighed, plus the threshold when unrated.</param>
public sealed record CreditAssessment(
    RiskTier Tier,
    bool ConsumerWarning,
    double? Score,
    int Complaints,
    int Assessed,
    int Withdrawn,
    int Threshold,
    IReadOnlyList<CreditFactor> Factors,
    IReadOnlyList<string> Reasons)
{
    public bool Rated => Tier != RiskTier.Unrated;
}

/// <summary>Public per-party statistics.</summary>
/// <param name="Complaints">All complaints naming the party.</param>
/// <param name="ShareAcknowledgedOnTime">Of <paramref name="AcknowledgementsDue"/>; 0 when none is due (show it as not applicable).</param>
/// <param name="ResolutionRate">Closed with relief, of <paramref name="Closed"/>; 0 when none closed (show it as not applicable).</param>
/// <param name="AdvanceCompensations">Complaints a venue paid first.</param>
/// <param name="AverageRating">The consumers' average rating, if any.</param>
/// <param name="Tier">The tier, or unrated.</param>
/// <param name="ConsumerWarning">Rated D.</param>
/// <param name="AcknowledgementsDue">The share's denominator.</param>
/// <param name="Closed">The resolution rate's denominator: closed complaints, withdrawals not included.</param>
/// <param name="Assessment">The tier with the counts it rests on.</param>
public sealed record PartyStatistics(
    int Complaints,
    double ShareAcknowledgedOnTime,
    double ResolutionRate,
    int AdvanceCompensations,
    double? AverageRating,
    RiskTier Tier,
    bool ConsumerWarning,
    int AcknowledgementsDue,
    int Closed,
    CreditAssessment Assessment);

/// <summary>
/// The one credit model (docs/domain-rules.md, "Credit tiers"): points for each failure, each weighted, divided by
/// the assessed complaints; no tier below the evidence threshold.
/// </summary>
public static class CreditPolicy
{
    public static CreditAssessment Assess(TrackRecord record, CreditOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        CreditFactor Factor(CreditFactorKind kind, decimal count, int outOf, double weight) =>
            new(kind, count, outOf, weight, (double)Points(count, weight));

        CreditFactor[] factors =
        [
            Factor(CreditFactorKind.LateAcknowledgement, record.LateAcknowledgements, record.AcknowledgementsDue, options.LateAcknowledgementWeight),
            Factor(CreditFactorKind.LateResolution, record.LateResolutions, record.ResolutionsDue, options.LateResolutionWeight),
            Factor(CreditFactorKind.Refusal, record.Refusals - record.RefusalsUpheld, record.ResolutionsDue, options.RefusalWeight),
            Factor(CreditFactorKind.AdvanceCompensation, record.AdvanceCompensations, record.Assessed, options.AdvanceCompensationWeight),
            Factor(CreditFactorKind.Unrecovered, record.UnrecoveredShare, record.RecoveryClaimsEnded, options.UnrecoveredWeight),
            Factor(CreditFactorKind.MediationLost, record.MediationsLost, record.Assessed, options.MediationLostWeight),
        ];

        var threshold = options.MinimumAssessedForTier;
        var reasons = factors.Where(f => f.Count > 0).Select(Describe).ToList();
        if (record.Assessed < threshold)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"unrated: {record.Assessed} assessed complaints, fewer than the {threshold} a tier needs ({record.Withdrawn} withdrawn, not assessed)"));
            return new CreditAssessment(RiskTier.Unrated, false, null, record.Complaints, record.Assessed, record.Withdrawn, threshold, factors, reasons);
        }

        // Decimal, so that equal ratios give equal scores and a party better on every factor never scores higher.
        var score = factors.Sum(f => Points(f.Count, f.Weight)) / record.Assessed;
        var tier = score >= (decimal)options.TierD ? RiskTier.D
            : score >= (decimal)options.TierC ? RiskTier.C
            : score >= (decimal)options.TierB ? RiskTier.B
            : RiskTier.A;
        reasons.Add(string.Create(CultureInfo.InvariantCulture,
            $"score {score:0.###} points per assessed complaint over {record.Assessed} assessed: tier {tier} (B from {options.TierB}, C from {options.TierC}, D from {options.TierD})"));
        return new CreditAssessment(tier, tier == RiskTier.D, (double)Math.Round(score, 4), record.Complaints, record.Assessed, record.Withdrawn, threshold, factors, reasons);
    }

    /// <summary>The score, or <c>null</c> when the party is unrated.</summary>
    public static double? Score(TrackRecord record, CreditOptions options) => Assess(record, options).Score;

    public static RiskTier Tier(TrackRecord record, CreditOptions options) => Assess(record, options).Tier;

    /// <summary>The public statistics, or <c>null</c> below the minimum complaint count.</summary>
    public static PartyStatistics? Statistics(TrackRecord record, CreditOptions options)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(options);
        if (record.Complaints < options.MinimumComplaintsForStatistics)
        {
            return null;
        }

        var assessment = Assess(record, options);
        return new PartyStatistics(
            record.Complaints,
            Ratio(record.AcknowledgedOnTime, record.AcknowledgementsDue),
            Ratio(record.ClosedWithRelief, record.Closed),
            record.AdvanceCompensations,
            record.RatingCount == 0 ? null : Math.Round((double)record.RatingSum / record.RatingCount, 2),
            assessment.Tier,
            assessment.ConsumerWarning,
            record.AcknowledgementsDue,
            record.Closed,
            assessment);
    }

    private static decimal Points(decimal count, double weight) => count * (decimal)weight;

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string Describe(CreditFactor f)
    {
        var c = CultureInfo.InvariantCulture;
        return f.Kind switch
        {
            CreditFactorKind.LateAcknowledgement => string.Create(c, $"{f.Count} of {f.OutOf} acknowledgements due were late or missed (×{f.Weight})"),
            CreditFactorKind.LateResolution => string.Create(c, $"{f.Count} of {f.OutOf} resolutions due were late or missed (×{f.Weight})"),
            CreditFactorKind.Refusal => string.Create(c, $"{f.Count} refusals the regulator did not uphold, of {f.OutOf} answers due (×{f.Weight})"),
            CreditFactorKind.AdvanceCompensation => string.Create(c, $"{f.Count} complaints a venue had to pay first (×{f.Weight})"),
            CreditFactorKind.Unrecovered => string.Create(c, $"{f.Count:0.####} of {f.OutOf} ended recovery claims left unrecovered (×{f.Weight})"),
            _ => string.Create(c, $"{f.Count} mediations the consumer won (×{f.Weight})"),
        };
    }
}
