using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Credit;

/// <summary>The one credit model of docs/domain-rules.md ("Credit tiers"), by example. The invariants are in Properties/CreditProperties.</summary>
public class CreditPolicyTests
{
    private static readonly CreditOptions Options = new();

    /// <summary><paramref name="assessed"/> complaints, each acknowledged and answered (so every factor has its opportunities).</summary>
    private static TrackRecord Record(
        int assessed,
        int lateAcknowledgements = 0,
        int lateResolutions = 0,
        int refusals = 0,
        int refusalsUpheld = 0,
        int advanceCompensations = 0,
        decimal unrecoveredShare = 0,
        int ended = 0,
        int mediationsLost = 0,
        int withdrawn = 0) =>
        TrackRecord.Empty with
        {
            Complaints = assessed + withdrawn,
            Withdrawn = withdrawn,
            Assessed = assessed,
            AcknowledgementsDue = assessed,
            AcknowledgedOnTime = assessed - lateAcknowledgements,
            ResolutionsDue = assessed,
            ResolvedOnTime = assessed - lateResolutions,
            UntimelyResponses = lateAcknowledgements + lateResolutions,
            Refusals = refusals,
            RefusalsUpheld = refusalsUpheld,
            AdvanceCompensations = advanceCompensations,
            Unrecovered = ended,
            RecoveryClaimsOpen = advanceCompensations - ended,
            UnrecoveredShare = unrecoveredShare,
            MediationsLost = mediationsLost,
        };

    [Theory]
    [InlineData(0, RiskTier.A)]
    [InlineData(19, RiskTier.A)]
    [InlineData(20, RiskTier.B)]
    [InlineData(49, RiskTier.B)]
    [InlineData(50, RiskTier.C)]
    [InlineData(99, RiskTier.C)]
    [InlineData(100, RiskTier.D)]
    public void The_tier_follows_the_score_thresholds(int lateAcknowledgements, RiskTier tier) =>
        Assert.Equal(tier, CreditPolicy.Tier(Record(100, lateAcknowledgements), Options));

    [Fact]
    public void The_score_is_the_weighted_failures_per_assessed_complaint()
    {
        // 1 late acknowledgement + 1 late resolution + 1 refusal + 1 advance compensation + 2 × 1 unrecovered + 2 × 1 mediation lost = 8 over 40.
        var record = Record(40, lateAcknowledgements: 1, lateResolutions: 1, refusals: 1, advanceCompensations: 1, unrecoveredShare: 1, ended: 1, mediationsLost: 1);
        Assert.Equal(0.2, CreditPolicy.Score(record, Options)!.Value, 10);
        Assert.Equal(RiskTier.B, CreditPolicy.Tier(record, Options));
    }

    [Fact]
    public void Late_acknowledgement_and_late_resolution_both_weigh()
    {
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(Record(30, lateAcknowledgements: 30), Options));
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(Record(30, lateResolutions: 30), Options));
        Assert.Equal(RiskTier.C, CreditPolicy.Tier(Record(30, lateAcknowledgements: 8, lateResolutions: 8), Options));
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(Record(30, lateAcknowledgements: 15, lateResolutions: 15), Options));
    }

    [Fact]
    public void A_refusal_the_regulator_upheld_does_not_weigh()
    {
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(Record(30, refusals: 30), Options));
        Assert.Equal(RiskTier.A, CreditPolicy.Tier(Record(30, refusals: 30, refusalsUpheld: 30), Options));
    }

    [Fact]
    public void An_open_recovery_claim_is_not_counted_as_unrecovered_and_a_partial_recovery_weighs_its_share()
    {
        // 10 advance compensations over 50: 10 points open (0.2, tier B); all ended unrecovered: 30 points (0.6, tier C); a third unrecovered on each: 16.67 points.
        Assert.Equal(0.2, CreditPolicy.Score(Record(50, advanceCompensations: 10), Options)!.Value, 10);
        Assert.Equal(RiskTier.C, CreditPolicy.Tier(Record(50, advanceCompensations: 10, unrecoveredShare: 10, ended: 10), Options));
        Assert.Equal(0.3333, CreditPolicy.Score(Record(50, advanceCompensations: 10, unrecoveredShare: 3.3333m, ended: 10), Options)!.Value, 4);
    }

    [Fact]
    public void Below_the_evidence_threshold_there_is_no_tier_no_score_and_no_warning()
    {
        var assessment = CreditPolicy.Assess(Record(29, lateAcknowledgements: 29, refusals: 29, advanceCompensations: 29, unrecoveredShare: 29, ended: 29), Options);
        Assert.Equal((RiskTier.Unrated, false, false, (double?)null), (assessment.Tier, assessment.Rated, assessment.ConsumerWarning, assessment.Score));
        Assert.Contains(assessment.Reasons, r => r.StartsWith("unrated: 29 assessed complaints, fewer than the 30", StringComparison.Ordinal));
    }

    [Fact]
    public void At_the_evidence_threshold_the_tier_is_given()
    {
        var assessment = CreditPolicy.Assess(Record(30, lateAcknowledgements: 30), Options);
        Assert.Equal((RiskTier.D, true, true, 1.0), (assessment.Tier, assessment.Rated, assessment.ConsumerWarning, assessment.Score));
    }

    [Fact]
    public void Withdrawn_complaints_are_not_evidence()
    {
        var record = Record(10, withdrawn: 55);
        Assert.Equal(RiskTier.Unrated, CreditPolicy.Tier(record, Options));
        Assert.Equal(55, CreditPolicy.Assess(record, Options).Withdrawn);
    }

    [Fact]
    public void The_evidence_threshold_is_configurable_apart_from_the_statistics_minimum()
    {
        var options = new CreditOptions { MinimumAssessedForTier = 5, MinimumComplaintsForStatistics = 50 };
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(Record(5, lateResolutions: 5), options));
        Assert.Equal(RiskTier.Unrated, CreditPolicy.Tier(Record(4, lateResolutions: 4), options));
        Assert.Null(CreditPolicy.Statistics(Record(49), options));
    }

    [Fact]
    public void Every_tier_comes_with_the_counts_that_produced_it()
    {
        var assessment = CreditPolicy.Assess(Record(40, lateAcknowledgements: 4, lateResolutions: 2, refusals: 3, refusalsUpheld: 1, advanceCompensations: 2, unrecoveredShare: 1.5m, ended: 2), Options);
        Assert.Equal(
            [
                new CreditFactor(CreditFactorKind.LateAcknowledgement, 4, 40, 1, 4),
                new CreditFactor(CreditFactorKind.LateResolution, 2, 40, 1, 2),
                new CreditFactor(CreditFactorKind.Refusal, 2, 40, 1, 2),
                new CreditFactor(CreditFactorKind.AdvanceCompensation, 2, 40, 1, 2),
                new CreditFactor(CreditFactorKind.Unrecovered, 1.5m, 2, 2, 3),
                new CreditFactor(CreditFactorKind.MediationLost, 0, 40, 2, 0),
            ],
            assessment.Factors);
        Assert.Equal((40, 40, 30), (assessment.Complaints, assessment.Assessed, assessment.Threshold));
        Assert.Equal(13.0 / 40, assessment.Score!.Value, 10);
        Assert.Equal(RiskTier.B, assessment.Tier);
        Assert.Equal(
            [
                "4 of 40 acknowledgements due were late or missed (×1)",
                "2 of 40 resolutions due were late or missed (×1)",
                "2 refusals the regulator did not uphold, of 40 answers due (×1)",
                "2 complaints a venue had to pay first (×1)",
                "1.5 of 2 ended recovery claims left unrecovered (×2)",
                "score 0.325 points per assessed complaint over 40 assessed: tier B (B from 0.2, C from 0.5, D from 1)",
            ],
            assessment.Reasons);
    }

    [Fact]
    public void Statistics_are_withheld_below_the_minimum_count() =>
        Assert.Null(CreditPolicy.Statistics(Record(29), Options));

    [Fact]
    public void Statistics_are_shown_at_the_minimum_count_with_the_assessment()
    {
        var record = TrackRecord.Empty with
        {
            Complaints = 30,
            Assessed = 30,
            AcknowledgementsDue = 30,
            AcknowledgedOnTime = 27,
            ResolutionsDue = 30,
            ResolvedOnTime = 30,
            UntimelyResponses = 3,
            Closed = 20,
            ClosedWithRelief = 15,
            AdvanceCompensations = 2,
            Recovered = 2,
            RatingCount = 3,
            RatingSum = 10,
        };
        var stats = CreditPolicy.Statistics(record, Options);
        Assert.NotNull(stats);
        Assert.Equal(30, stats.Complaints);
        Assert.Equal(0.9, stats.ShareAcknowledgedOnTime, 10);
        Assert.Equal(0.75, stats.ResolutionRate, 10);
        Assert.Equal(2, stats.AdvanceCompensations);
        Assert.Equal(3.33, stats.AverageRating);
        Assert.Equal(RiskTier.A, stats.Tier); // 3 late acknowledgements + 2 advance compensations = 5 points over 30: 0.17
        Assert.False(stats.ConsumerWarning);
        Assert.Equal(stats.Tier, stats.Assessment.Tier);
        Assert.Equal((30, 20), (stats.AcknowledgementsDue, stats.Closed));
    }

    [Fact]
    public void Statistics_over_the_minimum_count_can_still_be_unrated()
    {
        // 40 complaints, only 10 of them with a duty come due (and 20 withdrawn): shown, but no tier rests on 10.
        var record = Record(10, lateAcknowledgements: 10, withdrawn: 20) with { Complaints = 40 };
        var stats = CreditPolicy.Statistics(record, Options)!;
        Assert.Equal((RiskTier.Unrated, false), (stats.Tier, stats.ConsumerWarning));
    }

    [Fact]
    public void Tier_c_carries_no_warning()
    {
        var stats = CreditPolicy.Statistics(Record(30, lateAcknowledgements: 15), Options)!;
        Assert.Equal(RiskTier.C, stats.Tier);
        Assert.False(stats.ConsumerWarning);
    }

    [Fact]
    public void The_minimum_count_is_configurable()
    {
        var options = new CreditOptions { MinimumComplaintsForStatistics = 5 };
        Assert.NotNull(CreditPolicy.Statistics(Record(5), options));
        Assert.Null(CreditPolicy.Statistics(Record(4), options));
    }

    [Fact]
    public void Statistics_from_real_complaints_add_up()
    {
        var records = Enumerable.Range(0, 30).Select(i => TrackRecord.Of(
            Complaint.Replay(i % 3 == 0 ? Story.At(Mall).ClosedAdvanceCompensated() : Story.At(Mall).ClosedResolved()), Merchant.Id));
        var stats = CreditPolicy.Statistics(TrackRecord.Sum(records), Options)!;
        Assert.Equal(30, stats.Complaints);
        Assert.Equal(10, stats.AdvanceCompensations);
        Assert.Equal(1.0, stats.ResolutionRate, 10);

        // 10 refusals and 10 advance compensations (claims still open) over 30: 0.67, tier C.
        Assert.Equal(RiskTier.C, stats.Tier);
        Assert.Equal(20.0 / 30, stats.Assessment.Score!.Value, 4);
    }
}
