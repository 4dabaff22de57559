using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>Attaching a file: the consumer and the parties the complaint names, in the thread's window, up to the configured count.</summary>
public class AttachmentDecisionTests
{
    private static readonly DateTimeOffset At = Times.Acknowledged.AddHours(1);
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static ComplaintCommand.AddAttachment Attach(Actor actor, string id = "a1", int limit = 3, DateTimeOffset? at = null, string name = "receipt.pdf", string sha = Sha) =>
        new(id, name, "application/pdf", 1234, sha, limit, actor, at ?? At);

    [Fact]
    public void The_consumer_attaches_a_file_and_the_event_holds_its_metadata_only() =>
        Spec.Given(Story.At(Mall).Acknowledged())
            .When(Attach(ConsumerActor))
            .Then(new ComplaintEvent.AttachmentAdded("a1", MessageAuthor.Consumer, null, "receipt.pdf", "application/pdf", 1234, Sha, At))
            .ThenState(s =>
            {
                Assert.Equal(1, s.Attachments);
                Assert.Equal(ComplaintStatus.Acknowledged, s.Status);
                Assert.DoesNotContain("receipt", s.ToString(), StringComparison.Ordinal);
            });

    [Fact]
    public void The_merchant_and_the_venue_attach_under_their_own_role()
    {
        Spec.Given(Story.At(Mall).Acknowledged()).When(Attach(Op(Merchant))).Then(new ComplaintEvent.AttachmentAdded("a1", MessageAuthor.Merchant, Merchant.Id, "receipt.pdf", "application/pdf", 1234, Sha, At));
        Spec.Given(Story.At(Mall).Assigned()).When(Attach(Op(Mall))).Then(new ComplaintEvent.AttachmentAdded("a1", MessageAuthor.Venue, Mall.Id, "receipt.pdf", "application/pdf", 1234, Sha, At));
    }

    [Theory]
    [MemberData(nameof(Outsiders), MemberType = typeof(Fixtures))]
    public void Nobody_else_attaches(string who, Actor actor) =>
        Assert.False(string.IsNullOrEmpty(Spec.Given(Story.At(Mall).Acknowledged()).When(Attach(actor)).ThenThrows(ViolationKind.Forbidden).Message), who);

    [Fact]
    public void Past_the_limit_the_refusal_names_the_attachments()
    {
        var three = Enumerable.Range(1, 3).Select(n => (ComplaintEvent)Events.Attachment($"a{n}", MessageAuthor.Consumer, null));
        var refusal = Spec.Given([.. Story.At(Mall).Acknowledged(), .. three]).When(Attach(ConsumerActor, "a4", limit: 3)).ThenThrows(ViolationKind.Conflict);
        Assert.Equal(ComplaintDecider.AttachmentsField, refusal.Field);
        Spec.Given([.. Story.At(Mall).Acknowledged(), .. three]).When(Attach(ConsumerActor, "a4", limit: 4)).Then(e => Assert.Single(e));
    }

    [Fact]
    public void Files_are_attached_until_the_evaluation_window_after_closing_and_never_to_a_withdrawn_complaint()
    {
        Spec.Given(Story.At(Mall).Drafted()).When(Attach(ConsumerActor, at: Times.EvaluateBy)).Then(e => Assert.Single(e));
        Spec.Given(Story.At(Mall).Drafted()).When(Attach(Op(Merchant), at: Times.EvaluateBy.AddSeconds(1))).ThenThrows(ViolationKind.Conflict);
        Spec.Given(Story.At(Mall).Withdrawn()).When(Attach(ConsumerActor)).ThenThrows(ViolationKind.Conflict);
    }

    [Theory]
    [InlineData("", Sha, "filename")]
    [InlineData("receipt.pdf", "not-a-sha", "file")]
    [InlineData("receipt.pdf", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "file")]
    public void A_command_without_a_name_or_a_proper_hash_is_invalid_naming_the_field(string name, string sha, string field) =>
        Assert.Equal(field, Spec.Given(Story.At(Mall).Acknowledged()).When(Attach(ConsumerActor, name: name, sha: sha)).ThenThrows(ViolationKind.Invalid).Field);

    [Fact]
    public void The_orchestration_never_sees_the_file_name() =>
        Assert.Equal(string.Empty, ((ComplaintEvent.AttachmentAdded)Events.Attachment("a1", MessageAuthor.Consumer, null, "Li Wei passport.png").WithoutFreeText()).FileName);
}
