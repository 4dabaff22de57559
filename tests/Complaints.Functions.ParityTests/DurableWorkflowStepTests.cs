using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Functions.ParityTests.Support;
using Complaints.Pipeline.Durable;
using Xunit.Abstractions;
using static Complaints.Functions.ParityTests.Support.Samples;

namespace Complaints.Functions.ParityTests;

/// <summary>The orchestrator's pure step, driven through whole complaint paths with a fake event source and clock.</summary>
public class DurableWorkflowStepTests(ITestOutputHelper output)
{
    private static readonly Actor Consumer = new Actor.Consumer(Id);

    private static (FakeComplaintLog Log, DurableLoop Loop) Filed(Party.Venue? venue, Money? claim = null)
    {
        var log = new FakeComplaintLog(Id);
        log.Execute(new ComplaintCommand.FileComplaint(Id, Merchant, venue, Category.GoodsQuality, claim ?? Claim, true, Consumer, T0));
        var loop = new DurableLoop(log, T0).Nudge(); // complaint-intake starts the orchestration
        return (log, loop);
    }

    private void AssertCompleted(FakeComplaintLog log, DurableLoop loop, ComplaintOutcome outcome)
    {
        output.WriteLine(loop.Trace);
        Assert.True(loop.State.Completed, $"The workflow did not complete.{Environment.NewLine}{loop.Trace}");
        Assert.Equal(outcome, log.State.Outcome);
        Assert.Equal("disclosure-drafted", log.Types[^1]);
        Assert.Equal(log.State.Version, loop.State.LastVersion);
        Assert.Null(DurableWorkflowStep.NextWake(loop.State, loop.Now));
        Assert.Empty(log.Refused);
    }

    [Fact]
    public void Resolved_and_confirmed_ends_with_the_disclosure_drafted()
    {
        var (log, loop) = Filed(Mall);
        Assert.Equal(DeadlineKind.Acknowledge, loop.State.Deadline?.Kind);

        loop.Advance(TimeSpan.FromHours(2)).Outside(at => new ComplaintCommand.Acknowledge(new Actor.Operator(Mall.Id), at));
        Assert.Equal(DeadlineKind.Resolve, loop.State.Deadline?.Kind);
        loop.Advance(TimeSpan.FromDays(1)).Outside(at => new ComplaintCommand.ProposeResolution(Remedy.Refund, Claim, null, new Actor.Operator(Merchant.Id), at));
        Assert.Equal(DeadlineKind.Confirm, loop.State.Deadline?.Kind);
        loop.Advance(TimeSpan.FromHours(5)).Outside(at => new ComplaintCommand.Confirm(Consumer, at));

        AssertCompleted(log, loop, ComplaintOutcome.MonetaryRelief);
        Assert.Equal(
            ["filed", "first-responder-assigned", "acknowledged", "resolution-proposed", "confirmed", "closed", "disclosure-drafted"],
            log.Types);
        Assert.Equal(0, loop.TimersFired);
    }

    [Fact]
    public void An_unanswered_complaint_is_escalated_by_the_timer_and_ends_after_mediation_times_out_in_hops()
    {
        var (log, loop) = Filed(null);

        loop.RunTimers();

        AssertCompleted(log, loop, ComplaintOutcome.ClosedWithoutRelief); // mediation ran out: no agreement
        Assert.Contains("deadline-missed", log.Types);
        Assert.Contains("escalated", log.Types);
        Assert.True(log.State.Untimely);
        // 45 days of mediation in hops of at most six days: the early timers were re-armed, not acted on.
        Assert.True(loop.TimersFired > 45 / DurableWorkflowStep.MaxTimerHop.Days, $"Only {loop.TimersFired} timers fired.");
    }

    [Fact]
    public void A_refusal_with_an_enrolled_venue_is_advance_compensated_recovered_and_closed()
    {
        var (log, loop) = Filed(Mall);
        loop.Advance(TimeSpan.FromHours(2)).Outside(at => new ComplaintCommand.Acknowledge(new Actor.Operator(Mall.Id), at));
        loop.Advance(TimeSpan.FromDays(1)).Outside(at => new ComplaintCommand.Refuse("Used goods.", new Actor.Operator(Merchant.Id), at));

        AssertCompleted(log, loop, ComplaintOutcome.AdvanceCompensated);
        Assert.Equal(
            ["filed", "first-responder-assigned", "acknowledged", "refused", "advance-compensation-requested", "payout-settled",
             "recovery-claim-opened", "closed", "disclosure-drafted"],
            log.Types);
    }

    [Fact]
    public void Events_after_completion_are_folded_without_actions()
    {
        var (log, loop) = Filed(Mall);
        loop.Advance(TimeSpan.FromHours(1)).Outside(at => new ComplaintCommand.Withdraw(Consumer, at));
        Assert.True(loop.State.Completed);
        var projections = loop.Projections;

        log.Execute(new ComplaintCommand.PublishDisclosure(new Actor.Regulator(Regulator), loop.Now.AddDays(1)));
        var step = DurableWorkflowStep.Fold(
            loop.State, log.Events.Select(e => (WorkflowInput)new WorkflowInput.EventRecorded(e.Event, e.Version)), loop.Now.AddDays(1));

        Assert.Empty(step.Actions);
        Assert.Equal(1, step.Reacted);
        Assert.Equal(log.State.Version, step.State.LastVersion);
        Assert.True(step.State.Completed);
        Assert.Equal(projections, loop.Projections);
    }

    [Fact]
    public void Folding_the_same_events_again_changes_nothing()
    {
        var (log, loop) = Filed(Mall);

        var again = DurableWorkflowStep.Fold(loop.State, log.Load(0), null, loop.Now);

        Assert.Equal(loop.State, again.State);
        Assert.Empty(again.Actions);
        Assert.Equal(0, again.Reacted);
    }

    [Fact]
    public void Events_are_folded_before_the_timer_so_an_answer_just_before_the_deadline_wins()
    {
        var (log, loop) = Filed(Mall);
        var deadline = loop.State.Deadline!;
        // The acknowledgement is recorded just in time, but its nudge loses the race with the timer.
        log.Execute(new ComplaintCommand.Acknowledge(new Actor.Operator(Mall.Id), deadline.DueAt.AddMinutes(-1)));

        var step = DurableWorkflowStep.Fold(loop.State, log.Load(loop.State.LastVersion), deadline, deadline.DueAt);

        Assert.Empty(step.Actions); // no MissDeadline: the timer was stale once the acknowledgement re-armed the workflow
        Assert.Equal(DeadlineKind.Resolve, step.State.Deadline?.Kind);
    }

    [Fact]
    public void Events_are_folded_in_version_order_whatever_order_they_arrive_in()
    {
        var log = new FakeComplaintLog(Id);
        log.Execute(new ComplaintCommand.FileComplaint(Id, Merchant, Mall, Category.GoodsQuality, Claim, true, Consumer, T0));
        log.Execute(new ComplaintCommand.AssignFirstResponder(Actor.System.Instance, T0.AddMinutes(1)));

        var step = DurableWorkflowStep.Fold(WorkflowState.Start(Id), log.Load(0).Reverse().ToArray(), null, T0.AddMinutes(1));

        Assert.Equal(2, step.State.LastVersion);
        Assert.Equal(DeadlineKind.Acknowledge, step.State.Deadline?.Kind);
    }

    [Fact]
    public void An_early_or_stale_timer_is_not_counted_as_a_change()
    {
        var (_, loop) = Filed(null);
        var deadline = loop.State.Deadline!;

        var early = DurableWorkflowStep.Fold(loop.State, [], deadline, deadline.DueAt.AddHours(-1));
        var stale = DurableWorkflowStep.Fold(loop.State, [], deadline with { DueAt = deadline.DueAt.AddDays(-3) }, deadline.DueAt);

        Assert.Equal((0, 0), (early.Reacted, early.Actions.Count));
        Assert.Equal((0, 0), (stale.Reacted, stale.Actions.Count));
    }

    [Fact]
    public void A_due_timer_asks_for_the_missed_deadline_to_be_recorded()
    {
        var (_, loop) = Filed(null);
        var deadline = loop.State.Deadline!;

        var step = DurableWorkflowStep.Fold(loop.State, [], deadline, deadline.DueAt.AddSeconds(1));

        var action = Assert.Single(step.Actions);
        Assert.Equal(WorkflowActionKinds.MissDeadline, action.Kind);
        Assert.Equal(nameof(DeadlineKind.Acknowledge), action.Deadline);
        Assert.Equal(deadline.DueAt, action.DueAt);
    }

    [Fact]
    public void Next_wake_is_the_deadline_or_at_most_one_hop_ahead_and_none_when_idle_or_complete()
    {
        var now = T0;
        var soon = WorkflowState.Start(Id) with { Deadline = new WorkflowTimer(DeadlineKind.Acknowledge, now.AddHours(24)) };
        var far = soon with { Deadline = new WorkflowTimer(DeadlineKind.Mediation, now.AddDays(45)) };

        Assert.Equal(now.AddHours(24), DurableWorkflowStep.NextWake(soon, now));
        Assert.Equal(now + DurableWorkflowStep.MaxTimerHop, DurableWorkflowStep.NextWake(far, now));
        Assert.Null(DurableWorkflowStep.NextWake(WorkflowState.Start(Id), now));
        Assert.Null(DurableWorkflowStep.NextWake(soon with { Completed = true }, now));
    }

    [Fact]
    public void The_orchestration_clock_is_read_as_utc_whatever_its_kind()
    {
        var utc = new DateTime(2026, 3, 2, 1, 0, 0, DateTimeKind.Unspecified);

        var instant = DurableWorkflowStep.Instant(utc);

        Assert.Equal(TimeSpan.Zero, instant.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void The_fold_reacts_like_the_reactor_input_by_input()
    {
        var log = new FakeComplaintLog(Id);
        log.Execute(new ComplaintCommand.FileComplaint(Id, Merchant, Mall, Category.GoodsQuality, Claim, true, Consumer, T0));
        var expected = ComplaintWorkflow.React(WorkflowState.Start(Id), new WorkflowInput.EventRecorded(log.Events[0].Event, 1), T0);

        var step = DurableWorkflowStep.Fold(WorkflowState.Start(Id), log.Load(0), null, T0);

        Assert.Equal(expected.State, step.State);
        Assert.Equal(expected.Actions, step.Actions.Select(WorkflowEnvelopes.FromEnvelope));
    }
}
