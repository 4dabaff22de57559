using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class ResolutionTests
{
    [Fact]
    public void Merchant_proposes_a_refund_and_the_confirm_deadline_starts() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Refund, Claim, "Full refund to the original card.", Times.Answered))
            .Then(new ComplaintEvent.ResolutionProposed(
                Merchant.Id, Remedy.Refund, Claim, "Full refund to the original card.", Timely: true, Times.Answered.AddDays(7), Times.Answered))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.ResolutionProposed, s.Status);
                Assert.Equal((DeadlineKind.Confirm, Times.Answered.AddDays(7)), s.CurrentDeadline);
            });

    [Fact]
    public void First_responder_may_propose_for_the_merchant() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Mall), Remedy.Replace))
            .Then(Events.Proposed(Mall.Id, Remedy.Replace));

    [Fact]
    public void A_proposal_after_the_resolve_deadline_is_marked_late() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Explanation, at: Times.ResolveBy.AddMinutes(1)))
            .Then(Events.Proposed(Merchant.Id, Remedy.Explanation, at: Times.ResolveBy.AddMinutes(1), timely: false));

    [Fact]
    public void Operator_of_another_venue_cannot_propose() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(ProposeRefund(Op(OtherVenue))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Operator_of_another_merchant_cannot_refuse() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Refuse(Op(OtherMerchant))).ThenThrows(ViolationKind.Forbidden);

    [Theory]
    [MemberData(nameof(NotOperators))]
    public void Only_operators_of_the_named_parties_propose(Actor actor) =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(ProposeRefund(actor)).ThenThrows(ViolationKind.Forbidden);

    public static TheoryData<Actor> NotOperators => new() { ConsumerActor, OtherConsumer, RegulatorActor, SystemActor };

    [Fact]
    public void Proposing_before_acknowledgement_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Assigned()).When(ProposeRefund(Op(Merchant))).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Refusing_before_acknowledgement_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Refuse(Op(Merchant))).ThenThrows(ViolationKind.Conflict);

    [Theory]
    [InlineData(Remedy.Refund)]
    [InlineData(Remedy.Compensation)]
    public void A_monetary_remedy_needs_an_amount(Remedy remedy) =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Propose(Op(Merchant), remedy, amount: null)).ThenThrows(ViolationKind.Invalid);

    [Theory]
    [InlineData(Remedy.Repair)]
    [InlineData(Remedy.Replace)]
    [InlineData(Remedy.Explanation)]
    public void A_non_monetary_remedy_needs_no_amount(Remedy remedy) =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Propose(Op(Merchant), remedy, amount: null)).Then(Events.Proposed(Merchant.Id, remedy));

    [Fact]
    public void The_amount_must_be_in_the_claims_currency() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Refund, Money.Of(40m, "USD")))
            .ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Proposing_the_same_resolution_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Proposed(Remedy.Refund, Claim))
            .When(Propose(Op(Merchant), Remedy.Refund, Claim, at: Times.Answered.AddHours(5)))
            .ThenNothing();

    [Fact]
    public void A_different_proposal_while_one_is_pending_revises_it() =>
        Spec.Given(Story.At(Mall).Proposed(Remedy.Refund, Claim))
            .When(Propose(Op(Merchant), Remedy.Refund, Cny(100m), at: Times.Answered.AddHours(3)))
            .Then(Events.Revised(Merchant.Id, Remedy.Refund, Cny(100m), revision: 1, at: Times.Answered.AddHours(3)));

    [Fact]
    public void Refusing_a_complaint_with_a_pending_proposal_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Proposed()).When(Refuse(Op(Merchant))).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Merchant_refuses_with_a_reason() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Refuse(Op(Merchant), "Outside the return period.", Times.Answered))
            .Then(new ComplaintEvent.Refused(Merchant.Id, "Outside the return period.", Timely: true, Times.Answered))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Refused, s.Status);
                Assert.Null(s.CurrentDeadline);
            });

    [Fact]
    public void First_responder_may_refuse_for_the_merchant() =>
        Spec.Given(Story.At(Market).Acknowledged()).When(Refuse(Op(Market))).Then(Events.Refused(Market.Id));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_refusal_needs_a_reason(string reason) =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Refuse(Op(Merchant), reason)).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Refusing_again_with_the_same_reason_changes_nothing() =>
        Spec.Given(Story.At(Market).Refused()).When(Refuse(Op(Merchant), "The goods were used.")).ThenNothing();

    [Fact]
    public void Refusing_again_with_another_reason_is_a_conflict() =>
        Spec.Given(Story.At(Market).Refused()).When(Refuse(Op(Merchant), "Changed my mind.")).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_note_over_two_thousand_characters_is_invalid() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Explanation, note: new string('x', ComplaintDecider.MaxTextLength + 1)))
            .ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void A_note_of_exactly_two_thousand_characters_is_accepted() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Explanation, note: new string('x', ComplaintDecider.MaxTextLength)))
            .Then(events => Assert.IsType<ComplaintEvent.ResolutionProposed>(Assert.Single(events)));

    [Fact]
    public void A_refusal_reason_over_two_thousand_characters_is_invalid() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Refuse(Op(Merchant), new string('r', 2_001)))
            .ThenThrows(ViolationKind.Invalid);
}
