using Complaints.Core;
using Complaints.Core.Tests.Support;
using Xunit.Abstractions;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Workflow;

/// <summary>Whole paths through decider and workflow together, with a fake clock firing the timers.</summary>
public class SimulationTests(ITestOutputHelper output)
{
    private static Simulation Filed(Party.Venue? venue, Party.Merchant? merchant = null, Money? claim = null)
    {
        var sim = new Simulation(Id, T0);
        sim.Execute(Commands.File(venue, merchant: merchant, claim: claim, at: sim.Now));
        return sim.Drain();
    }

    private static void Acknowledge(Simulation sim, Party by)
    {
        sim.Advance(TimeSpan.FromHours(2));
        sim.Execute(new ComplaintCommand.Acknowledge(Op(by), sim.Now));
        sim.Drain();
    }

    private void AssertEndsDrafted(Simulation sim, ComplaintOutcome outcome)
    {
        sim.RunUntilQuiescent();
        output.WriteLine(sim.Trace);
        Assert.Equal(outcome, sim.State.Outcome);
        Assert.True(sim.State.IsTerminal);
        Assert.Single(sim.EventsOf<ComplaintEvent.Closed>().Cast<ComplaintEvent>().Concat(sim.EventsOf<ComplaintEvent.Withdrawn>()));

        // The draft is the last step, but for a recovery claim still running (repaid, ended by the deadline, left alone).
        var last = sim.History.Last(e => e is not (ComplaintEvent.RecoveryClaimEnded or ComplaintEvent.RepaymentRecorded or ComplaintEvent.RepaymentConfirmed));
        Assert.IsType<ComplaintEvent.DisclosureDrafted>(last);
        Assert.True(sim.State.Recovery is null or { IsOpen: false }, "the recovery claim ended");
        Assert.Equal(DisclosureStatus.Draft, sim.State.Disclosure);
        Assert.True(sim.Workflow.Completed);
        Assert.Equal(sim.History.Count, sim.State.Version);
        Assert.Equal(sim.History.Count, sim.Workflow.LastVersion);
        Assert.Empty(sim.RefusedWorkflowCommands);
    }

    private static string[] TypesOf(Simulation sim) => sim.History.Select(e => e.Type).ToArray();

    [Fact]
    public void Resolved_and_confirmed()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.ProposeRefund(Op(Merchant), sim.Now));
        sim.Advance(TimeSpan.FromHours(5));
        sim.Execute(Commands.Confirm(at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.MonetaryRelief);
        Assert.Equal(
            ["filed", "first-responder-assigned", "acknowledged", "resolution-proposed", "confirmed", "closed", "disclosure-drafted"],
            TypesOf(sim));
        Assert.False(sim.State.Untimely);
    }

    [Fact]
    public void An_unanswered_proposal_is_accepted_when_the_confirm_deadline_passes()
    {
        var sim = Filed(null);
        Acknowledge(sim, Merchant);
        sim.Execute(new ComplaintCommand.ProposeResolution(Remedy.Repair, null, null, Op(Merchant), sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.NonMonetaryRelief);
        Assert.True(sim.State.ConfirmedAutomatically);
    }

    [Fact]
    public void Refused_with_an_enrolled_venue_is_advance_compensated_and_recovered_from_the_merchant()
    {
        var sim = Filed(Mall, claim: BigClaim);
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(2));
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.AdvanceCompensated);
        Assert.Equal(
            ["filed", "first-responder-assigned", "acknowledged", "refused", "advance-compensation-requested", "payout-settled",
             "recovery-claim-opened", "closed", "disclosure-drafted", "recovery-claim-ended"],
            TypesOf(sim));

        // Left alone, the claim ends at its deadline, 90 days after it opened, with nothing recovered.
        var opened = Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimOpened>());
        var ended = Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimEnded>());
        Assert.Equal(opened.At + Deadlines.Recovery, opened.RecoverBy);
        Assert.Equal((RecoveryResult.Unrecovered, (Money?)null, (Money?)MallCap, RecoveryEndReason.DeadlinePassed, (PartyId?)null, opened.RecoverBy),
            (ended.Result, ended.Recovered, ended.Unrecovered, ended.Reason, ended.By, ended.At));
        var requested = Assert.Single(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
        Assert.Equal(MallCap, requested.Amount);
        Assert.Equal(AdvanceCompensationTrigger.Refusal, requested.Trigger);
        Assert.Equal(MallCap, Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimOpened>()).Amount);
    }

    [Fact]
    public void A_passed_resolve_deadline_with_an_enrolled_venue_is_advance_compensated()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);

        AssertEndsDrafted(sim, ComplaintOutcome.AdvanceCompensated);
        var missed = Assert.Single(sim.EventsOf<ComplaintEvent.DeadlineMissed>());
        Assert.Equal((DeadlineKind.Resolve, Merchant.Id), (missed.Kind, missed.Responsible));
        Assert.Equal(AdvanceCompensationTrigger.ResolveDeadline, Assert.Single(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>()).Trigger);
        Assert.True(sim.State.Untimely);
        Assert.Equal(EscalationReason.ResolveDeadlineMissed, sim.State.Escalation);
    }

    [Fact]
    public void A_refusal_at_an_unenrolled_venue_goes_to_the_regulator_who_upholds_the_consumer()
    {
        var sim = Filed(Market);
        Acknowledge(sim, Market);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();
        Assert.Equal(ComplaintStatus.Escalated, sim.State.Status);
        Assert.Equal(EscalationReason.RefusedWithoutAdvanceCompensation, sim.State.Escalation);

        sim.Advance(TimeSpan.FromDays(10));
        sim.Execute(Commands.RecordMediation(MediationOutcome.ConsumerUpheld, at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.Mediated);
        Assert.Empty(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
    }

    [Fact]
    public void Mediation_that_runs_out_closes_without_relief_after_several_timer_hops()
    {
        var sim = Filed(Market);
        Acknowledge(sim, Market);
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        var escalatedAt = sim.Now;

        AssertEndsDrafted(sim, ComplaintOutcome.ClosedWithoutRelief);
        var outcome = Assert.Single(sim.EventsOf<ComplaintEvent.MediationOutcomeRecorded>());
        Assert.Equal(MediationOutcome.NoAgreement, outcome.Outcome);
        Assert.Null(outcome.By);
        Assert.Equal(escalatedAt + Deadlines.Mediation, outcome.At);

        // 45 days in hops of at most 7: the mediation timer was delivered early and re-armed several times.
        Assert.True(sim.Trace.Split(Environment.NewLine).Count(l => l.Contains("timer Mediation", StringComparison.Ordinal)) >= 7);
    }

    [Fact]
    public void A_missed_acknowledge_deadline_makes_the_complaint_untimely_and_escalates_it()
    {
        var sim = Filed(Mall);
        sim.Step(); // the acknowledge timer
        sim.Drain();

        Assert.True(sim.State.Untimely);
        Assert.Equal(ComplaintStatus.Escalated, sim.State.Status);
        Assert.Equal(EscalationReason.AcknowledgeDeadlineMissed, sim.State.Escalation);
        var missed = Assert.Single(sim.EventsOf<ComplaintEvent.DeadlineMissed>());
        Assert.Equal((DeadlineKind.Acknowledge, Mall.Id), (missed.Kind, missed.Responsible));

        AssertEndsDrafted(sim, ComplaintOutcome.ClosedWithoutRelief);
        Assert.Empty(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
    }

    [Fact]
    public void Withdrawn_by_the_consumer()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Withdraw(at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.Withdrawn);
        Assert.Equal(["filed", "first-responder-assigned", "acknowledged", "withdrawn", "disclosure-drafted"], TypesOf(sim));
    }

    [Fact]
    public void Disputed_then_mediated_in_the_merchants_favour_and_closed()
    {
        var sim = Filed(Market);
        Acknowledge(sim, Market);
        sim.Execute(Commands.ProposeRefund(Op(Market), sim.Now));
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Dispute(at: sim.Now));
        sim.Drain();
        Assert.Equal(ComplaintStatus.InMediation, sim.State.Status);
        sim.Advance(TimeSpan.FromDays(20));
        sim.Execute(Commands.RecordMediation(MediationOutcome.MerchantUpheld, at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.Mediated);
    }

    [Fact]
    public void Disputed_then_ordered_to_be_advance_compensated_by_the_mall()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Execute(Commands.Propose(Op(Merchant), Remedy.Refund, Cny(50m), at: sim.Now));
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Dispute(at: sim.Now));
        sim.Drain();
        sim.Advance(TimeSpan.FromDays(20));
        sim.Execute(Commands.RecordMediation(MediationOutcome.ConsumerUpheld, order: true, at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.AdvanceCompensated);
        var requested = Assert.Single(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
        Assert.Equal((AdvanceCompensationTrigger.MediationOrder, Claim), (requested.Trigger, requested.Amount));
    }

    [Fact]
    public void A_venue_that_cannot_name_the_merchant_pays_by_statute()
    {
        var sim = Filed(Market, merchant: AnonymousMerchant, claim: BigClaim);
        Acknowledge(sim, Market);
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.AdvanceCompensated);
        var requested = Assert.Single(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
        Assert.True(requested.Statutory);
        Assert.Equal(BigClaim, requested.Amount);
    }

    [Fact]
    public void Redelivered_timers_and_payout_reports_do_not_pay_twice()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();

        // The payouts stage reports the same settlement again, and an old resolve timer arrives.
        sim.TryExecute(new ComplaintCommand.SettlePayout(ComplaintDecider.PayoutIdFor(Id), Actor.System.Instance, sim.Now));
        sim.TryExecute(new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline, Actor.System.Instance, sim.Now));
        sim.RunUntilQuiescent();

        Assert.Single(sim.EventsOf<ComplaintEvent.AdvanceCompensationRequested>());
        Assert.Single(sim.EventsOf<ComplaintEvent.PayoutSettled>());
        Assert.Single(sim.EventsOf<ComplaintEvent.DisclosureDrafted>());
    }

    private static Simulation AdvanceCompensatedAndDrafted()
    {
        var sim = Filed(Mall, claim: BigClaim);
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();
        Assert.Equal(DisclosureStatus.Draft, sim.State.Disclosure);
        Assert.False(sim.Workflow.Completed, "the workflow waits for the recovery claim");
        Assert.Equal(DeadlineKind.Recovery, sim.Workflow.Deadline?.Kind);
        return sim;
    }

    [Fact]
    public void A_claim_repaid_in_part_then_in_full_ends_recovered_and_the_workflow_completes_before_the_deadline()
    {
        var sim = AdvanceCompensatedAndDrafted();
        sim.Advance(TimeSpan.FromDays(10));
        sim.Execute(Commands.RecordRepayment(Cny(200m), "TX-1", Op(Merchant), sim.Now));
        sim.Execute(Commands.ConfirmRepayment(Op(Mall), sim.Now.AddHours(1)));
        sim.Advance(TimeSpan.FromDays(20));
        sim.Execute(Commands.RecordRepayment(Cny(300m), "TX-2", Op(Merchant), sim.Now));
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.ConfirmRepayment(Op(Mall), sim.Now));
        sim.Drain();

        Assert.True(sim.Workflow.Completed, sim.Trace);
        Assert.Null(sim.Workflow.Deadline);
        var ended = Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimEnded>());
        Assert.Equal((RecoveryResult.Recovered, (Money?)MallCap, RecoveryEndReason.RepaidInFull), (ended.Result, ended.Recovered, ended.Reason));
        sim.RunUntilQuiescent();
        Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimEnded>()); // the recovery timer, when it comes, is stale
        Assert.Empty(sim.RefusedWorkflowCommands);
    }

    [Fact]
    public void A_claim_the_venue_records_as_partly_recovered_completes_the_workflow()
    {
        var sim = AdvanceCompensatedAndDrafted();
        sim.Advance(TimeSpan.FromDays(40));
        sim.Execute(Commands.RecordRecovery(Cny(120m), Op(Mall), sim.Now));
        sim.Drain();

        Assert.True(sim.Workflow.Completed);
        Assert.Equal(new RecoveryEnding(RecoveryResult.PartlyRecovered, Cny(120m), Cny(380m), RecoveryEndReason.VenueRecorded, sim.Now), sim.State.Recovery!.Ending);
        Assert.Equal(ComplaintOutcome.AdvanceCompensated, sim.State.Outcome);
    }

    [Fact]
    public void Left_alone_the_claim_ends_with_what_was_confirmed_at_a_configured_deadline()
    {
        var sim = new Simulation(Id, T0, new ComplaintDecider(new DeadlineOptions { Recovery = TimeSpan.FromDays(30) }));
        sim.Execute(Commands.File(Mall, at: sim.Now));
        sim.Drain();
        Acknowledge(sim, Mall);
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();
        sim.Advance(TimeSpan.FromDays(3));
        sim.Execute(Commands.RecordRepayment(Cny(100m), null, Op(Merchant), sim.Now));
        sim.Execute(Commands.ConfirmRepayment(Op(Mall), sim.Now));
        sim.Execute(Commands.RecordRepayment(Cny(50m), null, Op(Merchant), sim.Now)); // never confirmed

        AssertEndsDrafted(sim, ComplaintOutcome.AdvanceCompensated);
        var opened = Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimOpened>());
        var ended = Assert.Single(sim.EventsOf<ComplaintEvent.RecoveryClaimEnded>());
        Assert.Equal(opened.At.AddDays(30), ended.At);
        Assert.Equal((RecoveryResult.PartlyRecovered, (Money?)Cny(100m), (Money?)Cny(200m), RecoveryEndReason.DeadlinePassed), (ended.Result, ended.Recovered, ended.Unrecovered, ended.Reason));
    }

    [Fact]
    public void A_revised_offer_restarts_the_consumers_deadline_and_is_accepted_when_it_passes()
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Execute(Commands.Propose(Op(Merchant), Remedy.Refund, Cny(100m), at: sim.Now));
        sim.Drain();
        sim.Advance(TimeSpan.FromDays(5));
        var revisedAt = sim.Now;
        sim.Execute(Commands.Propose(Op(Merchant), Remedy.Refund, Cny(350m), "More than you asked, with our apologies.", revisedAt));

        AssertEndsDrafted(sim, ComplaintOutcome.MonetaryRelief);
        var revised = Assert.Single(sim.EventsOf<ComplaintEvent.ResolutionRevised>());
        Assert.True(revised.ExceedsClaim);
        var confirmed = Assert.Single(sim.EventsOf<ComplaintEvent.Confirmed>());
        Assert.True(confirmed.Automatically);
        Assert.Equal(revisedAt + Deadlines.Confirm, confirmed.At);
        Assert.Equal(Cny(350m), sim.State.Resolution!.Amount);
    }

    [Fact]
    public void A_settlement_during_mediation_closes_resolved_in_mediation()
    {
        var sim = Filed(Market);
        Acknowledge(sim, Market);
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();
        Assert.Equal(NotCoveredReason.VenueNotEnrolled, sim.State.NotCovered);
        sim.Advance(TimeSpan.FromDays(3));
        sim.Execute(Commands.Propose(Op(Merchant), Remedy.Refund, Cny(150m), at: sim.Now));
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Dispute(reason: "Half is not enough.", at: sim.Now));
        sim.Advance(TimeSpan.FromDays(2));
        sim.Execute(Commands.PostMessage(Op(Merchant), "We can refund all of it.", sim.Now));
        sim.Execute(Commands.Propose(Op(Merchant), Remedy.Refund, Claim, at: sim.Now));
        sim.Advance(TimeSpan.FromHours(4));
        sim.Execute(Commands.Confirm(at: sim.Now));

        AssertEndsDrafted(sim, ComplaintOutcome.ResolvedInMediation);
        Assert.Equal(
            ["refused", "escalated", "resolution-proposed-in-mediation", "proposal-declined", "message-posted", "resolution-proposed-in-mediation", "confirmed", "closed", "disclosure-drafted"],
            TypesOf(sim)[3..]);
        Assert.Empty(sim.EventsOf<ComplaintEvent.MediationOutcomeRecorded>());
    }
}
