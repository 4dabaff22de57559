using Complaints.Core;
using Complaints.Core.Tests.Support;
using Complaints.Core.Workflow;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Workflow;

public class WorkflowTests
{
    private static readonly DateTimeOffset Now = Times.Answered.AddMinutes(5);

    /// <summary>The workflow after reacting to <paramref name="history"/>, versions 1..n.</summary>
    private static WorkflowState After(params ComplaintEvent[] history)
    {
        var state = WorkflowState.Start(Id);
        for (var i = 0; i < history.Length; i++)
        {
            state = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(history[i], i + 1), history[i].At).State;
        }

        return state;
    }

    /// <summary>The reaction to the last event of <paramref name="history"/>, given all the ones before it.</summary>
    private static Reaction ReactToLast(params ComplaintEvent[] history) =>
        ComplaintWorkflow.React(After(history[..^1]), new WorkflowInput.EventRecorded(history[^1], history.Length), Now);

    private static ComplaintCommand SingleCommand(Reaction reaction)
    {
        Assert.Empty(reaction.Timers);
        return Assert.IsType<WorkflowAction.Execute>(Assert.Single(reaction.Actions)).Command;
    }

    private static WorkflowTimer SingleTimer(Reaction reaction)
    {
        Assert.Empty(reaction.Actions);
        var timer = Assert.Single(reaction.Timers);
        Assert.Equal(timer, reaction.State.Deadline);
        return timer;
    }

    [Fact]
    public void A_filed_complaint_gets_its_first_responder_assigned()
    {
        var reaction = ReactToLast(Story.At(Mall).Filed());
        Assert.Equal(new ComplaintCommand.AssignFirstResponder(Actor.System.Instance, Now), SingleCommand(reaction));
        Assert.Equal(1, reaction.State.LastVersion);
    }

    [Theory]
    [InlineData("mall", true)]
    [InlineData("platform", true)]
    [InlineData("market", false)]
    [InlineData("none", false)]
    public void The_filing_tells_the_workflow_whether_a_venue_will_pay_first(string venue, bool eligible)
    {
        var story = Story.At(venue switch { "mall" => Mall, "platform" => Platform, "market" => Market, _ => null });
        Assert.Equal(eligible, ReactToLast(story.Filed()).State.AdvanceCompensationEligible);
    }

    [Fact]
    public void An_anonymous_merchant_makes_even_an_unenrolled_venue_eligible() =>
        Assert.True(ReactToLast((Story.At(Market) with { Merchant = AnonymousMerchant }).Filed()).State.AdvanceCompensationEligible);

    [Fact]
    public void Assignment_arms_the_acknowledge_timer() =>
        Assert.Equal(new WorkflowTimer(DeadlineKind.Acknowledge, Times.AcknowledgeBy), SingleTimer(ReactToLast(Story.At(Mall).Assigned())));

    [Fact]
    public void Acknowledgement_arms_the_resolve_timer() =>
        Assert.Equal(new WorkflowTimer(DeadlineKind.Resolve, Times.ResolveBy), SingleTimer(ReactToLast(Story.At(Mall).Acknowledged())));

    [Fact]
    public void A_proposal_arms_the_confirm_timer() =>
        Assert.Equal(new WorkflowTimer(DeadlineKind.Confirm, Times.ConfirmBy), SingleTimer(ReactToLast(Story.At(Mall).Proposed())));

    [Fact]
    public void A_dispute_arms_the_mediation_timer()
    {
        var history = Story.At(Mall).InMediation();
        var disputed = (ComplaintEvent.Disputed)history[^1];
        Assert.Equal(new WorkflowTimer(DeadlineKind.Mediation, disputed.MediationBy), SingleTimer(ReactToLast(history)));
    }

    [Fact]
    public void A_refusal_with_an_eligible_venue_requests_advance_compensation()
    {
        var reaction = ReactToLast(Story.At(Mall).Refused());
        Assert.Equal(
            new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.Refusal, Actor.System.Instance, Now),
            SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_refusal_without_an_eligible_venue_is_escalated()
    {
        var reaction = ReactToLast(Story.At(Market).Refused());
        Assert.Equal(
            new ComplaintCommand.Escalate(EscalationReason.RefusedWithoutAdvanceCompensation, Actor.System.Instance, Now),
            SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_missed_resolve_deadline_with_an_eligible_venue_requests_advance_compensation()
    {
        var reaction = ReactToLast(Story.At(Mall).ResolveDeadlineMissed());
        Assert.Equal(
            new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.ResolveDeadline, Actor.System.Instance, Now),
            SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_missed_resolve_deadline_without_an_eligible_venue_waits_for_mediation()
    {
        var history = Story.At(Market).ResolveDeadlineMissed();
        var escalated = (ComplaintEvent.Escalated)history[^1];
        Assert.Equal(new WorkflowTimer(DeadlineKind.Mediation, escalated.MediationBy), SingleTimer(ReactToLast(history)));
    }

    [Fact]
    public void A_missed_acknowledge_deadline_waits_for_mediation_even_with_an_eligible_venue()
    {
        var history = Story.At(Mall).AcknowledgeDeadlineMissed();
        var escalated = (ComplaintEvent.Escalated)history[^1];
        Assert.Equal(new WorkflowTimer(DeadlineKind.Mediation, escalated.MediationBy), SingleTimer(ReactToLast(history)));
    }

    [Fact]
    public void An_escalated_refusal_waits_for_mediation()
    {
        var history = Story.At(Market).EscalatedAfterRefusal();
        var escalated = (ComplaintEvent.Escalated)history[^1];
        Assert.Equal(new WorkflowTimer(DeadlineKind.Mediation, escalated.MediationBy), SingleTimer(ReactToLast(history)));
    }

    [Fact]
    public void The_deadline_record_itself_needs_no_step()
    {
        var history = Story.At(Mall).AcknowledgeDeadlineMissed()[..^1];
        var reaction = ReactToLast(history);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_mediation_order_requests_advance_compensation()
    {
        var reaction = ReactToLast([.. Story.At(Mall).InMediation(), Events.MediationRecorded(MediationOutcome.ConsumerUpheld, ordered: true)]);
        Assert.Equal(
            new ComplaintCommand.RequestAdvanceCompensation(AdvanceCompensationTrigger.MediationOrder, Actor.System.Instance, Now),
            SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Theory]
    [InlineData(MediationOutcome.ConsumerUpheld)]
    [InlineData(MediationOutcome.MerchantUpheld)]
    [InlineData(MediationOutcome.NoAgreement)]
    public void A_mediation_outcome_without_an_order_closes(MediationOutcome outcome)
    {
        var reaction = ReactToLast(Story.At(Mall).Mediated(outcome));
        Assert.Equal(new ComplaintCommand.Close(Actor.System.Instance, Now), SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_requested_advance_compensation_runs_the_payout()
    {
        var reaction = ReactToLast(Story.At(Mall).AwaitingPayout());
        Assert.Equal(new WorkflowAction.RunPayout(ComplaintDecider.PayoutIdFor(Id)), Assert.Single(reaction.Actions));
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_settled_payout_opens_the_recovery_claim() =>
        Assert.Equal(new ComplaintCommand.OpenRecoveryClaim(Actor.System.Instance, Now), SingleCommand(ReactToLast(Story.At(Mall).Compensated())));

    [Fact]
    public void An_opened_recovery_claim_closes_the_complaint_and_arms_the_recovery_deadline()
    {
        var reaction = ReactToLast(Story.At(Mall).RecoveryOpened());
        Assert.Equal(new ComplaintCommand.Close(Actor.System.Instance, Now), Assert.IsType<WorkflowAction.Execute>(Assert.Single(reaction.Actions)).Command);
        var timer = Assert.Single(reaction.Timers);
        Assert.Equal(new WorkflowTimer(DeadlineKind.Recovery, Times.RecoverBy), timer);
        Assert.Equal(timer, reaction.State.Deadline);
        Assert.True(reaction.State.RecoveryClaimOpen);
    }

    [Fact]
    public void Closing_keeps_the_recovery_deadline_armed_and_asks_for_the_draft()
    {
        var reaction = ReactToLast(Story.At(Mall).ClosedAdvanceCompensated());
        Assert.IsType<WorkflowAction.DraftDisclosure>(Assert.Single(reaction.Actions));
        Assert.Empty(reaction.Timers);
        Assert.Equal(new WorkflowTimer(DeadlineKind.Recovery, Times.RecoverBy), reaction.State.Deadline);
    }

    [Fact]
    public void The_draft_does_not_complete_the_workflow_while_the_recovery_claim_is_open()
    {
        var reaction = ReactToLast(Story.At(Mall).DraftedAdvanceCompensated());
        Assert.False(reaction.State.Completed);
        Assert.True(reaction.State.DisclosureDrafted);
        Assert.Equal(DeadlineKind.Recovery, reaction.State.Deadline?.Kind);
    }

    public static TheoryData<string, ComplaintEvent> ClaimEndings => new()
    {
        { "recovered by the venue's record", Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null) },
        { "repaid in full", Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null, RecoveryEndReason.RepaidInFull) },
        { "deadline", Events.RecoveryEnded(RecoveryResult.Unrecovered, null, Claim, RecoveryEndReason.DeadlinePassed) },
        { "settled the older way", Events.RecoverySettled(false) },
    };

    [Theory]
    [MemberData(nameof(ClaimEndings))]
    public void The_claim_ending_after_the_draft_completes_the_workflow(string how, ComplaintEvent ending)
    {
        var reaction = ReactToLast([.. Story.At(Mall).DraftedAdvanceCompensated(), ending]);
        Assert.True(reaction.State.Completed, how);
        Assert.Null(reaction.State.Deadline);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void The_claim_ending_before_the_draft_lets_the_draft_complete_the_workflow()
    {
        var ended = After([.. Story.At(Mall).ClosedAdvanceCompensated(), Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null)]);
        Assert.False(ended.Completed);
        Assert.Null(ended.Deadline);
        var drafted = ComplaintWorkflow.React(ended, new WorkflowInput.EventRecorded(Events.Drafted(), ended.LastVersion + 1), Now);
        Assert.True(drafted.State.Completed);
    }

    [Fact]
    public void The_recovery_deadline_firing_after_the_draft_ends_the_claim()
    {
        var state = After(Story.At(Mall).DraftedAdvanceCompensated());
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Recovery, Times.RecoverBy), Times.RecoverBy);
        Assert.Equal(
            new ComplaintCommand.MissDeadline(DeadlineKind.Recovery, Times.RecoverBy, Actor.System.Instance, Times.RecoverBy),
            SingleCommand(reaction));
    }

    [Fact]
    public void An_early_recovery_timer_waits_again()
    {
        var state = After(Story.At(Mall).DraftedAdvanceCompensated());
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Recovery, Times.RecoverBy), Times.RecoverBy.AddDays(-80));
        Assert.Empty(reaction.Actions);
        Assert.Equal(new WorkflowTimer(DeadlineKind.Recovery, Times.RecoverBy), Assert.Single(reaction.Timers));
    }

    [Fact]
    public void A_recovery_timer_after_the_claim_ended_is_stale()
    {
        var state = After([.. Story.At(Mall).DraftedAdvanceCompensated(), Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null)]);
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Recovery, Times.RecoverBy), Times.RecoverBy);
        Assert.Equal(Reaction.Nothing(state), reaction);
    }

    [Fact]
    public void A_revised_proposal_restarts_the_confirm_timer_and_the_old_one_is_stale()
    {
        var revised = Events.Revised(Merchant.Id, amount: Cny(250m), at: Times.Answered.AddDays(3));
        var reaction = ReactToLast([.. Story.At(Mall).Proposed(), revised]);
        Assert.Equal(new WorkflowTimer(DeadlineKind.Confirm, revised.ConfirmBy), SingleTimer(reaction));

        var old = ComplaintWorkflow.React(reaction.State, new WorkflowInput.TimerFired(DeadlineKind.Confirm, Times.ConfirmBy), Times.ConfirmBy);
        Assert.Empty(old.Actions);
        Assert.Empty(old.Timers);
    }

    [Fact]
    public void An_offer_in_mediation_and_its_refusal_leave_the_mediation_deadline_armed()
    {
        var escalated = After(Story.At(Market).EscalatedAfterRefusal());
        var offered = ReactToLast(Story.At(Market).OfferedInMediation());
        Assert.Empty(offered.Actions);
        Assert.Empty(offered.Timers);
        Assert.Equal(escalated.Deadline, offered.State.Deadline);
        var declined = ReactToLast([.. Story.At(Market).OfferedInMediation(), Events.Declined()]);
        Assert.Equal(escalated.Deadline, declined.State.Deadline);
        Assert.Empty(declined.Actions);
    }

    [Fact]
    public void An_offer_accepted_in_mediation_closes_and_disarms_the_mediation_deadline()
    {
        var reaction = ReactToLast([.. Story.At(Market).OfferedInMediation(), Events.Confirmed()]);
        Assert.Equal(new ComplaintCommand.Close(Actor.System.Instance, Now), SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_message_needs_no_step_and_keeps_the_deadline()
    {
        var before = After(Story.At(Mall).Acknowledged());
        var reaction = ReactToLast([.. Story.At(Mall).Acknowledged(), Events.Message(1, MessageAuthor.Consumer, null)]);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
        Assert.Equal(before.Deadline, reaction.State.Deadline);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_confirmation_closes(bool automatically)
    {
        var reaction = ReactToLast([.. Story.At(Mall).Proposed(), Events.Confirmed(automatically)]);
        Assert.Equal(new ComplaintCommand.Close(Actor.System.Instance, Now), SingleCommand(reaction));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void A_closed_complaint_gets_a_disclosure_draft()
    {
        var reaction = ReactToLast(Story.At(Mall).ClosedResolved());
        Assert.IsType<WorkflowAction.DraftDisclosure>(Assert.Single(reaction.Actions));
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_withdrawn_complaint_disarms_its_deadline_and_gets_a_disclosure_draft()
    {
        Assert.NotNull(After(Story.At(Mall).Acknowledged()).Deadline);
        var reaction = ReactToLast(Story.At(Mall).Withdrawn());
        Assert.IsType<WorkflowAction.DraftDisclosure>(Assert.Single(reaction.Actions));
        Assert.Null(reaction.State.Deadline);
    }

    [Fact]
    public void The_draft_completes_the_workflow()
    {
        var reaction = ReactToLast(Story.At(Mall).Drafted());
        Assert.True(reaction.State.Completed);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    public static TheoryData<string, ComplaintEvent[]> Quiet => new()
    {
        { "evaluated", [.. Story.At(Mall).ClosedResolved(), Events.Evaluated(5)] },
        { "repayment recorded", [.. Story.At(Mall).DraftedAdvanceCompensated(), Events.RepaymentRecorded(Cny(100m))] },
        { "repayment confirmed", [.. Story.At(Mall).DraftedAdvanceCompensated(), Events.RepaymentRecorded(Cny(100m)), Events.RepaymentConfirmed(Cny(100m))] },
        { "message after closing", [.. Story.At(Mall).Drafted(), Events.Message(1, MessageAuthor.Merchant, Merchant.Id, at: Times.Drafted.AddDays(1))] },
        { "published", Story.At(Mall).Published() },
        { "withheld", Story.At(Mall).Withheld() },
    };

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Events_after_the_end_need_no_step(string what, ComplaintEvent[] history)
    {
        var reaction = ReactToLast(history);
        Assert.True(reaction.Actions.Count == 0 && reaction.Timers.Count == 0, what);
        Assert.Equal(history.Length, reaction.State.LastVersion);
    }

    [Fact]
    public void A_duplicate_event_is_ignored()
    {
        var history = Story.At(Mall).Filed();
        var state = After(history);
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(history[0], 1), Now);
        Assert.Same(state, reaction.State);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void An_older_event_is_ignored()
    {
        var history = Story.At(Mall).Acknowledged();
        var state = After(history);
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(history[1], 2), Now);
        Assert.Same(state, reaction.State);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
        Assert.Equal(new WorkflowTimer(DeadlineKind.Resolve, Times.ResolveBy), state.Deadline);
    }

    [Fact]
    public void A_timer_at_its_due_time_reports_the_missed_deadline()
    {
        var state = After(Story.At(Mall).Assigned());
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Acknowledge, Times.AcknowledgeBy), Times.AcknowledgeBy);
        Assert.Equal(
            new ComplaintCommand.MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy, Actor.System.Instance, Times.AcknowledgeBy),
            SingleCommand(reaction));
    }

    [Fact]
    public void A_timer_delivered_late_reports_the_missed_deadline_at_delivery_time()
    {
        var state = After(Story.At(Mall).Acknowledged());
        var late = Times.ResolveBy.AddHours(3);
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Resolve, Times.ResolveBy), late);
        Assert.Equal(new ComplaintCommand.MissDeadline(DeadlineKind.Resolve, Times.ResolveBy, Actor.System.Instance, late), SingleCommand(reaction));
    }

    [Fact]
    public void A_timer_that_fires_early_is_armed_again()
    {
        var state = After(Story.At(Mall).InMediation());
        var armed = state.Deadline!;
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(armed.Kind, armed.DueAt), armed.DueAt.AddDays(-38));
        Assert.Empty(reaction.Actions);
        Assert.Equal(armed, Assert.Single(reaction.Timers));
        Assert.Equal(armed, reaction.State.Deadline);
    }

    [Fact]
    public void A_timer_of_another_kind_is_stale()
    {
        var state = After(Story.At(Mall).Acknowledged());
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Acknowledge, Times.ResolveBy), Times.ResolveBy);
        Assert.Same(state, reaction.State);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_timer_for_another_due_time_is_stale()
    {
        var state = After(Story.At(Mall).Acknowledged());
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Acknowledge, Times.AcknowledgeBy), Times.AcknowledgeBy);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_timer_after_the_deadline_was_disarmed_is_stale()
    {
        var state = After(Story.At(Mall).Refused());
        Assert.Null(state.Deadline);
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Resolve, Times.ResolveBy), Times.ResolveBy);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }

    [Fact]
    public void A_timer_after_completion_is_ignored()
    {
        var state = After(Story.At(Mall).Drafted()) with { Deadline = new WorkflowTimer(DeadlineKind.Confirm, Times.ConfirmBy) };
        var reaction = ComplaintWorkflow.React(state, new WorkflowInput.TimerFired(DeadlineKind.Confirm, Times.ConfirmBy), Times.ConfirmBy);
        Assert.Empty(reaction.Actions);
        Assert.Empty(reaction.Timers);
    }
}
