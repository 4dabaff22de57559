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
            TrackRecord.Empty with
            {
                Complaints = 1, Assessed = 1, AcknowledgementsDue = 1, AcknowledgedOnTime = 1, ResolutionsDue = 1, ResolvedOnTime = 1,
                Closed = 1, ClosedWithRelief = 1, RatingCount = 1, RatingSum = 5,
            },
            Of([.. Story.Direct.ClosedResolved(), Events.Evaluated(5)], Merchant));

    [Fact]
    public void The_acknowledgement_counts_for_the_venue_that_is_first_responder()
    {
        var history = Story.At(Mall).ClosedResolved();
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, Assessed = 1, AcknowledgementsDue = 1, AcknowledgedOnTime = 1 }, Of(history, Mall));
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
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, Assessed = 1, AcknowledgementsDue = 1, UntimelyResponses = 1 }, Of(history, Mall));
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
    public void An_advance_compensation_counts_neither_recovered_nor_unrecovered_while_its_claim_is_open()
    {
        var record = Of(Story.At(Mall).ClosedAdvanceCompensated(), Merchant);
        Assert.Equal((1, 1, 0, 0, 0, 0m), (record.AdvanceCompensations, record.RecoveryClaimsOpen, record.Recovered, record.PartlyRecovered, record.Unrecovered, record.UnrecoveredShare));
        Assert.Equal((1, 1), (record.Closed, record.ClosedWithRelief));
        Assert.Equal(0, Of(Story.At(Mall).ClosedAdvanceCompensated(), Mall).AdvanceCompensations);
    }

    [Fact]
    public void A_recovery_claim_counts_as_it_really_ended()
    {
        var closed = Story.At(Mall).ClosedAdvanceCompensated(); // 300 CNY paid first
        var all = Of([.. closed, Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null, RecoveryEndReason.RepaidInFull)], Merchant);
        Assert.Equal((0, 1, 0, 0, 0m), (all.RecoveryClaimsOpen, all.Recovered, all.PartlyRecovered, all.Unrecovered, all.UnrecoveredShare));

        var part = Of([.. closed, Events.RecoveryEnded(RecoveryResult.PartlyRecovered, Cny(200m), Cny(100m))], Merchant);
        Assert.Equal((0, 0, 1, 0, 0.3333m), (part.RecoveryClaimsOpen, part.Recovered, part.PartlyRecovered, part.Unrecovered, part.UnrecoveredShare));

        var none = Of([.. closed, Events.RecoveryEnded(RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.DeadlinePassed)], Merchant);
        Assert.Equal((0, 0, 0, 1, 1m), (none.RecoveryClaimsOpen, none.Recovered, none.PartlyRecovered, none.Unrecovered, none.UnrecoveredShare));
    }

    [Fact]
    public void A_claim_settled_the_older_way_still_counts()
    {
        Assert.Equal(1, Of([.. Story.At(Mall).ClosedAdvanceCompensated(), Events.RecoverySettled(true)], Merchant).Recovered);
        var lost = Of([.. Story.At(Mall).ClosedAdvanceCompensated(), Events.RecoverySettled(false)], Merchant);
        Assert.Equal((1, 1m), (lost.Unrecovered, lost.UnrecoveredShare));
    }

    [Fact]
    public void A_late_resolution_is_due_but_not_on_time()
    {
        var record = Of(Story.At(Mall).ResolveDeadlineMissed(), Merchant);
        Assert.Equal((1, 1, 0, 1), (record.Assessed, record.ResolutionsDue, record.ResolvedOnTime, record.LateResolutions));
        var late = Of([.. Story.At(Mall).Acknowledged(), Events.Proposed(Merchant.Id, at: Times.ResolveBy.AddHours(1), timely: false)], Merchant);
        Assert.Equal((1, 0, 1), (late.ResolutionsDue, late.ResolvedOnTime, late.LateResolutions));
    }

    [Fact]
    public void A_complaint_still_within_its_deadlines_is_counted_but_not_assessed()
    {
        var acknowledged = Of(Story.At(Mall).Acknowledged(), Merchant);
        Assert.Equal((1, 0, 0), (acknowledged.Complaints, acknowledged.Assessed, acknowledged.ResolutionsDue));
        Assert.Equal(0, Of(Story.At(Mall).Assigned(), Mall).Assessed);
    }

    [Fact]
    public void A_refusal_the_regulator_upheld_is_marked_as_such()
    {
        var record = Of(Story.At(Market).Mediated(MediationOutcome.MerchantUpheld), Merchant);
        Assert.Equal((1, 1), (record.Refusals, record.RefusalsUpheld));
        Assert.Equal(0, Of(Story.At(Market).Mediated(MediationOutcome.ConsumerUpheld), Merchant).RefusalsUpheld);
    }

    [Fact]
    public void An_offer_accepted_in_mediation_is_relief()
    {
        var history = (ComplaintEvent[])[.. Story.At(Market).OfferedInMediation(), Events.Confirmed(), Events.Closed(ComplaintOutcome.ResolvedInMediation)];
        var record = Of(history, Merchant);
        Assert.Equal((1, 1, 0), (record.Closed, record.ClosedWithRelief, record.MediationsLost));
        var explained = (ComplaintEvent[])[.. Story.At(Market).OfferedInMediation(Remedy.Explanation), Events.Confirmed(), Events.Closed(ComplaintOutcome.ResolvedInMediation)];
        Assert.Equal((1, 0), (Of(explained, Merchant).Closed, Of(explained, Merchant).ClosedWithRelief));
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
    public void A_withdrawn_complaint_is_counted_and_nothing_else_about_it_is()
    {
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, Withdrawn = 1 }, Of(Story.At(Mall).Withdrawn(), Merchant));
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, Withdrawn = 1 }, Of(Story.At(Mall).Withdrawn(), Mall));
        var late = (ComplaintEvent[])[.. Story.Direct.Assigned(), Events.Acknowledged(Merchant.Id, Times.AcknowledgeBy.AddHours(1), timely: false), Events.Withdrawn()];
        Assert.Equal(TrackRecord.Empty with { Complaints = 1, Withdrawn = 1 }, Of(late, Merchant));
    }

    [Fact]
    public void Records_add_up_field_by_field()
    {
        var a = TrackRecord.Empty with { Complaints = 1, Refusals = 1, RatingCount = 1, RatingSum = 4, Assessed = 1, UnrecoveredShare = 0.25m, Withdrawn = 1 };
        var b = TrackRecord.Empty with { Complaints = 2, UntimelyResponses = 3, RatingCount = 1, RatingSum = 2, Assessed = 2, UnrecoveredShare = 0.5m, PartlyRecovered = 1 };
        var expected = TrackRecord.Empty with
        {
            Complaints = 3, Refusals = 1, UntimelyResponses = 3, RatingCount = 2, RatingSum = 6, Assessed = 3, UnrecoveredShare = 0.75m, Withdrawn = 1, PartlyRecovered = 1,
        };
        Assert.Equal(expected, a + b);
        Assert.Equal(expected, TrackRecord.Add(a, b));
        Assert.Equal(expected, TrackRecord.Sum([a, b]));
        Assert.Equal(TrackRecord.Empty, TrackRecord.Sum([]));
    }
}

