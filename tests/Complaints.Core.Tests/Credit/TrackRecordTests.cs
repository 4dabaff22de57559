using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Credit;

public class TrackRecordTests
{
    private static TrackRecord Of(ComplaintEvent[] history, Party party) => TrackRecord.Of(Complaint.Replay(history), party.Id);

    [Fact]
    public void A_party_the_complaint_does_not_name_gets_nothing()
    {
        Assert.Equal(TrackRecord.Empty, Of(Story.At(Mall).ClosedResolved(), OtherVenue));
        Assert.Equal(TrackRecord.Empty, Of(Story.At(Mall).ClosedResolved(), OtherMerchant));
        Assert.Equal(TrackRecord.Empty, TrackRecord.Of(Complaint.Initial, Merchant.Id));
    }

    [Fact]
    public void A_merchant_that_answers_directly_and_resolves_is_credited_for_it() =>
        Assert.Equal(
            TrackRecord.Empty with { Complaints = 1, AcknowledgementsDue = 1, AcknowledgedOnTime = 1, Closed = 1, ClosedWithRelief = 1, RatingCount = 1, RatingSum = 5 },
            Of([.. Story.Direct.ClosedResolved(), Events.Evaluated(5)], Merchant));

    [Fact]
    public void The_acknowledgement_counts_for_the_venue_that_is_first_responder()
    {
        var history = Story.At(Mall).ClosedResolved();
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, AcknowledgementsDue = 1, AcknowledgedOnTime = 1 }, Of(history, Mall));
        var merchant = Of(history, Merchant);
        Assert.Equal((1, 0, 0), (merchant.Complaints, merchant.AcknowledgementsDue, merchant.AcknowledgedOnTime));
    }

    [Fact]
    public void A_late_acknowledgement_is_due_but_not_on_time()
    {
        var history = Story.At(Mall).Assigned();
        var late = Times.AcknowledgeBy.AddHours(1);
        var record = Of([.. history, Events.Acknowledged(Mall.Id, late, timely: false)], Mall);
        Assert.Equal((1, 0), (record.AcknowledgementsDue, record.AcknowledgedOnTime));
        Assert.Equal(1, record.UntimelyResponses);
        Assert.True(Complaint.Replay([.. history, Events.Acknowledged(Mall.Id, late, timely: false)]).Untimely);
    }

    [Fact]
    public void A_mediation_the_merchant_wins_is_not_counted_as_relief()
    {
        var state = Complaint.Replay(Story.At(Mall).Assigned()) with
        {
            Status = ComplaintStatus.Closed,
            Outcome = ComplaintOutcome.Mediated,
            Mediation = new MediationInfo(MediationOutcome.MerchantUpheld, false, Times.AcknowledgeBy),
            ClosedAt = Times.AcknowledgeBy,
        };
        var record = TrackRecord.Of(state, Merchant.Id);
        Assert.Equal((1, 0, 0), (record.Closed, record.ClosedWithRelief, record.MediationsLost));
        var upheld = TrackRecord.Of(state with { Mediation = state.Mediation! with { Outcome = MediationOutcome.ConsumerUpheld } }, Merchant.Id);
        Assert.Equal((1, 1, 1), (upheld.Closed, upheld.ClosedWithRelief, upheld.MediationsLost));
    }

    [Fact]
    public void A_missed_acknowledge_deadline_counts_against_the_first_responder_only()
    {
        var history = Story.At(Mall).AcknowledgeDeadlineMissed();
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, AcknowledgementsDue = 1, UntimelyResponses = 1 }, Of(history, Mall));
        Assert.Equal(0, Of(history, Merchant).UntimelyResponses);
    }

    [Fact]
    public void A_missed_resolve_deadline_counts_against_the_merchant_not_the_venue()
    {
        var history = Story.At(Mall).ResolveDeadlineMissed();
        Assert.Equal(1, Of(history, Merchant).UntimelyResponses);
        Assert.Equal(0, Of(history, Mall).UntimelyResponses);
    }

    [Fact]
    public void A_refusal_counts_against_the_merchant()
    {
        var history = Story.At(Market).EscalatedAfterRefusal();
        Assert.Equal(1, Of(history, Merchant).Refusals);
        Assert.Equal(0, Of(history, Market).Refusals);
    }

    [Fact]
    public void An_advance_compensation_counts_against_the_merchant_as_unrecovered_until_recovered()
    {
        var closed = Story.At(Mall).ClosedAdvanceCompensated();
        var open = Of(closed, Merchant);
        Assert.Equal((1, 0, 1, 1, 1), (open.AdvanceCompensations, open.Recovered, open.Unrecovered, open.Closed, open.ClosedWithRelief));

        var recovered = Of([.. closed, Events.RecoverySettled(true)], Merchant);
        Assert.Equal((1, 1, 0), (recovered.AdvanceCompensations, recovered.Recovered, recovered.Unrecovered));

        var lost = Of([.. closed, Events.RecoverySettled(false)], Merchant);
        Assert.Equal((1, 0, 1), (lost.AdvanceCompensations, lost.Recovered, lost.Unrecovered));

        Assert.Equal(0, Of(closed, Mall).AdvanceCompensations);
    }

    [Fact]
    public void A_mediation_lost_counts_against_the_merchant()
    {
        Assert.Equal(1, Of(Story.At(Market).Mediated(MediationOutcome.ConsumerUpheld), Merchant).MediationsLost);
        Assert.Equal(0, Of(Story.At(Market).Mediated(MediationOutcome.NoAgreement), Merchant).MediationsLost);
        Assert.Equal(0, Of(Story.At(Market).Mediated(MediationOutcome.ConsumerUpheld), Market).MediationsLost);
    }

    [Fact]
    public void Ratings_count_for_the_merchant_only()
    {
        var history = (ComplaintEvent[])[.. Story.At(Mall).ClosedResolved(), Events.Evaluated(2)];
        Assert.Equal((1, 2), (Of(history, Merchant).RatingCount, Of(history, Merchant).RatingSum));
        Assert.Equal((0, 0), (Of(history, Mall).RatingCount, Of(history, Mall).RatingSum));
    }

    [Fact]
    public void A_withdrawn_complaint_is_counted_but_not_as_closed()
    {
        var record = Of(Story.At(Mall).Withdrawn(), Merchant);
        Assert.Equal((1, 0, 0), (record.Complaints, record.Closed, record.ClosedWithRelief));
    }

    [Fact]
    public void Records_add_up_field_by_field()
    {
        var a = TrackRecord.Empty with { Complaints = 1, Refusals = 1, RatingCount = 1, RatingSum = 4 };
        var b = TrackRecord.Empty with { Complaints = 2, UntimelyResponses = 3, RatingCount = 1, RatingSum = 2 };
        var expected = TrackRecord.Empty with { Complaints = 3, Refusals = 1, UntimelyResponses = 3, RatingCount = 2, RatingSum = 6 };
        Assert.Equal(expected, a + b);
        Assert.Equal(expected, TrackRecord.Add(a, b));
        Assert.Equal(expected, TrackRecord.Sum([a, b]));
        Assert.Equal(TrackRecord.Empty, TrackRecord.Sum([]));
    }
}

public class CreditPolicyTests
{
    private static readonly CreditOptions Options = new();

    private static TrackRecord Record(int complaints, int untimely = 0, int refusals = 0, int unrecovered = 0, int recovered = 0, int mediationsLost = 0) =>
        TrackRecord.Empty with
        {
            Complaints = complaints,
            UntimelyResponses = untimely,
            Refusals = refusals,
            AdvanceCompensations = unrecovered + recovered,
            Unrecovered = unrecovered,
            Recovered = recovered,
            MediationsLost = mediationsLost,
        };

    [Theory]
    [InlineData(100, 0, RiskTier.A)]
    [InlineData(100, 19, RiskTier.A)]
    [InlineData(100, 20, RiskTier.B)]
    [InlineData(100, 49, RiskTier.B)]
    [InlineData(100, 50, RiskTier.C)]
    [InlineData(100, 99, RiskTier.C)]
    [InlineData(100, 100, RiskTier.D)]
    public void The_tier_follows_the_score_thresholds(int complaints, int untimely, RiskTier tier) =>
        Assert.Equal(tier, CreditPolicy.Tier(Record(complaints, untimely), Options));

    [Fact]
    public void The_score_weighs_each_kind_of_failure()
    {
        // 1 untimely + 1 refusal + 1 recovered + 3 per unrecovered + 2 per mediation lost = 8 points over 40 complaints.
        var record = Record(40, untimely: 1, refusals: 1, recovered: 1, unrecovered: 1, mediationsLost: 1);
        Assert.Equal(8.0 / 40, CreditPolicy.Score(record, Options), 10);
    }

    [Fact]
    public void A_new_merchant_is_not_sunk_by_one_bad_complaint()
    {
        // One unrecovered advance compensation on one complaint: 3 points over the minimum denominator of 10.
        Assert.Equal(0.3, CreditPolicy.Score(Record(1, unrecovered: 1), Options), 10);
        Assert.Equal(RiskTier.B, CreditPolicy.Tier(Record(1, unrecovered: 1), Options));
    }

    [Fact]
    public void Statistics_are_withheld_below_the_minimum_count() =>
        Assert.Null(CreditPolicy.Statistics(Record(29), Options));

    [Fact]
    public void Statistics_are_shown_at_the_minimum_count()
    {
        var record = TrackRecord.Empty with
        {
            Complaints = 30,
            AcknowledgementsDue = 30,
            AcknowledgedOnTime = 27,
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
        Assert.Equal(RiskTier.A, stats.Tier);
        Assert.False(stats.ConsumerWarning);
    }

    [Fact]
    public void Without_ratings_or_due_acknowledgements_the_statistics_have_no_average_and_zero_shares()
    {
        var stats = CreditPolicy.Statistics(Record(30), Options)!;
        Assert.Null(stats.AverageRating);
        Assert.Equal(0, stats.ShareAcknowledgedOnTime);
        Assert.Equal(0, stats.ResolutionRate);
    }

    [Fact]
    public void Tier_d_puts_a_consumer_warning_on_the_feed()
    {
        var stats = CreditPolicy.Statistics(Record(30, untimely: 30), Options)!;
        Assert.Equal(RiskTier.D, stats.Tier);
        Assert.True(stats.ConsumerWarning);
    }

    [Fact]
    public void Tier_c_carries_no_warning()
    {
        var stats = CreditPolicy.Statistics(Record(30, untimely: 15), Options)!;
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

        // 10 refusals (1 point each) and 10 unrecovered advance compensations (3 each) over 30 complaints.
        Assert.Equal(RiskTier.D, stats.Tier);
    }
}
