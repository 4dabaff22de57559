using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class AdvanceCompensationTests
{
    private static readonly string PayoutId = ComplaintDecider.PayoutIdFor(Id);

    [Fact]
    public void A_refusal_makes_an_enrolled_venue_pay_the_claim_when_it_is_below_the_cap() =>
        Spec.Given(Story.At(Mall).Refused())
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.Refusal, at: Times.Answered.AddMinutes(1)))
            .Then(new ComplaintEvent.AdvanceCompensationRequested(
                PayoutId, Mall.Id, Claim, AdvanceCompensationTrigger.Refusal, Statutory: false, Times.Answered.AddMinutes(1)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.AwaitingPayout, s.Status);
                Assert.Equal(PayoutId, s.Payout!.PayoutId);
                Assert.Null(s.Payout.SettledAt);
            });

    [Fact]
    public void The_venue_pays_no_more_than_its_cap_when_the_claim_is_above_it()
    {
        var story = Story.At(Mall) with { Claim = BigClaim };
        Spec.Given(story.Refused())
            .When(RequestAdvanceCompensation())
            .Then(Events.AdvanceCompensationRequested(Mall.Id, MallCap));
    }

    [Fact]
    public void A_claim_exactly_at_the_cap_is_paid_in_full()
    {
        var story = Story.At(Mall) with { Claim = Cny(500m) };
        Spec.Given(story.Refused()).When(RequestAdvanceCompensation()).Then(Events.AdvanceCompensationRequested(Mall.Id, Cny(500m)));
    }

    [Fact]
    public void A_venue_enrolled_without_a_cap_pays_the_whole_claim()
    {
        var story = Story.At(Platform) with { Claim = Cny(25_000m), Category = Category.Pricing };
        Spec.Given(story.Refused()).When(RequestAdvanceCompensation()).Then(Events.AdvanceCompensationRequested(Platform.Id, Cny(25_000m)));
    }

    [Fact]
    public void A_missed_resolve_deadline_makes_an_enrolled_venue_pay() =>
        Spec.Given(Story.At(Mall).ResolveDeadlineMissed())
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline))
            .Then(Events.AdvanceCompensationRequested(Mall.Id, Claim, AdvanceCompensationTrigger.ResolveDeadline));

    [Fact]
    public void A_mediation_order_makes_an_enrolled_venue_pay() =>
        Spec.Given([.. Story.At(Mall).InMediation(), Events.MediationRecorded(MediationOutcome.ConsumerUpheld, ordered: true)])
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.MediationOrder))
            .Then(Events.AdvanceCompensationRequested(Mall.Id, Claim, AdvanceCompensationTrigger.MediationOrder));

    [Fact]
    public void The_refusal_trigger_needs_a_refusal() =>
        Spec.Given(Story.At(Mall).ResolveDeadlineMissed())
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.Refusal))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void The_deadline_trigger_needs_the_resolve_deadline_to_have_passed() =>
        Spec.Given(Story.At(Mall).AcknowledgeDeadlineMissed())
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void The_mediation_trigger_needs_an_order() =>
        Spec.Given([.. Story.At(Mall).InMediation(), Events.MediationRecorded(MediationOutcome.ConsumerUpheld, ordered: false)])
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.MediationOrder))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void No_trigger_applies_to_a_complaint_still_being_handled() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(RequestAdvanceCompensation()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_venue_that_has_not_enrolled_is_not_asked_to_pay() =>
        Spec.Given(Story.At(Market).Refused()).When(RequestAdvanceCompensation()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_category_outside_the_enrolment_is_not_covered() =>
        Spec.Given((Story.At(Mall) with { Category = Category.Pricing }).Refused())
            .When(RequestAdvanceCompensation())
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Without_a_venue_nobody_pays_first() =>
        Spec.Given(Story.Direct.Refused()).When(RequestAdvanceCompensation()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_cap_in_another_currency_does_not_cover_the_claim()
    {
        var usdCapped = Mall with
        {
            AdvanceCompensation = Mall.AdvanceCompensation with { CapPerComplaint = Money.Of(100m, "USD") },
        };
        Spec.Given(Story.At(usdCapped).Refused()).When(RequestAdvanceCompensation()).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void A_venue_that_cannot_name_the_merchant_pays_the_whole_claim_even_unenrolled()
    {
        var story = Story.At(Market) with { Merchant = AnonymousMerchant, Category = Category.Pricing };
        Spec.Given(story.Refused())
            .When(RequestAdvanceCompensation())
            .Then(Events.AdvanceCompensationRequested(Market.Id, Claim, statutory: true));
    }

    [Fact]
    public void Statutory_liability_ignores_the_cap()
    {
        var story = Story.At(Mall) with { Merchant = AnonymousMerchant, Claim = BigClaim };
        Spec.Given(story.Refused())
            .When(RequestAdvanceCompensation())
            .Then(Events.AdvanceCompensationRequested(Mall.Id, BigClaim, statutory: true));
    }

    [Fact]
    public void Statutory_liability_needs_a_venue()
    {
        var story = Story.Direct with { Merchant = AnonymousMerchant };
        Spec.Given(story.Refused()).When(RequestAdvanceCompensation()).ThenThrows(ViolationKind.Conflict);
    }

    [Theory]
    [MemberData(nameof(NotThePipeline))]
    public void Only_the_pipeline_requests_advance_compensation(Actor actor) =>
        Spec.Given(Story.At(Mall).Refused()).When(RequestAdvanceCompensation(by: actor)).ThenThrows(ViolationKind.Forbidden);

    public static TheoryData<Actor> NotThePipeline => new() { ConsumerActor, Op(Merchant), Op(Mall), RegulatorActor };

    [Fact]
    public void The_payout_id_is_derived_from_the_complaint_id()
    {
        Assert.Equal("c-0001-ac", ComplaintDecider.PayoutIdFor(new ComplaintId("c-0001")));
        Assert.NotEqual(ComplaintDecider.PayoutIdFor(Id), ComplaintDecider.PayoutIdFor(OtherId));
        Assert.NotEqual(ComplaintDecider.PayoutIdFor(Id), ComplaintDecider.RecoveryClaimIdFor(Id));
    }

    [Fact]
    public void A_second_request_changes_nothing() =>
        Spec.Given(Story.At(Mall).AwaitingPayout()).When(RequestAdvanceCompensation(at: Times.Answered.AddHours(1))).ThenNothing();

    [Fact]
    public void A_request_with_another_trigger_after_payment_changes_nothing() =>
        Spec.Given(Story.At(Mall).RecoveryOpened())
            .When(RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline))
            .ThenNothing();

    [Fact]
    public void Terms_for_a_complaint_not_yet_filed_are_none() =>
        Assert.Equal(AdvanceCompensationTerms.None, AdvanceCompensationTerms.For(Complaint.Initial));
}

public class PayoutTests
{
    private static readonly string PayoutId = ComplaintDecider.PayoutIdFor(Id);

    [Fact]
    public void The_payout_settles_once() =>
        Spec.Given(Story.At(Mall).AwaitingPayout())
            .When(SettlePayout(PayoutId, at: Times.Settled))
            .Then(new ComplaintEvent.PayoutSettled(PayoutId, Times.Settled))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Compensated, s.Status);
                Assert.Equal(Times.Settled, s.Payout!.SettledAt);
            });

    [Fact]
    public void Settling_the_same_payout_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Compensated()).When(SettlePayout(PayoutId, at: Times.Settled.AddHours(1))).ThenNothing();

    [Fact]
    public void A_redelivered_settlement_after_the_recovery_claim_changes_nothing() =>
        Spec.Given(Story.At(Mall).RecoveryOpened()).When(SettlePayout(PayoutId)).ThenNothing();

    [Fact]
    public void Settling_a_different_payout_is_a_conflict() =>
        Spec.Given(Story.At(Mall).AwaitingPayout()).When(SettlePayout("c-0001-ac-2")).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Settling_without_a_requested_payout_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Refused()).When(SettlePayout(PayoutId)).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Only_the_pipeline_settles_payouts() =>
        Spec.Given(Story.At(Mall).AwaitingPayout()).When(SettlePayout(PayoutId, by: Op(Mall))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void The_recovery_claim_is_opened_for_the_amount_paid_after_settlement()
    {
        var story = Story.At(Mall) with { Claim = BigClaim };
        Spec.Given(story.Compensated())
            .When(OpenRecoveryClaim(at: Times.Settled.AddMinutes(1)))
            .Then(new ComplaintEvent.RecoveryClaimOpened(
                ComplaintDecider.RecoveryClaimIdFor(Id), Mall.Id, Merchant.Id, MallCap, Times.RecoverBy, Times.Settled.AddMinutes(1)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.RecoveryOpened, s.Status);
                Assert.Equal(s.Payout!.Amount, s.Recovery!.Amount);
                Assert.True(s.Recovery.IsOpen);
                Assert.Equal((DeadlineKind.Recovery, Times.RecoverBy), s.CurrentDeadline);
            });
    }

    [Fact]
    public void A_recovery_claim_before_settlement_is_a_conflict() =>
        Spec.Given(Story.At(Mall).AwaitingPayout()).When(OpenRecoveryClaim()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_recovery_claim_without_any_payout_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Resolved()).When(OpenRecoveryClaim()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Opening_the_recovery_claim_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).RecoveryOpened()).When(OpenRecoveryClaim()).ThenNothing();
}
