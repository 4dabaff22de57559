using System.Collections;
using System.Reflection;
using Complaints.Core;
using Complaints.Storage;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>What the state row stores reads back as the same state: every recorded fact survives the round trip.</summary>
public sealed class StorageJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 3, 9, 15, 30, 123, TimeSpan.FromHours(8));

    [Fact]
    public void A_complaint_with_every_field_set_round_trips_through_storage_json()
    {
        var original = EveryFieldSet();
        var unset = typeof(Complaint).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && IsDefault(p.GetValue(original)))
            .Select(p => p.Name)
            .ToList();
        Assert.True(unset.Count == 0, $"The sample should set every stored field; unset: {string.Join(", ", unset)}.");

        var json = StorageJson.Serialize(original);
        var back = StorageJson.Deserialize<Complaint>(json);

        Assert.Equal(original.MissedDeadlines, back.MissedDeadlines);
        Assert.Equal(original, back with { MissedDeadlines = original.MissedDeadlines });
        Assert.Equal(json, StorageJson.Serialize(back));
        Assert.Equal(original.Venue!.AdvanceCompensation.Categories.Order(), back.Venue!.AdvanceCompensation.Categories.Order());
        Assert.Equal(T0.Offset, back.FiledAt.Offset);
        Assert.Equal(original.Untimely, back.Untimely);
        Assert.Equal(original.CurrentDeadline, back.CurrentDeadline);
        Assert.DoesNotContain("\"untimely\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"isTerminal\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_event_type_round_trips_through_storage_json()
    {
        var snapshot = EveryFieldSet();
        var money = Money.Of(123.45m, "CNY");
        var party = new PartyId("m-acme");
        ComplaintEvent[] samples =
        [
            new ComplaintEvent.Filed(snapshot.Id, snapshot.Merchant, snapshot.Venue, Category.Delivery, money, true, T0),
            new ComplaintEvent.FirstResponderAssigned(party, T0.AddDays(1), T0),
            new ComplaintEvent.Acknowledged(party, true, T0.AddDays(7), T0),
            new ComplaintEvent.ResolutionProposed(party, Remedy.Refund, money, "note", false, T0.AddDays(7), T0),
            new ComplaintEvent.Refused(party, "reason", true, T0),
            new ComplaintEvent.Confirmed(true, T0),
            new ComplaintEvent.Disputed("reason", T0.AddDays(45), T0),
            new ComplaintEvent.Withdrawn(T0),
            new ComplaintEvent.DeadlineMissed(DeadlineKind.Acknowledge, T0, party, T0.AddSeconds(1)),
            new ComplaintEvent.Escalated(EscalationReason.ResolveDeadlineMissed, T0.AddDays(45), T0),
            new ComplaintEvent.MediationOutcomeRecorded(MediationOutcome.NoAgreement, false, null, T0),
            new ComplaintEvent.AdvanceCompensationRequested("c1-ac", party, money, AdvanceCompensationTrigger.MediationOrder, true, T0),
            new ComplaintEvent.PayoutSettled("c1-ac", T0),
            new ComplaintEvent.ResolutionRevised(party, Remedy.Compensation, money, "better", true, 1, T0.AddDays(7), T0),
            new ComplaintEvent.ResolutionProposedInMediation(party, Remedy.Refund, money, "in mediation", false, T0),
            new ComplaintEvent.ProposalDeclined("reason", T0),
            new ComplaintEvent.RecoveryClaimOpened("c1-rc", new PartyId("v-1"), party, money, T0.AddDays(90), T0),
            new ComplaintEvent.RecoveryClaimSettled("c1-rc", false, T0),
            new ComplaintEvent.RepaymentRecorded("c1-rc", party, Money.Of(23.45m, "CNY"), "TX-1", T0),
            new ComplaintEvent.RepaymentConfirmed("c1-rc", new PartyId("v-1"), Money.Of(23.45m, "CNY"), T0),
            new ComplaintEvent.RecoveryClaimEnded("c1-rc", RecoveryResult.PartlyRecovered, Money.Of(23.45m, "CNY"), Money.Of(100m, "CNY"), RecoveryEndReason.DeadlinePassed, null, T0),
            new ComplaintEvent.MessagePosted(1, MessageAuthor.Merchant, party, "message", T0),
            new ComplaintEvent.AttachmentAdded("a1", MessageAuthor.Venue, party, "receipt.pdf", "application/pdf", 1234, new string('a', 64), T0),
            new ComplaintEvent.AttachmentsErased(2, T0.AddYears(3)),
            new ComplaintEvent.Closed(ComplaintOutcome.ClosedWithoutRelief, T0),
            new ComplaintEvent.Evaluated(3, "ok", T0),
            new ComplaintEvent.DisclosureDrafted("d1", T0),
            new ComplaintEvent.DisclosurePublished("d1", new PartyId("r-1"), T0),
            new ComplaintEvent.DisclosureWithheld("d1", "reason", new PartyId("r-1"), T0),
        ];

        Assert.Equal(EventTypeNames.Types.Count, samples.Select(e => e.GetType()).Distinct().Count());
        foreach (var e in samples)
        {
            var back = StorageJson.DeserializeEvent(e.Type, StorageJson.SerializeEvent(e));
            Assert.Equal(e, back);
        }
    }

    private static Complaint EveryFieldSet()
    {
        var venue = new VenueSnapshot(
            new PartyId("v-shopnow"),
            "ShopNow",
            VenueKind.TvShopping,
            new AdvanceCompensationEnrolment(true, Money.Of(500m, "CNY"), new HashSet<Category> { Category.Delivery, Category.GoodsQuality }));
        return new Complaint
        {
            Status = ComplaintStatus.Closed,
            Version = 17,
            Id = new ComplaintId("c0123456789abcdef0123456789abcdef"),
            Merchant = new MerchantSnapshot(new PartyId("m-acme"), "Acme \"Kitchen\" 厨具", "91310000MA1FL8XQ30", false),
            Venue = venue,
            Category = Category.Delivery,
            Claim = Money.Of(800.25m, "CNY"),
            ConsentToPublishNarrative = true,
            FiledAt = T0,
            FirstResponder = new PartyId("v-shopnow"),
            AcknowledgeBy = T0.AddDays(1),
            AcknowledgedAt = T0.AddHours(30),
            AcknowledgedOnTime = false,
            ResolveBy = T0.AddDays(8),
            Resolution = new ProposedResolution(new PartyId("m-acme"), Remedy.Compensation, Money.Of(50m, "CNY"), "Partial refund.", T0.AddDays(2), ExceedsClaim: false, DuringMediation: true, Declined: true),
            Proposals = 3,
            ConfirmBy = T0.AddDays(9),
            ConfirmedAutomatically = false,
            RefusalReason = "Used product.",
            RefusedAt = T0.AddDays(3),
            DisputeReason = "Not enough.",
            Escalation = EscalationReason.ResolveDeadlineMissed,
            NotCovered = NotCoveredReason.CapInOtherCurrency,
            MediationBy = T0.AddDays(50),
            Mediation = new MediationInfo(MediationOutcome.ConsumerUpheld, true, T0.AddDays(10)),
            Payout = new PayoutInfo("c0-ac", new PartyId("v-shopnow"), Money.Of(500m, "CNY"), AdvanceCompensationTrigger.MediationOrder, true, T0.AddDays(10), T0.AddDays(11)),
            Recovery = new RecoveryInfo(
                "c0-rc", new PartyId("v-shopnow"), new PartyId("m-acme"), Money.Of(500m, "CNY"), T0.AddDays(11), T0.AddDays(101), Money.Of(100m, "CNY"),
                new PendingRepayment(Money.Of(50m, "CNY"), "TX-2", T0.AddDays(19)),
                new RecoveryEnding(RecoveryResult.PartlyRecovered, Money.Of(100m, "CNY"), Money.Of(400m, "CNY"), RecoveryEndReason.DeadlinePassed, T0.AddDays(101))),
            Outcome = ComplaintOutcome.AdvanceCompensated,
            ClosedAt = T0.AddDays(12),
            Evaluation = new EvaluationInfo(2, "Slow.", T0.AddDays(13)),
            Disclosure = DisclosureStatus.Withheld,
            DisclosureId = "d0123",
            DisclosureWithheldReason = "Ongoing litigation.",
            Messages = 4,
            Attachments = 2,
            AttachmentsErasedAt = T0.AddYears(3),
            MissedDeadlines =
            [
                new MissedDeadline(DeadlineKind.Acknowledge, T0.AddDays(1), new PartyId("v-shopnow"), T0.AddDays(1).AddSeconds(2)),
                new MissedDeadline(DeadlineKind.Mediation, T0.AddDays(50), null, T0.AddDays(50)),
            ],
        };
    }

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        bool => false, // false is a real answer for a flag
        ICollection { Count: 0 } => true,
        ValueType v => v.Equals(Activator.CreateInstance(v.GetType())),
        _ => false,
    };
}
