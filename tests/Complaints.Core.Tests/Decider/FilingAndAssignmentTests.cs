using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

public class FilingAndAssignmentTests
{
    [Fact]
    public void Consumer_files_a_complaint_that_snapshots_merchant_and_venue() =>
        Spec.Given()
            .When(File(Mall, category: Category.Delivery, claim: BigClaim, consent: false))
            .Then(new ComplaintEvent.Filed(
                Id,
                new MerchantSnapshot(Merchant.Id, Merchant.Name, Merchant.CreditCode, IdentityKnownToVenue: true),
                new VenueSnapshot(Mall.Id, Mall.Name, VenueKind.Mall, Mall.AdvanceCompensation),
                Category.Delivery,
                BigClaim,
                ConsentToPublishNarrative: false,
                Times.Filed));

    [Fact]
    public void A_complaint_without_a_venue_is_filed_against_the_merchant_alone() =>
        Spec.Given()
            .When(File(null))
            .Then(Events.Filed(null))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Filed, s.Status);
                Assert.Null(s.Venue);
                Assert.Equal([Merchant.Id], s.NamedParties);
            });

    [Fact]
    public void The_snapshot_keeps_the_enrolment_terms_as_they_were_at_filing()
    {
        var filed = Spec.Given().When(File(Mall)).Events.OfType<ComplaintEvent.Filed>().Single();

        // The registry may change later; the complaint keeps what applied when it was filed.
        Assert.Equal(MallCap, filed.Venue!.AdvanceCompensation.CapPerComplaint);
        Assert.True(filed.Venue.AdvanceCompensation.Covers(Category.GoodsQuality));
        Assert.Equal(Merchant.CreditCode, filed.Merchant.CreditCode);
    }

    [Fact]
    public void Consumer_of_another_complaint_cannot_file_this_one() =>
        Spec.Given().When(File(Mall, by: OtherConsumer)).ThenThrows(ViolationKind.Forbidden);

    [Theory]
    [MemberData(nameof(NonConsumers))]
    public void Only_a_consumer_files(Actor actor) =>
        Spec.Given().When(File(Mall, by: actor)).ThenThrows(ViolationKind.Forbidden);

    public static TheoryData<Actor> NonConsumers => new()
    {
        Op(Merchant),
        Op(Mall),
        RegulatorActor,
        SystemActor,
    };

    [Fact]
    public void A_venue_that_is_also_the_merchant_is_refused_as_invalid()
    {
        var selfVenue = Mall with { Id = Merchant.Id };
        Spec.Given().When(File(selfVenue)).ThenThrows(ViolationKind.Invalid);
    }

    [Fact]
    public void Filing_the_same_complaint_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(File(Mall)).ThenNothing();

    [Fact]
    public void Filing_another_complaint_over_an_existing_one_is_a_conflict() =>
        Spec.Given(Story.At(Mall).Filed())
            .When(File(Mall, by: OtherConsumer, id: OtherId))
            .ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void Nothing_but_filing_is_accepted_before_the_complaint_exists() =>
        Spec.Given().When(AssignFirstResponder()).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void The_venue_is_the_first_responder_when_there_is_one() =>
        Spec.Given(Story.At(Mall).Filed())
            .When(AssignFirstResponder(at: Times.Assigned))
            .Then(new ComplaintEvent.FirstResponderAssigned(Mall.Id, Times.Assigned.AddHours(24), Times.Assigned))
            .ThenState(s =>
            {
                Assert.Equal(ComplaintStatus.Assigned, s.Status);
                Assert.Equal((DeadlineKind.Acknowledge, Times.Assigned.AddHours(24)), s.CurrentDeadline);
            });

    [Fact]
    public void The_merchant_is_the_first_responder_when_there_is_no_venue() =>
        Spec.Given(Story.Direct.Filed())
            .When(AssignFirstResponder(at: Times.Assigned))
            .Then(new ComplaintEvent.FirstResponderAssigned(Merchant.Id, Times.Assigned.AddHours(24), Times.Assigned));

    [Fact]
    public void Assigning_again_changes_nothing() =>
        Spec.Given(Story.At(Mall).Assigned()).When(AssignFirstResponder(at: Times.Assigned.AddMinutes(5))).ThenNothing();

    [Fact]
    public void Assigning_after_acknowledgement_changes_nothing() =>
        Spec.Given(Story.At(Mall).Acknowledged()).When(AssignFirstResponder()).ThenNothing();

    [Fact]
    public void Only_the_pipeline_assigns_the_first_responder() =>
        Spec.Given(Story.At(Mall).Filed()).When(AssignFirstResponder(by: Op(Mall))).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void The_acknowledge_deadline_follows_the_configured_duration()
    {
        var decider = new ComplaintDecider(new DeadlineOptions { Acknowledge = TimeSpan.FromHours(72) });
        Spec.Given(Story.At(Mall).Filed())
            .When(AssignFirstResponder(at: Times.Assigned), decider)
            .Then(new ComplaintEvent.FirstResponderAssigned(Mall.Id, Times.Assigned.AddHours(72), Times.Assigned));
    }
}
