using Complaints.Core;
using Complaints.Core.Tests.Support;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Decider;

/// <summary>
/// The attachments' retention: once a complaint has ended (closed or withdrawn) for the retention period, the pipeline
/// erases its files' bytes; the timeline records the count (no names), once, and nothing can be attached afterwards.
/// </summary>
public class AttachmentRetentionTests
{
    private static readonly TimeSpan Retain = TimeSpan.FromDays(1095);

    private static readonly ComplaintEvent[] Attached =
        [Events.Attachment("a1", MessageAuthor.Consumer, null), Events.Attachment("a2", MessageAuthor.Merchant, Merchant.Id, "receipt.png")];

    private static ComplaintEvent[] ClosedWithFiles => [.. Story.At(Mall).Acknowledged(), .. Attached, .. Story.At(Mall).ClosedResolved().Skip(Story.At(Mall).Acknowledged().Length)];

    private static ComplaintEvent[] WithdrawnWithFiles => [.. Story.At(Mall).Acknowledged(), .. Attached, Events.Withdrawn(Times.Acknowledged.AddHours(2))];

    private static ComplaintCommand.EraseAttachments Erase(DateTimeOffset at, Actor? by = null) => new(Retain, by ?? SystemActor, at);

    [Fact]
    public void Past_the_retention_after_closing_the_pipeline_erases_them_and_the_event_holds_only_the_count()
    {
        var at = Times.Closed + Retain;
        Spec.Given(ClosedWithFiles)
            .When(Erase(at))
            .Then(new ComplaintEvent.AttachmentsErased(2, at))
            .ThenState(s =>
            {
                Assert.Equal(at, s.AttachmentsErasedAt);
                Assert.Equal(2, s.Attachments);
                Assert.Equal(ComplaintStatus.Closed, s.Status);
            });
        Assert.DoesNotContain("receipt", new ComplaintEvent.AttachmentsErased(2, at).ToString(), StringComparison.Ordinal);
        Assert.Equal("attachments-erased", new ComplaintEvent.AttachmentsErased(2, at).Type);
    }

    [Fact]
    public void A_withdrawn_complaint_is_erased_the_retention_after_its_withdrawal()
    {
        var withdrawnAt = Times.Acknowledged.AddHours(2);
        Spec.Given(WithdrawnWithFiles).When(Erase(withdrawnAt + Retain - TimeSpan.FromSeconds(1))).ThenThrows(ViolationKind.Conflict);
        Spec.Given(WithdrawnWithFiles).When(Erase(withdrawnAt + Retain)).Then(new ComplaintEvent.AttachmentsErased(2, withdrawnAt + Retain));
    }

    [Fact]
    public void Before_the_retention_has_passed_or_before_the_end_nothing_is_erased()
    {
        Spec.Given(ClosedWithFiles).When(Erase(Times.Closed + Retain - TimeSpan.FromSeconds(1))).ThenThrows(ViolationKind.Conflict);
        Spec.Given([.. Story.At(Mall).Acknowledged(), .. Attached]).When(Erase(Times.Closed + Retain + Retain)).ThenThrows(ViolationKind.Conflict);
    }

    [Fact]
    public void Erasure_is_recorded_once_and_not_at_all_without_attachments()
    {
        var at = Times.Closed + Retain;
        Spec.Given([.. ClosedWithFiles, new ComplaintEvent.AttachmentsErased(2, at)]).When(Erase(at.AddDays(1))).ThenNothing();
        Spec.Given(Story.At(Mall).ClosedResolved()).When(Erase(at)).ThenNothing();
    }

    [Fact]
    public void Only_the_pipeline_erases() =>
        Spec.Given(ClosedWithFiles).When(Erase(Times.Closed + Retain, ConsumerActor)).ThenThrows(ViolationKind.Forbidden);

    [Fact]
    public void A_retention_that_is_not_positive_is_invalid() =>
        Spec.Given(ClosedWithFiles).When(new ComplaintCommand.EraseAttachments(TimeSpan.Zero, SystemActor, Times.Closed.AddDays(1))).ThenThrows(ViolationKind.Invalid);

    [Fact]
    public void Nothing_is_attached_after_erasure_even_inside_the_evaluation_window()
    {
        // A retention shorter than the evaluation window (as a test host configures it): the erasure still ends attaching.
        var erasedAt = Times.Closed.AddHours(1);
        var attach = new ComplaintCommand.AddAttachment("a3", "late.png", "image/png", 10, new string('b', 64), 5, ConsumerActor, erasedAt.AddMinutes(1));
        Spec.Given(ClosedWithFiles).When(attach).Then(e => Assert.Single(e));
        Spec.Given([.. ClosedWithFiles, new ComplaintEvent.AttachmentsErased(2, erasedAt)]).When(attach).ThenThrows(ViolationKind.Conflict);

        // The thread is not the attachments: it stays open for its window.
        Spec.Given([.. ClosedWithFiles, new ComplaintEvent.AttachmentsErased(2, erasedAt)])
            .When(new ComplaintCommand.PostMessage("Thanks.", ConsumerActor, erasedAt.AddMinutes(1))).Then(e => Assert.Single(e));
    }
}
