using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class ConsumerActionTests
{
    public static TheoryData<string, Actor> Strangers => new()
    {
        { "consumer of another complaint", OtherConsumer },
        { "merchant operator", Op(Merchant) },
        { "venue operator", Op(Mall) },
        { "regulator", RegulatorActor },
        { "pipeline", SystemActor },
    };

    [Theory]
    [MemberData(nameof(Strangers))]
    public void Only_the_complaints_own_consumer_confirms(string who, Actor actor)
    {
        var violation = Spec.Given(Story.At(Mall).Proposed()).When(Confirm(actor)).ThenThrows(ViolationKind.Forbidden);
        Assert.False(string.IsNullOrEmpty(violation.Message), who);
    }

    [Theory]
    [MemberData(nameof(Strangers))]
    public void Only_the_complaints_own_consumer_disputes(string who, Actor actor)
    {
        var violation = Spec.Given(Story.At(Mall).Proposed()).When(Dispute(actor)).ThenThrows(ViolationKind.Forbidden);
        Assert.False(string.IsNullOrEmpty(violation.Message), who);
    }

    [Theory]
    [MemberData(nameof(Strangers))]
    public void Only_the_complaints_own_consumer_withdraws(string who, Actor actor)
    {
        var violation = Spec.Given(Story.At(Mall).Acknowledged()).When(Withdraw(actor)).ThenThrows(ViolationKind.Forbidden);
        Assert.False(string.IsNullOrEmpty(violation.Message), who);
    }

    [Theory]
    [MemberData(nameof(Strangers))]
    public void Only_the_complaints_own_consumer_evaluates(string who, Actor actor)
    {
        var violation = Spec.Given(Story.At(Mall).ClosedResolved()).When(Evaluate(5, by: actor)).ThenThrows(ViolationKind.Forbidden);
        Assert.False(string.IsNullOrEmpty(violation.Message), who);
    }

    [Fact]
    public void Consumer_confirms_a_proposed_resolution() =>
        Spec.Given(Story.At(Mall).Proposed())
            .When(Confirm(at: Times.Answered.AddHours(3)))
            .Then(new ComplaintEvent.Confirmed(Automatically: false, Times.Answered.AddHours(3)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Resolved, s.Status);
                Assert.False(s.ConfirmedAutomatically);
            });

    [Fact]
    public void Confirming_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Resolved()).When(Confirm()).ThenNothing();

    [Fact]
    public void Confirming_without_a_proposal_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Confirm()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Consumer_disputes_a_proposal_and_mediation_starts() =>
        Spec.Given(Story.At(Mall).Proposed())
            .When(Dispute(reason: "Only half the price.", at: Times.Answered.AddHours(3)))
            .Then(new ComplaintEvent.Disputed("Only half the price.", Times.Answered.AddHours(3).AddDays(45), Times.Answered.AddHours(3)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.InMediation, s.Status);
                Assert.Equal((DeadlineKind.Mediation, Times.Answered.AddHours(3).AddDays(45)), s.CurrentDeadline);
            });

    [Fact]
    public void Disputing_again_with_the_same_reason_changes_nothing() =>
        Spec.Given(Story.At(Mall).InMediation()).When(Dispute(reason: "The refund is too small.")).ThenNothing();

    [Fact]
    public void Disputing_again_with_another_reason_is_a_conflict() =>
        Spec.Given(Story.At(Mall).InMediation()).When(Dispute(reason: "Something else.")).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_dispute_needs_a_reason() =>
        Spec.Given(Story.At(Mall).Proposed()).When(Dispute(reason: " ")).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Disputing_without_a_proposal_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Dispute()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Evaluating_an_open_complaint_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Resolved()).When(Evaluate(4)).ThenThrows(ViolationKind.Conflict);
}

public class RegulatorTests
{
    [Fact]
    public void Regulator_records_a_mediation_outcome_for_an_escalated_complaint() =>
        Spec.Given(Story.At(Market).EscalatedAfterRefusal())
            .When(RecordMediation(MediationOutcome.ConsumerUpheld, at: Times.Answered.AddDays(10)))
            .Then(new ComplaintEvent.MediationOutcomeRecorded(MediationOutcome.ConsumerUpheld, false, Regulator.Id, Times.Answered.AddDays(10)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Mediated, s.Status);
                Assert.Null(s.CurrentDeadline);
            });

    [Fact]
    public void Regulator_records_a_mediation_outcome_for_a_disputed_complaint() =>
        Spec.Given(Story.At(Mall).InMediation())
            .When(RecordMediation(MediationOutcome.MerchantUpheld))
            .Then(Events.MediationRecorded(MediationOutcome.MerchantUpheld));

    [Theory]
    [MemberData(nameof(NotRegulators))]
    public void Only_a_regulator_records_mediation_outcomes(Actor actor) =>
        Spec.Given(Story.At(Mall).InMediation()).When(RecordMediation(MediationOutcome.ConsumerUpheld, by: actor)).ThenThrows(ViolationKind.Forbidden);

    [Theory]
    [MemberData(nameof(NotRegulators))]
    public void Only_a_regulator_publishes(Actor actor) =>
        Spec.Given(Story.At(Mall).Drafted()).When(Publish(by: actor)).ThenThrows(ViolationKind.Forbidden);

    [Theory]
    [MemberData(nameof(NotRegulators))]
    public void Only_a_regulator_withholds(Actor actor) =>
        Spec.Given(Story.At(Mall).Drafted()).When(Withhold(by: actor)).ThenThrows(ViolationKind.Forbidden);

    public static TheoryData<Actor> NotRegulators => new() { Op(Merchant), Op(Mall), ConsumerActor, SystemActor };

    [Fact]
    public void Recording_the_same_outcome_again_changes_nothing() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.NoAgreement))
            .When(RecordMediation(MediationOutcome.NoAgreement))
            .ThenNothing();

    [Fact]
    public void Recording_a_different_outcome_afterwards_is_a_conflict() =>
        Spec.Given(Story.At(Market).Mediated(MediationOutcome.NoAgreement))
            .When(RecordMediation(MediationOutcome.ConsumerUpheld))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_complaint_not_before_the_regulator_has_no_mediation_outcome() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(RecordMediation(MediationOutcome.ConsumerUpheld)).ThenThrows(ViolationKind.Conflict);

    [Theory]
    [InlineData(MediationOutcome.MerchantUpheld)]
    [InlineData(MediationOutcome.NoAgreement)]
    public void Advance_compensation_is_ordered_only_when_the_consumer_is_upheld(MediationOutcome outcome) =>
        Spec.Given(Story.At(Mall).InMediation()).When(RecordMediation(outcome, order: true)).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Advance_compensation_is_ordered_only_against_an_eligible_venue() =>
        Spec.Given(Story.At(Market).EscalatedAfterRefusal())
            .When(RecordMediation(MediationOutcome.ConsumerUpheld, order: true))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Advance_compensation_cannot_be_ordered_without_a_venue() =>
        Spec.Given(Story.Direct.EscalatedAfterRefusal())
            .When(RecordMediation(MediationOutcome.ConsumerUpheld, order: true))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Regulator_orders_advance_compensation_from_an_enrolled_venue() =>
        Spec.Given(Story.At(Mall).InMediation())
            .When(RecordMediation(MediationOutcome.ConsumerUpheld, order: true))
            .Then(Events.MediationRecorded(MediationOutcome.ConsumerUpheld, ordered: true));

    [Fact]
    public void The_pipeline_escalates_a_refusal_no_venue_will_pay() =>
        Spec.Given(Story.At(Market).Refused())
            .When(Escalate(EscalationReason.RefusedWithoutAdvanceCompensation, at: Times.Answered.AddMinutes(1)))
            .Then(new ComplaintEvent.Escalated(
                EscalationReason.RefusedWithoutAdvanceCompensation, Times.Answered.AddMinutes(1).AddDays(45), Times.Answered.AddMinutes(1), NotCoveredReason.VenueNotEnrolled))
            .ThenState(s =>
            {
                Assert.Equal((DeadlineKind.Mediation, Times.Answered.AddMinutes(1).AddDays(45)), s.CurrentDeadline);
                Assert.Equal(NotCoveredReason.VenueNotEnrolled, s.NotCovered);
            });

    [Fact]
    public void Escalating_again_changes_nothing() =>
        Spec.Given(Story.At(Market).EscalatedAfterRefusal()).When(Escalate()).ThenNothing();

    [Fact]
    public void Only_a_refusal_is_escalated_by_command() =>
        Spec.Given(Story.At(Market).Acknowledged()).When(Escalate()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void A_refusal_is_not_escalated_for_a_deadline_reason() =>
        Spec.Given(Story.At(Market).Refused()).When(Escalate(EscalationReason.ResolveDeadlineMissed)).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Only_the_pipeline_escalates() =>
        Spec.Given(Story.At(Market).Refused()).When(Escalate(by: RegulatorActor)).ThenThrows(ViolationKind.Forbidden);
}
