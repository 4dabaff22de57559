using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class AcknowledgeTests
{
    [Fact]
    public void First_responder_acknowledges_in_time_and_the_resolve_deadline_starts() =>
        Spec.Given(Story.At(Mall).Assigned())
            .When(Acknowledge(Op(Mall), at: Times.Acknowledged))
            .Then(new ComplaintEvent.Acknowledged(Mall.Id, Timely: true, Times.Acknowledged.AddDays(7), Times.Acknowledged))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Acknowledged, s.Status);
                Assert.True(s.AcknowledgedOnTime);
                Assert.Equal((DeadlineKind.Resolve, Times.Acknowledged.AddDays(7)), s.CurrentDeadline);
            });

    [Fact]
    public void Merchant_acknowledges_when_there_is_no_venue() =>
        Spec.Given(Story.Direct.Assigned())
            .When(Acknowledge(Op(Merchant)))
            .Then(Events.Acknowledged(Merchant.Id));

    [Fact]
    public void Acknowledging_exactly_at_the_deadline_is_timely() =>
        Spec.Given(Story.At(Mall).Assigned())
            .When(Acknowledge(Op(Mall), at: Times.AcknowledgeBy))
            .Then(Events.Acknowledged(Mall.Id, Times.AcknowledgeBy, timely: true));

    [Fact]
    public void Acknowledging_after_the_deadline_is_recorded_as_late() =>
        Spec.Given(Story.At(Mall).Assigned())
            .When(Acknowledge(Op(Mall), at: Times.AcknowledgeBy.AddTicks(1)))
            .Then(Events.Acknowledged(Mall.Id, Times.AcknowledgeBy.AddTicks(1), timely: false))
            .ThenState(s => Assert.False(s.AcknowledgedOnTime));

    [Fact]
    public void Merchant_operator_cannot_acknowledge_when_a_venue_is_the_first_responder() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(Op(Merchant))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Operator_of_another_venue_cannot_acknowledge() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(Op(OtherVenue))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Operator_of_another_merchant_cannot_acknowledge_a_direct_complaint() =>
        Spec.Given(Story.Direct.Assigned()).When(Acknowledge(Op(OtherMerchant))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Consumer_cannot_acknowledge() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(ConsumerActor)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Regulator_cannot_acknowledge() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(RegulatorActor)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void The_pipeline_cannot_acknowledge_for_the_first_responder() =>
        Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(SystemActor)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Acknowledging_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Acknowledge(Op(Mall), at: Times.Acknowledged.AddHours(3)))
            .ThenNothing();

    [Fact]
    public void Acknowledging_again_after_a_proposal_changes_nothing() =>
        Spec.Given(Story.At(Mall).Proposed()).When(Acknowledge(Op(Mall))).ThenNothing();

    [Fact]
    public void A_stranger_is_refused_even_a_repeated_acknowledgement() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Acknowledge(Op(OtherVenue))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Acknowledging_before_assignment_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Filed()).When(Acknowledge(Op(Mall))).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Acknowledging_after_the_deadline_escalated_the_complaint_is_a_conflict() =>
        Spec.Given(Story.At(Mall).AcknowledgeDeadlineMissed()).When(Acknowledge(Op(Mall))).ThenThrows(ViolationKind.Conflict);
}
