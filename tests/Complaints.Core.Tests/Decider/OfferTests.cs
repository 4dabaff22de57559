using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>
/// Offers that can change: the merchant revises its proposal until the consumer answers, offers more than the claim
/// (flagged), and may still settle while the complaint is before the regulator.
/// </summary>
public class OfferTests
{
    private static readonly DateTimeOffset Revised = Times.Answered.AddDays(3);

    // Revisions

    [Fact]
    public void A_revision_is_an_event_and_restarts_the_confirm_deadline() =>
        Spec.Given(Story.At(Mall).Proposed(Remedy.Refund, Cny(100m)))
            .When(Propose(Op(Merchant), Remedy.Refund, Cny(250m), "Raised after your photos.", Revised))
            .Then(new ComplaintEvent.ResolutionRevised(Merchant.Id, Remedy.Refund, Cny(250m), "Raised after your photos.", ExceedsClaim: false, Revision: 1, Revised + Deadlines.Confirm, Revised))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.ResolutionProposed, s.Status);
                Assert.Equal(new ProposedResolution(Merchant.Id, Remedy.Refund, Cny(250m), "Raised after your photos.", Revised), s.Resolution);
                Assert.Equal((DeadlineKind.Confirm, Revised + Deadlines.Confirm), s.CurrentDeadline);
                Assert.Equal(2, s.Proposals);
            });

    [Fact]
    public void Revisions_are_numbered() =>
        Spec.Given([.. Story.At(Mall).Proposed(Remedy.Refund, Cny(100m)), Events.Revised(Merchant.Id, amount: Cny(150m))])
            .When(Propose(Op(Merchant), Remedy.Replace, at: Revised))
            .Then(e => Assert.Equal(2, Assert.IsType<ComplaintEvent.ResolutionRevised>(Assert.Single(e)).Revision));

    [Fact]
    public void The_first_responder_may_revise_for_the_merchant() =>
        Spec.Given(Story.At(Mall).Proposed()).When(Propose(Op(Mall), Remedy.Replace, at: Revised)).Then(Events.Revised(Mall.Id, Remedy.Replace, at: Revised));

    [Fact]
    public void A_revision_is_not_a_second_late_answer()
    {
        var late = (ComplaintEvent[])[.. Story.At(Mall).Acknowledged(), Events.Proposed(Merchant.Id, at: Times.ResolveBy.AddHours(1), timely: false)];
        Spec.Given(late)
            .When(Propose(Op(Merchant), Remedy.Replace, at: Times.ResolveBy.AddDays(1)))
            .ThenState(s => Assert.Single(s.MissedDeadlines));
    }

    [Fact]
    public void The_consumer_confirms_the_revised_offer_and_it_decides_the_outcome() =>
        Spec.Given([.. Story.At(Mall).Proposed(Remedy.Explanation), Events.Revised(Merchant.Id, Remedy.Refund, Cny(200m)), Events.Confirmed(at: Revised.AddHours(1))])
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.MonetaryRelief));

    [Fact]
    public void An_offer_can_be_revised_a_limited_number_of_times()
    {
        var history = new List<ComplaintEvent>(Story.At(Mall).Proposed(Remedy.Refund, Cny(1m)));
        for (var i = 1; i < ComplaintDecider.MaxProposals; i++)
        {
            history.Add(Events.Revised(Merchant.Id, amount: Cny(1m + i), revision: i));
        }

        Spec.Given([.. history]).When(Propose(Op(Merchant), Remedy.Refund, Cny(99m), at: Revised)).ThenThrows(ViolationKind.Conflict);
        Spec.Given([.. history[..^1]]).When(Propose(Op(Merchant), Remedy.Refund, Cny(99m), at: Revised)).Then(e => Assert.Single(e));
    }

    [Fact]
    public void After_the_consumer_answered_there_is_nothing_to_revise()
    {
        Spec.Given(Story.At(Mall).Resolved()).When(Propose(Op(Merchant), Remedy.Replace)).ThenThrows(ViolationKind.Conflict);
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Propose(Op(Merchant), Remedy.Replace)).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void Another_venue_cannot_revise() =>
        Spec.Given(Story.At(Mall).Proposed()).When(Propose(Op(OtherVenue), Remedy.Replace)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void A_revision_is_validated_like_a_proposal()
    {
        var given = Spec.Given(Story.At(Mall).Proposed());
        Assert.Equal("amount", given.When(Propose(Op(Merchant), Remedy.Compensation, amount: null)).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("amount.currency", given.When(Propose(Op(Merchant), Remedy.Refund, Money.Of(5m, "USD"))).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("note", given.When(Propose(Op(Merchant), Remedy.Replace, note: new string('n', ComplaintDecider.MaxTextLength + 1))).ThenThrows(ViolationKind.Invalid).Field);
    }

    // More than the claim

    [Fact]
    public void A_proposal_above_the_claim_is_accepted_and_flagged() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Compensation, Cny(300.01m)))
            .Then(e => Assert.True(Assert.IsType<ComplaintEvent.ResolutionProposed>(Assert.Single(e)).ExceedsClaim))
            .ThenState(s => Assert.True(s.Resolution!.ExceedsClaim));

    [Fact]
    public void A_proposal_of_exactly_the_claim_is_not_flagged() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Propose(Op(Merchant), Remedy.Refund, Claim))
            .Then(e => Assert.False(Assert.IsType<ComplaintEvent.ResolutionProposed>(Assert.Single(e)).ExceedsClaim));

    [Fact]
    public void A_revision_and_an_offer_in_mediation_above_the_claim_are_flagged_too()
    {
        Spec.Given(Story.At(Mall).Proposed())
            .When(Propose(Op(Merchant), Remedy.Refund, Cny(400m), at: Revised))
            .Then(e => Assert.True(Assert.IsType<ComplaintEvent.ResolutionRevised>(Assert.Single(e)).ExceedsClaim));
        Spec.Given(Story.At(Market).EscalatedAfterRefusal())
            .When(Propose(Op(Merchant), Remedy.Compensation, Cny(301m), at: Revised))
            .Then(e => Assert.True(Assert.IsType<ComplaintEvent.ResolutionProposedInMediation>(Assert.Single(e)).ExceedsClaim));
    }

    // Settling before the regulator

    [Fact]
    public void Escalated_after_a_refusal_the_merchant_may_still_propose_and_the_mediation_deadline_runs_on()
    {
        var escalated = Spec.Given(Story.At(Market).EscalatedAfterRefusal()).State;
        Spec.Given(Story.At(Market).EscalatedAfterRefusal())
            .When(Propose(Op(Merchant), Remedy.Refund, Claim, "Refund after all.", Revised))
            .Then(new ComplaintEvent.ResolutionProposedInMediation(Merchant.Id, Remedy.Refund, Claim, "Refund after all.", ExceedsClaim: false, Revised))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Escalated, s.Status);
                Assert.Equal(escalated.CurrentDeadline, s.CurrentDeadline);
                Assert.True(s.Resolution!.OpenInMediation);
            });
    }

    [Fact]
    public void In_mediation_after_a_dispute_the_merchant_may_make_a_new_offer() =>
        Spec.Given(Story.At(Mall).InMediation())
            .When(Propose(Op(Merchant), Remedy.Refund, Claim, at: Revised))
            .Then(Events.ProposedInMediation(Merchant.Id, Remedy.Refund, Claim, at: Revised))
            .ThenState(s => Assert.Equal(ComplaintStatus.InMediation, s.Status));

    [Fact]
    public void Escalated_for_a_missed_acknowledgement_the_merchant_may_still_settle() =>
        Spec.Given(Story.Direct.AcknowledgeDeadlineMissed())
            .When(Propose(Op(Merchant), Remedy.Replace, at: Revised))
            .Then(Events.ProposedInMediation(Merchant.Id, Remedy.Replace, at: Revised));

    [Fact]
    public void The_consumer_accepts_an_offer_in_mediation_and_the_complaint_closes_resolved_in_mediation()
    {
        var accepted = Spec.Given(Story.At(Market).OfferedInMediation())
            .When(Confirm(at: Revised))
            .Then(new ComplaintEvent.Confirmed(false, Revised))
            .ThenState(s => Assert.Equal(ComplaintStatus.Resolved, s.Status))
            .After;
        Assert.Null(accepted.CurrentDeadline);
        Spec.Given([.. Story.At(Market).OfferedInMediation(), Events.Confirmed(at: Revised)])
            .When(Close(at: Revised.AddMinutes(1)))
            .Then(Events.Closed(ComplaintOutcome.ResolvedInMediation, Revised.AddMinutes(1)));
    }

    [Fact]
    public void The_regulator_sees_a_settlement_in_mediation_in_the_public_record()
    {
        var closed = Complaint.Replay([.. Story.At(Market).OfferedInMediation(), Events.Confirmed(at: Revised), Events.Closed(ComplaintOutcome.ResolvedInMediation, Revised)]);
        var record = DisclosureBuilder.Build(closed, "pub-1", null, null);
        Assert.Equal((ComplaintOutcome.ResolvedInMediation, HandlingRoute.RegulatorMediation, Payer.Merchant), (record.Outcome, record.HowHandled, record.PaidBy));

        var repaired = Complaint.Replay([.. Story.At(Market).OfferedInMediation(Remedy.Repair), Events.Confirmed(at: Revised), Events.Closed(ComplaintOutcome.ResolvedInMediation, Revised)]);
        Assert.Equal(Payer.None, DisclosureBuilder.Build(repaired, "pub-2", null, null).PaidBy);
    }

    [Fact]
    public void The_consumer_declines_an_offer_in_mediation_and_mediation_goes_on() =>
        Spec.Given(Story.At(Market).OfferedInMediation())
            .When(Dispute(reason: "Still too little.", at: Revised))
            .Then(new ComplaintEvent.ProposalDeclined("Still too little.", Revised))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Escalated, s.Status);
                Assert.True(s.Resolution!.Declined);
                Assert.Equal(DeadlineKind.Mediation, s.CurrentDeadline?.Kind);
            });

    [Fact]
    public void A_declined_offer_cannot_be_accepted_and_declining_again_changes_nothing()
    {
        var declined = (ComplaintEvent[])[.. Story.At(Market).OfferedInMediation(), Events.Declined()];
        Spec.Given(declined).When(Confirm()).ThenThrows(ViolationKind.Conflict);
        Spec.Given(declined).When(Dispute(reason: "No.")).ThenNothing();
    }

    [Fact]
    public void After_a_decline_the_merchant_may_offer_again_and_that_offer_can_be_accepted()
    {
        var again = (ComplaintEvent[])[.. Story.At(Market).OfferedInMediation(Remedy.Refund, Cny(100m)), Events.Declined(), Events.ProposedInMediation(Merchant.Id, Remedy.Refund, Cny(250m), at: Revised)];
        Spec.Given(again).When(Confirm(at: Revised.AddHours(1))).Then(new ComplaintEvent.Confirmed(false, Revised.AddHours(1)));
    }

    [Fact]
    public void Making_the_same_offer_in_mediation_again_changes_nothing() =>
        Spec.Given(Story.At(Market).OfferedInMediation()).When(Propose(Op(Merchant), Remedy.Refund, Claim)).ThenNothing();

    [Fact]
    public void A_proposal_disputed_before_mediation_cannot_be_accepted_in_mediation() =>
        Spec.Given(Story.At(Mall).InMediation()).When(Confirm()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Once_the_regulator_decided_the_merchant_can_no_longer_propose() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.MerchantUpheld)).When(Propose(Op(Merchant), Remedy.Replace)).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void While_a_venue_is_paying_the_merchant_cannot_propose() =>
        Spec.Given(Story.At(Mall).AwaitingPayout()).When(Propose(Op(Merchant), Remedy.Replace)).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void An_accepted_offer_in_mediation_cannot_be_withdrawn() =>
        Spec.Given([.. Story.At(Market).OfferedInMediation(), Events.Confirmed(at: Revised)]).When(Withdraw(at: Revised.AddHours(1))).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Only_the_consumer_accepts_or_declines_an_offer_in_mediation()
    {
        Spec.Given(Story.At(Market).OfferedInMediation()).When(Confirm(Op(Merchant))).ThenThrows(ViolationKind.Forbidden);
        Spec.Given(Story.At(Market).OfferedInMediation()).When(Confirm(RegulatorActor)).ThenThrows(ViolationKind.Forbidden);
        Spec.Given(Story.At(Market).OfferedInMediation()).When(Dispute(OtherConsumer)).ThenThrows(ViolationKind.Forbidden);
    }

    [Fact]
    public void Only_the_merchant_or_the_first_responder_offers_in_mediation()
    {
        Spec.Given(Story.At(Market).EscalatedAfterRefusal()).When(Propose(Op(Market), Remedy.Replace, at: Revised)).Then(Events.ProposedInMediation(Market.Id, Remedy.Replace, at: Revised));
        Spec.Given(Story.At(Market).EscalatedAfterRefusal()).When(Propose(Op(OtherVenue), Remedy.Replace)).ThenThrows(ViolationKind.Forbidden);
        Spec.Given(Story.At(Market).EscalatedAfterRefusal()).When(Propose(RegulatorActor, Remedy.Replace)).ThenThrows(ViolationKind.Forbidden);
    }

    [Fact]
    public void An_offer_in_mediation_is_validated_like_a_proposal()
    {
        var given = Spec.Given(Story.At(Market).EscalatedAfterRefusal());
        Assert.Equal("amount", given.When(Propose(Op(Merchant), Remedy.Refund, amount: null)).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("amount.currency", given.When(Propose(Op(Merchant), Remedy.Refund, Money.Of(5m, "EUR"))).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("note", given.When(Propose(Op(Merchant), Remedy.Replace, note: new string('n', ComplaintDecider.MaxTextLength + 1))).ThenThrows(ViolationKind.Invalid).Field);
        Assert.Equal("reason", Spec.Given(Story.At(Market).OfferedInMediation()).When(Dispute(reason: " ")).ThenThrows(ViolationKind.Invalid).Field);
    }

    [Fact]
    public void The_mediation_deadline_still_ends_mediation_with_an_offer_open() =>
        Spec.Given(Story.At(Market).OfferedInMediation())
            .When(MissDeadline(DeadlineKind.Mediation, ((ComplaintEvent.Escalated)Story.At(Market).EscalatedAfterRefusal()[^1]).MediationBy))
            .Then(e => Assert.IsType<ComplaintEvent.MediationOutcomeRecorded>(Assert.Single(e)));
}
