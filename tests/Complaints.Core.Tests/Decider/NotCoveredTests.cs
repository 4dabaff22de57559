using Complaints.Core;
using Complaints.Core.Tests.Properties;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>A claim no venue pays first goes to the regulator with a reason the consumer can read.</summary>
public class NotCoveredTests
{
    public static TheoryData<string, NotCoveredReason> Venues => new()
    {
        { "none", NotCoveredReason.NoVenue },
        { "market", NotCoveredReason.VenueNotEnrolled },
        { "mall, category not enrolled", NotCoveredReason.CategoryNotCovered },
        { "mall with a USD cap", NotCoveredReason.CapInOtherCurrency },
    };

    private static Story StoryFor(string venue) => venue switch
    {
        "none" => Story.Direct,
        "market" => Story.At(Market),
        "mall, category not enrolled" => Story.At(Mall) with { Category = Category.Pricing },
        _ => Story.At(Scenarios.UsdCappedMall),
    };

    [Theory]
    [MemberData(nameof(Venues))]
    public void An_escalated_refusal_says_why_no_venue_pays_first(string venue, NotCoveredReason reason) =>
        Spec.Given(StoryFor(venue).Refused())
            .When(Escalate())
            .Then(e => Assert.Equal(reason, Assert.IsType<ComplaintEvent.Escalated>(Assert.Single(e)).NotCovered))
            .ThenState(s => Assert.Equal(reason, s.NotCovered));

    [Theory]
    [MemberData(nameof(Venues))]
    public void A_missed_resolve_deadline_says_why_no_venue_pays_first(string venue, NotCoveredReason reason) =>
        Spec.Given(StoryFor(venue).Acknowledged())
            .When(MissDeadline(DeadlineKind.Resolve, Times.ResolveBy))
            .Then(e => Assert.Equal(reason, Assert.IsType<ComplaintEvent.Escalated>(e[^1]).NotCovered));

    [Fact]
    public void A_missed_resolve_deadline_with_a_venue_that_pays_names_no_reason() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(MissDeadline(DeadlineKind.Resolve, Times.ResolveBy))
            .Then(e => Assert.Null(Assert.IsType<ComplaintEvent.Escalated>(e[^1]).NotCovered));

    [Fact]
    public void A_missed_acknowledgement_is_not_about_advance_compensation() =>
        Spec.Given(Story.At(Market).Assigned())
            .When(MissDeadline(DeadlineKind.Acknowledge, Times.AcknowledgeBy))
            .Then(e => Assert.Null(Assert.IsType<ComplaintEvent.Escalated>(e[^1]).NotCovered));

    [Fact]
    public void Every_reason_reads_as_a_sentence_for_the_consumer() =>
        Assert.All(Enum.GetValues<NotCoveredReason>(), r =>
        {
            var text = NotCoveredReasons.Explain(r);
            Assert.EndsWith(".", text, StringComparison.Ordinal);
            Assert.Contains("regulator", text, StringComparison.Ordinal);
        });

    [Fact]
    public void The_terms_say_why_not()
    {
        Assert.Equal(NotCoveredReason.CapInOtherCurrency, AdvanceCompensationTerms.For(Complaint.Replay(Story.At(Scenarios.UsdCappedMall).Filed())).NotCovered);
        Assert.Null(AdvanceCompensationTerms.For(Complaint.Replay(Story.At(Mall).Filed())).NotCovered);
        Assert.Null(AdvanceCompensationTerms.For(Complaint.Replay((Story.At(Market) with { Merchant = AnonymousMerchant }).Filed())).NotCovered);
    }
}
