using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Commands;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>The complaint's message thread: the consumer and the parties the complaint names, with a size limit.</summary>
public class MessageThreadTests
{
    private static readonly DateTimeOffset At = Times.Acknowledged.AddHours(1);

    [Fact]
    public void The_consumer_writes_in_the_thread() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(PostMessage(ConsumerActor, "The screen is cracked; photos attached.", At))
            .Then(new ComplaintEvent.MessagePosted(1, MessageAuthor.Consumer, null, "The screen is cracked; photos attached.", At))
            .ThenState(s =>
            {
                Assert.Equal(1, s.Messages);
                Assert.Equal(ComplaintStatus.Acknowledged, s.Status);
                Assert.Equal((DeadlineKind.Resolve, Times.ResolveBy), s.CurrentDeadline);
            });

    [Fact]
    public void The_merchant_and_the_venue_write_under_their_own_role() =>
        Spec.Given([.. Story.At(Mall).Acknowledged(), Events.Message(1, MessageAuthor.Consumer, null)])
            .When(PostMessage(Op(Merchant), at: At))
            .Then(Events.Message(2, MessageAuthor.Merchant, Merchant.Id, at: At))
            .ThenState(s => Assert.Equal(2, s.Messages));

    [Fact]
    public void The_venue_writes_as_the_venue() =>
        Spec.Given(Story.At(Mall).Assigned()).When(PostMessage(Op(Mall), at: At)).Then(Events.Message(1, MessageAuthor.Venue, Mall.Id, at: At));

    [Theory]
    [MemberData(nameof(Outsiders), MemberType = typeof(Fixtures))]
    public void Nobody_else_writes_in_the_thread(string who, Actor actor) =>
        Assert.False(string.IsNullOrEmpty(Spec.Given(Story.At(Mall).Acknowledged()).When(PostMessage(actor)).ThenThrows(ViolationKind.Forbidden).Message), who);

    [Fact]
    public void Without_a_venue_no_venue_operator_writes() =>
        Spec.Given(Story.Direct.Acknowledged()).When(PostMessage(Op(Mall))).ThenThrows(ViolationKind.Forbidden);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_message_is_invalid_naming_the_text(string text) =>
        Assert.Equal("text", Spec.Given(Story.At(Mall).Acknowledged()).When(PostMessage(ConsumerActor, text)).ThenThrows(ViolationKind.Invalid).Field);

    [Fact]
    public void A_message_is_at_most_2000_characters()
    {
        Assert.Equal("text", Spec.Given(Story.At(Mall).Acknowledged()).When(PostMessage(ConsumerActor, new string('字', 2_001))).ThenThrows(ViolationKind.Invalid).Field);
        Spec.Given(Story.At(Mall).Acknowledged()).When(PostMessage(ConsumerActor, new string('字', 2_000))).Then(e => Assert.Single(e));
    }

    [Fact]
    public void The_thread_stays_open_for_the_evaluation_window_after_closing()
    {
        Spec.Given(Story.At(Mall).Drafted()).When(PostMessage(ConsumerActor, at: Times.EvaluateBy)).Then(e => Assert.Single(e));
        Spec.Given(Story.At(Mall).Published()).When(PostMessage(Op(Merchant), at: Times.Closed.AddDays(2))).Then(e => Assert.Single(e));
        Spec.Given(Story.At(Mall).Drafted()).When(PostMessage(ConsumerActor, at: Times.EvaluateBy.AddSeconds(1))).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void A_withdrawn_complaint_has_no_thread() =>
        Spec.Given(Story.At(Mall).Withdrawn()).When(PostMessage(Op(Merchant))).ThenThrows(ViolationKind.Conflict);

    [Fact]
    public void The_thread_has_a_maximum_length()
    {
        var full = Enumerable.Range(1, ComplaintDecider.MaxMessages).Select(n => (ComplaintEvent)Events.Message(n, MessageAuthor.Consumer, null));
        Spec.Given([.. Story.At(Mall).Acknowledged(), .. full]).When(PostMessage(ConsumerActor)).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void The_complaint_state_keeps_no_message_text()
    {
        var state = Spec.Given([.. Story.At(Mall).Acknowledged(), Events.Message(1, MessageAuthor.Consumer, null, "secret 138 1234 5678")]).State;
        Assert.DoesNotContain("secret", state.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", Complaints.Storage.StorageJson.Serialize(state), StringComparison.Ordinal);
    }
}
