using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class DeadlineTests
{
    [Fact]
    public void A_missed_acknowledge_deadline_counts_against_the_first_responder_and_escalates()
    {
        var firedAt = Times.AcknowledgeBy.AddSeconds(3);
        Spec.Given(Story.At(Mall).Assigned())
            .When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy, firedAt))
            .Then(
                new ComplaintEvent.DeadlineMissed(DeadlineKind.Acknowledge, Times.AcknowledgeBy, Mall.Id, firedAt),
                new ComplaintEvent.Escalated(EscalationReason.AcknowledgeDeadlineMissed, firedAt.AddDays(45), firedAt))
            .ThenState(s =>
            {
                Assert.True(s.Untimely);
                Assert.Equal(ComplaintStatus.Escalated, s.Status);
                Assert.Equal((DeadlineKind.Mediation, firedAt.AddDays(45)), s.CurrentDeadline);
            });
    }

    [Fact]
    public void A_merchant_that_is_its_own_first_responder_answers_for_a_missed_acknowledgement() =>
        Spec.Given(Story.Direct.Assigned())
            .When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy))
            .Then(events => Assert.Equal(Merchant.Id, events.OfType<ComplaintEvent.DeadlineMissed>().Single().Responsible));

    [Fact]
    public void A_missed_resolve_deadline_counts_against_the_merchant_and_escalates() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(MissDeadline(DeadlineKind.Resolve, Times.ResolveBy))
            .Then(
                new ComplaintEvent.DeadlineMissed(DeadlineKind.Resolve, Times.ResolveBy, Merchant.Id, Times.ResolveBy),
                new ComplaintEvent.Escalated(EscalationReason.ResolveDeadlineMissed, Times.ResolveBy.AddDays(45), Times.ResolveBy))
            .ThenState(s =>
            {
                Assert.True(s.Untimely);
                Assert.Equal(EscalationReason.ResolveDeadlineMissed, s.Escalation);
                Assert.Equal(Merchant.Id, Assert.Single(s.MissedDeadlines).Responsible);
            });

    [Fact]
    public void An_unanswered_proposal_is_confirmed_automatically() =>
        Spec.Given(Story.At(Mall).Proposed())
            .When(MissDeadline(DeadlineKind.Confirm, Times.ConfirmBy))
            .Then(new ComplaintEvent.Confirmed(Automatically: true, Times.ConfirmBy))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Resolved, s.Status);
                Assert.True(s.ConfirmedAutomatically);
                Assert.False(s.Untimely);
            });

    [Fact]
    public void Mediation_that_runs_out_ends_without_agreement()
    {
        var due = Times.Answered.AddHours(1) + Deadlines.Mediation;
        Spec.Given(Story.At(Mall).InMediation())
            .When(MissDeadline(DeadlineKind.Mediation, due))
            .Then(new ComplaintEvent.MediationOutcomeRecorded(MediationOutcome.NoAgreement, false, null, due))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Mediated, s.Status);
                Assert.False(s.Untimely);
            });
    }

    [Fact]
    public void Mediation_after_an_escalation_also_runs_out()
    {
        var due = Times.Answered.AddMinutes(1) + Deadlines.Mediation;
        Spec.Given(Story.At(Market).EscalatedAfterRefusal())
            .When(MissDeadline(DeadlineKind.Mediation, due, due.AddMinutes(2)))
            .Then(new ComplaintEvent.MediationOutcomeRecorded(MediationOutcome.NoAgreement, false, null, due.AddMinutes(2)));
    }

    [Fact]
    public void A_timer_for_another_due_time_is_stale() =>
        Spec.Given(Story.At(Mall).Assigned()).When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy.AddHours(-1))).ThenNothing();

    [Fact]
    public void A_timer_for_another_kind_of_deadline_is_stale() =>
        Spec.Given(Story.At(Mall).Assigned()).When(MissDeadline(DeadlineKind.Resolve, Times.AcknowledgeBy)).ThenNothing();

    [Fact]
    public void A_timer_that_fires_early_changes_nothing() =>
        Spec.Given(Story.At(Mall).Assigned())
            .When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy, Times.AcknowledgeBy.AddTicks(-1)))
            .ThenNothing();

    [Fact]
    public void The_acknowledge_timer_is_stale_once_acknowledged() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy)).ThenNothing();

    [Fact]
    public void The_resolve_timer_is_stale_once_a_resolution_is_proposed() =>
        Spec.Given(Story.At(Mall).Proposed()).When(MissDeadline(DeadlineKind.Resolve, Times.ResolveBy)).ThenNothing();

    [Fact]
    public void The_confirm_timer_is_stale_once_the_consumer_answered() =>
        Spec.Given(Story.At(Mall).Resolved()).When(MissDeadline(DeadlineKind.Confirm, Times.ConfirmBy)).ThenNothing();

    [Fact]
    public void A_timer_after_the_complaint_closed_changes_nothing() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(MissDeadline(DeadlineKind.Confirm, Times.ConfirmBy)).ThenNothing();

    [Fact]
    public void Only_the_pipeline_reports_missed_deadlines() =>
        Spec.Given(Story.At(Mall).Assigned())
            .When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy, by: Op(Merchant)))
            .ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void The_resolve_deadline_follows_the_configured_duration()
    {
        var decider = new ComplaintDecider(new DeadlineOptions { Resolve = TimeSpan.FromDays(15) });
        Spec.Given(Story.At(Mall).Assigned())
            .When(Acknowledge(Op(Mall)), decider)
            .Then(new ComplaintEvent.Acknowledged(Mall.Id, true, Times.Acknowledged.AddDays(15), Times.Acknowledged));
    }

    [Fact]
    public void Deadline_defaults_match_the_design()
    {
        var options = new DeadlineOptions();
        Assert.Equal(TimeSpan.FromHours(24), options.Acknowledge);
        Assert.Equal(TimeSpan.FromDays(7), options.Resolve);
        Assert.Equal(TimeSpan.FromDays(7), options.Confirm);
        Assert.Equal(TimeSpan.FromDays(45), options.Mediation);
        Assert.Equal(TimeSpan.FromDays(30), options.EvaluationWindow);
    }
}

public class CloseTests
{
    [Theory]
    [InlineData(Remedy.Refund, ComplaintOutcome.MonetaryRelief)]
    [InlineData(Remedy.Compensation, ComplaintOutcome.MonetaryRelief)]
    [InlineData(Remedy.Repair, ComplaintOutcome.NonMonetaryRelief)]
    [InlineData(Remedy.Replace, ComplaintOutcome.NonMonetaryRelief)]
    [InlineData(Remedy.Explanation, ComplaintOutcome.Explanation)]
    public void A_resolved_complaint_closes_with_the_outcome_of_its_remedy(Remedy remedy, ComplaintOutcome outcome) =>
        Spec.Given(Story.At(Mall).Resolved(remedy))
            .When(Close(at: Times.Closed))
            .Then(new ComplaintEvent.Closed(outcome, Times.Closed))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Closed, s.Status);
                Assert.Equal(outcome, s.Outcome);
                Assert.Equal(Times.Closed, s.ClosedAt);
                Assert.True(s.IsTerminal);
            });

    [Fact]
    public void Mediation_upholding_the_consumer_closes_as_mediated() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.ConsumerUpheld))
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.Mediated));

    [Fact]
    public void Mediation_without_agreement_closes_without_relief() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.NoAgreement))
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.ClosedWithoutRelief));

    // The core closes a merchant-upheld mediation as "Mediated" too (reported as questionable: it then counts as
    // "closed with relief" in the merchant's track record).
    [Fact]
    public void Mediation_upholding_the_merchant_closes_as_mediated() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.MerchantUpheld))
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.Mediated));

    [Fact]
    public void An_opened_recovery_claim_closes_as_advance_compensated() =>
        Spec.Given(Story.At(Mall).RecoveryOpened())
            .When(Close())
            .Then(Events.Closed(ComplaintOutcome.AdvanceCompensated));

    [Fact]
    public void A_mediation_that_ordered_payment_does_not_close_before_the_payout() =>
        Spec.Given([.. Story.At(Mall).InMediation(), Events.MediationRecorded(MediationOutcome.ConsumerUpheld, ordered: true)])
            .When(Close())
            .ThenThrows(ViolationKind.Conflict);

    public static TheoryData<string, ComplaintEvent[]> NotReady => new()
    {
        { "filed", Story.At(Mall).Filed() },
        { "assigned", Story.At(Mall).Assigned() },
        { "acknowledged", Story.At(Mall).Acknowledged() },
        { "proposed", Story.At(Mall).Proposed() },
        { "refused", Story.At(Mall).Refused() },
        { "escalated", Story.At(Market).EscalatedAfterRefusal() },
        { "in mediation", Story.At(Mall).InMediation() },
        { "awaiting payout", Story.At(Mall).AwaitingPayout() },
        { "compensated", Story.At(Mall).Compensated() },
    };

    [Theory]
    [MemberData(nameof(NotReady))]
    public void A_complaint_that_is_not_ready_does_not_close(string stage, ComplaintEvent[] history)
    {
        var violation = Spec.Given(history).When(Close()).ThenThrows(ViolationKind.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(violation.Message), stage);
    }

    [Fact]
    public void Closing_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Close(at: Times.Closed.AddHours(1))).ThenNothing();

    [Fact]
    public void Only_the_pipeline_closes() =>
        Spec.Given(Story.At(Mall).Resolved()).When(Close(by: RegulatorActor)).ThenThrows(ViolationKind.Forbidden);
}
