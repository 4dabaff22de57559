using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class DisclosureDecisionTests
{
    [Fact]
    public void The_pipeline_drafts_a_disclosure_for_a_closed_complaint() =>
        Spec.Given(Story.At(Mall).ClosedResolved())
            .When(Draft("pub-A1", at: Times.Drafted))
            .Then(new ComplaintEvent.DisclosureDrafted("pub-A1", Times.Drafted))
            .ThenState(s =>
            {
                Assert.Equal(DisclosureStatus.Draft, s.Disclosure);
                Assert.Equal("pub-A1", s.DisclosureId);
                Assert.Equal(ComplaintStatus.Closed, s.Status);
            });

    [Fact]
    public void A_withdrawn_complaint_gets_a_draft_too() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(Draft("pub-W1")).Then(Events.Drafted("pub-W1"));

    [Fact]
    public void A_second_draft_changes_nothing_and_keeps_the_first_id()
    {
        var spec = Spec.Given([.. Story.At(Mall).ClosedResolved(), Events.Drafted("pub-first")]);
        spec.When(Draft("pub-second")).ThenNothing();
        Assert.Equal("pub-first", spec.State.DisclosureId);
    }

    [Fact]
    public void A_draft_after_a_decision_changes_nothing() =>
        Spec.Given(Story.At(Mall).Withheld()).When(Draft("pub-again")).ThenNothing();

    [Fact]
    public void No_draft_before_the_complaint_closes() =>
        Spec.Given(Story.At(Mall).Resolved()).When(Draft()).ThenThrows(ViolationKind.Conflict);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_draft_needs_a_public_id(string id) =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Draft(id)).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Only_the_pipeline_drafts() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Draft(by: RegulatorActor)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void Regulator_publishes_a_draft() =>
        Spec.Given(Story.At(Mall).Drafted())
            .When(Publish(at: Times.Drafted.AddDays(1)))
            .Then(new ComplaintEvent.DisclosurePublished("pub-7Q2XK", Regulator.Id, Times.Drafted.AddDays(1)))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Disclosed, s.Status);
                Assert.Equal(DisclosureStatus.Published, s.Disclosure);
                Assert.True(s.IsTerminal);
            });

    [Fact]
    public void Publishing_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Published()).When(Publish()).ThenNothing();

    [Fact]
    public void Publishing_without_a_draft_is_a_conflict() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Publish()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Publishing_before_the_complaint_closes_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(Publish()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Publishing_after_withholding_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Withheld()).When(Publish()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Regulator_withholds_a_draft_with_a_reason() =>
        Spec.Given(Story.At(Mall).Drafted())
            .When(Withhold("Names a minor.", at: Times.Drafted.AddDays(1)))
            .Then(new ComplaintEvent.DisclosureWithheld("pub-7Q2XK", "Names a minor.", Regulator.Id, Times.Drafted.AddDays(1)))
            .ThenState(s =>
            {
                Assert.Equal(DisclosureStatus.Withheld, s.Disclosure);
                Assert.Equal("Names a minor.", s.DisclosureWithheldReason);
                Assert.Equal(ComplaintStatus.Closed, s.Status);
            });

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Withholding_needs_a_reason(string reason) =>
        Spec.Given(Story.At(Mall).Drafted()).When(Withhold(reason)).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Withholding_again_for_the_same_reason_changes_nothing() =>
        Spec.Given(Story.At(Mall).Withheld()).When(Withhold("Identifies a third party.")).ThenNothing();

    [Fact]
    public void Withholding_again_for_another_reason_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Withheld()).When(Withhold("Another reason.")).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Withholding_a_published_disclosure_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Published()).When(Withhold()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Withholding_without_a_draft_is_a_conflict() =>
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Withhold()).ThenThrows(ViolationKind.Conflict);
}
