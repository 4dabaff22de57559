using System.Reflection;
using Complaints.Core;
using Complaints.Core.Tests.Support;
using Complaints.Core.Workflow;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Workflow;

/// <summary>
/// What people write (reasons, notes, comments, messages, payment references, the names of attached files) never enters the orchestration history:
/// the workflow gets every event through <see cref="ComplaintEvent.WithoutFreeText"/>, which blanks each of it and
/// keeps everything the reactor reads.
/// </summary>
public class FreeTextTests
{
    /// <summary>Strings that are ids, names from the registry or minted by the pipeline: not free text.</summary>
    private static readonly HashSet<string> NotFreeText = new(StringComparer.Ordinal) { "Type", "PayoutId", "ClaimId", "DisclosureId", "AttachmentId", "MediaType", "Sha256" };

    private const string Written = "WRITTEN-BY-A-PERSON call 138 1234 5678";

    /// <summary>One event of every type, with every string a person writes set to <see cref="Written"/>.</summary>
    public static IEnumerable<ComplaintEvent> OneOfEach()
    {
        var filed = Events.Filed(Mall);
        yield return filed;
        yield return Events.Assigned(Mall.Id);
        yield return Events.Acknowledged(Mall.Id);
        yield return Events.Proposed(Merchant.Id, note: Written);
        yield return Events.Revised(Merchant.Id, note: Written);
        yield return Events.ProposedInMediation(Merchant.Id, note: Written);
        yield return Events.Declined(Written);
        yield return Events.Refused(Merchant.Id, Written);
        yield return Events.Confirmed();
        yield return Events.Disputed(Written);
        yield return Events.Withdrawn();
        yield return Events.DeadlineMissed(DeadlineKind.Resolve, Times.ResolveBy, Merchant.Id);
        yield return Events.Escalated(EscalationReason.RefusedWithoutAdvanceCompensation, notCovered: NotCoveredReason.VenueNotEnrolled);
        yield return Events.MediationRecorded(MediationOutcome.NoAgreement);
        yield return Events.AdvanceCompensationRequested(Mall.Id, Claim);
        yield return Events.PayoutSettled();
        yield return Events.RecoveryOpened(Mall.Id, Claim);
        yield return Events.RecoverySettled(true);
        yield return Events.RepaymentRecorded(Claim, Written);
        yield return Events.RepaymentConfirmed(Claim);
        yield return Events.RecoveryEnded(RecoveryResult.Recovered, Claim, null);
        yield return Events.Message(1, MessageAuthor.Consumer, null, Written);
        yield return Events.Attachment("a1", MessageAuthor.Consumer, null, Written);
        yield return new ComplaintEvent.AttachmentsErased(2, Times.Closed.AddYears(3));
        yield return Events.Closed(ComplaintOutcome.MonetaryRelief);
        yield return Events.Evaluated(4, Written);
        yield return Events.Drafted();
        yield return Events.Published();
        yield return Events.Withheld(Written);
    }

    private static IEnumerable<(string Name, string? Value)> FreeText(ComplaintEvent e) =>
        e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && !NotFreeText.Contains(p.Name))
            .Select(p => (p.Name, (string?)p.GetValue(e)));

    [Fact]
    public void The_samples_cover_every_event_type() =>
        Assert.Equal(EventTypeNames.Types.Values.ToHashSet(), OneOfEach().Select(e => e.GetType()).ToHashSet());

    [Fact]
    public void Every_string_a_person_wrote_is_blanked_and_nothing_else_changes()
    {
        foreach (var e in OneOfEach())
        {
            var blanked = e.WithoutFreeText();
            Assert.Equal(e.GetType(), blanked.GetType());
            Assert.All(FreeText(blanked), f => Assert.True(string.IsNullOrEmpty(f.Value), $"{e.Type}.{f.Name} keeps '{f.Value}'"));

            // Everything that is not free text is as it was.
            foreach (var p in e.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType != typeof(string) || NotFreeText.Contains(p.Name)))
            {
                Assert.Equal(p.GetValue(e), p.GetValue(blanked));
            }
        }
    }

    [Fact]
    public void The_samples_do_carry_free_text_where_an_event_has_it() =>
        Assert.Equal(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "refused", "resolution-proposed", "resolution-revised", "resolution-proposed-in-mediation", "proposal-declined", "disputed",
                "repayment-recorded", "message-posted", "attachment-added", "evaluated", "disclosure-withheld",
            },
            OneOfEach().Where(e => FreeText(e).Any(f => f.Value == Written)).Select(e => e.Type).ToHashSet(StringComparer.Ordinal));

    [Fact]
    public void The_reactor_reacts_the_same_without_the_free_text()
    {
        var state = WorkflowState.Start(Id) with { AdvanceCompensationEligible = true };
        foreach (var e in OneOfEach())
        {
            var full = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(e, 1), Times.Answered);
            var blanked = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(e.WithoutFreeText(), 1), Times.Answered);
            Assert.Equal(full.State, blanked.State);
            Assert.Equal(full.Actions, blanked.Actions);
            Assert.Equal(full.Timers, blanked.Timers);
        }
    }
}
