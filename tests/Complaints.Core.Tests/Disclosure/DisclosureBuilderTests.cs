using System.Diagnostics;
using System.Text;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Tests.Support;
using Xunit.Abstractions;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Disclosure;

public class DisclosureBuilderTests(ITestOutputHelper output)
{
    private const string PublicId = "pub-3f9c2a7e51d04b6f";

    private static readonly ConsumerContact Consumer = new("Chen Xiaoyu", "+86 139 1234 5678", "xiaoyu.chen@example.com");

    private static DisclosureRecord Build(ComplaintEvent[] history, string? narrative = null, ConsumerContact? consumer = null) =>
        DisclosureBuilder.Build(Complaint.Replay(history), PublicId, narrative, consumer ?? Consumer);

    /// <summary>Every string the record would put on the public feed.</summary>
    private static string Serialize(DisclosureRecord record) =>
        string.Join("\n", typeof(DisclosureRecord).GetProperties().Select(p => Convert.ToString(p.GetValue(record), System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_record_carries_the_public_facts_of_a_resolved_complaint()
    {
        var record = Build([.. Story.At(Mall).ClosedResolved(), Events.Evaluated(4)]);

        Assert.Equal(PublicId, record.DisclosureId);
        Assert.Equal("2026-03", record.MonthReceived);
        Assert.Equal(Merchant.Id, record.MerchantId);
        Assert.Equal(Merchant.Name, record.MerchantName);
        Assert.Equal(Merchant.CreditCode, record.MerchantCreditCode);
        Assert.Equal(Mall.Id, record.VenueId);
        Assert.Equal(Mall.Name, record.VenueName);
        Assert.Equal(Category.GoodsQuality, record.Category);
        Assert.Equal(HandlingRoute.ResolvedByMerchant, record.HowHandled);
        Assert.Equal(ComplaintOutcome.MonetaryRelief, record.Outcome);
        Assert.True(record.Timely);
        Assert.Equal(3, record.DaysToResolve);
        Assert.Equal(Payer.Merchant, record.PaidBy);
        Assert.Equal(4, record.ConsumerRating);
    }

    [Fact]
    public void A_complaint_without_a_venue_has_no_venue_in_the_record()
    {
        var record = Build(Story.Direct.ClosedResolved());
        Assert.Null(record.VenueId);
        Assert.Null(record.VenueName);
        Assert.Null(record.ConsumerRating);
    }

    [Fact]
    public void The_month_received_is_the_filing_month()
    {
        var history = Story.At(Mall).ClosedResolved();
        history[0] = Events.Filed(Mall, at: new DateTimeOffset(2025, 11, 17, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal("2025-11", Build(history).MonthReceived);
    }

    [Fact]
    public void Days_to_resolve_round_up_to_whole_days()
    {
        var history = Story.At(Mall).ClosedResolved();
        history[^1] = Events.Closed(ComplaintOutcome.MonetaryRelief, T0.AddDays(3).AddHours(1));
        Assert.Equal(4, Build(history).DaysToResolve);
    }

    [Fact]
    public void A_complaint_withdrawn_at_once_took_zero_days()
    {
        var record = Build([.. Story.At(Mall).Filed(), Events.Withdrawn(T0)]);
        Assert.Equal(0, record.DaysToResolve);
        Assert.Equal(ComplaintOutcome.Withdrawn, record.Outcome);
        Assert.Equal(HandlingRoute.WithdrawnByConsumer, record.HowHandled);
        Assert.Equal(Payer.None, record.PaidBy);
    }

    [Fact]
    public void A_missed_deadline_makes_the_record_untimely()
    {
        var record = Build([.. Story.At(Market).AcknowledgeDeadlineMissed(), Events.MediationRecorded(MediationOutcome.NoAgreement), Events.Closed(ComplaintOutcome.ClosedWithoutRelief)]);
        Assert.False(record.Timely);
        Assert.Equal(HandlingRoute.RegulatorMediation, record.HowHandled);
        Assert.Equal(ComplaintOutcome.ClosedWithoutRelief, record.Outcome);
        Assert.Equal(Payer.None, record.PaidBy);
    }

    [Fact]
    public void An_advance_compensated_complaint_was_paid_by_the_venue()
    {
        var record = Build(Story.At(Mall).ClosedAdvanceCompensated());
        Assert.Equal(HandlingRoute.AdvanceCompensatedByVenue, record.HowHandled);
        Assert.Equal(Payer.Venue, record.PaidBy);
        Assert.Equal(ComplaintOutcome.AdvanceCompensated, record.Outcome);
    }

    [Theory]
    [InlineData(Remedy.Repair, ComplaintOutcome.NonMonetaryRelief)]
    [InlineData(Remedy.Explanation, ComplaintOutcome.Explanation)]
    public void Nobody_paid_for_a_non_monetary_resolution(Remedy remedy, ComplaintOutcome outcome)
    {
        var record = Build(Story.At(Mall).ClosedResolved(remedy));
        Assert.Equal(Payer.None, record.PaidBy);
        Assert.Equal(outcome, record.Outcome);
    }

    [Fact]
    public void A_withdrawn_complaint_still_reads_as_withdrawn_after_its_disclosure_is_published()
    {
        var record = Build([.. Story.At(Mall).Withdrawn(), Events.Drafted(), Events.Published()]);
        Assert.Equal(HandlingRoute.WithdrawnByConsumer, record.HowHandled);
        Assert.Equal(ComplaintOutcome.Withdrawn, record.Outcome);
    }

    [Fact]
    public void An_open_complaint_has_no_disclosure() =>
        Assert.Throws<InvalidOperationException>(() => Build(Story.At(Mall).Resolved()));

    [Fact]
    public void The_narrative_is_omitted_without_consent()
    {
        var history = (Story.At(Mall) with { Consent = false }).ClosedResolved();
        Assert.Null(Build(history, "The kettle leaked on the first day.").Narrative);
    }

    [Fact]
    public void The_narrative_is_published_scrubbed_with_consent()
    {
        var record = Build(
            Story.At(Mall).ClosedResolved(),
            "I am Chen Xiaoyu. The kettle leaked. Call +86 139 1234 5678 or write to xiaoyu.chen@example.com.");
        Assert.Equal("I am [name]. The kettle leaked. Call [phone] or write to [email].", record.Narrative);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_narrative_is_published_as_none(string? narrative) =>
        Assert.Null(Build(Story.At(Mall).ClosedResolved(), narrative).Narrative);

    [Fact]
    public void The_public_id_is_the_given_one_and_the_record_never_mentions_the_complaint_id()
    {
        var record = Build(Story.At(Mall).ClosedAdvanceCompensated(), "Nothing personal in here.");
        Assert.Equal(PublicId, record.DisclosureId);
        Assert.DoesNotContain(Id.Value, Serialize(record), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ComplaintDecider.PayoutIdFor(Id), Serialize(record), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_blank_public_id_is_refused() =>
        Assert.Throws<ArgumentException>(() => DisclosureBuilder.Build(Complaint.Replay(Story.At(Mall).ClosedResolved()), " ", null, null));

    [Fact]
    public void A_narrative_of_the_maximum_length_is_accepted_and_scrubbed()
    {
        var narrative = LongNarrative(DisclosureBuilder.MaxNarrativeLength);
        Assert.Equal(DisclosureBuilder.MaxNarrativeLength, narrative.Length);

        var stopwatch = Stopwatch.StartNew();
        var published = DisclosureBuilder.PublishableNarrative(narrative, Consumer);
        stopwatch.Stop();

        Assert.NotNull(published);
        Assert.True(PiiScrubber.IsFreeOf(published, Consumer));
        Assert.DoesNotContain("4111 1111 1111 1111", published, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", published, StringComparison.Ordinal);
        Assert.DoesNotContain("someone.else@example.org", published, StringComparison.Ordinal);
        Assert.Contains("The order arrived damaged", published, StringComparison.Ordinal);

        // Reported, not asserted (machines differ): scrubbing the longest narrative should take well under a second.
        output.WriteLine($"Scrubbed {narrative.Length} characters in {stopwatch.Elapsed.TotalMilliseconds:F1} ms.");
    }

    [Theory]
    [InlineData("1-")]
    [InlineData("1 ")]
    [InlineData("+1")]
    [InlineData("(1)")]
    [InlineData("a at b.")]
    [InlineData("12 Abc ")]
    [InlineData("建国路")]
    [InlineData("1栋")]
    [InlineData("一")]
    [InlineData("March 1 ")]
    [InlineData("my name is ")]
    public void A_pathological_narrative_of_the_maximum_length_is_scrubbed_within_the_pattern_timeouts(string repeated)
    {
        // A pattern that backtracked catastrophically would time out, and the narrative would be left out.
        var narrative = string.Concat(Enumerable.Repeat(repeated, (DisclosureBuilder.MaxNarrativeLength / repeated.Length) + 1))[..DisclosureBuilder.MaxNarrativeLength];
        Assert.NotNull(DisclosureBuilder.PublishableNarrative(narrative, Consumer));
    }

    [Fact]
    public void A_narrative_over_the_maximum_is_left_out_rather_than_cut()
    {
        // Cutting could halve a name or a number at the boundary and slip it past every check.
        var narrative = LongNarrative(DisclosureBuilder.MaxNarrativeLength) + " TAIL-MARKER that must not be published.";
        Assert.Null(DisclosureBuilder.PublishableNarrative(narrative, Consumer));
    }

    /// <summary>CFPB-like text with the consumer's and other people's contact data sprinkled in, cut to <paramref name="length"/>.</summary>
    private static string LongNarrative(int length)
    {
        string[] sentences =
        [
            "The order arrived damaged and the seller refused to replace it. ",
            "I contacted customer service on three occasions and was told to wait. ",
            "My name is Chen Xiaoyu and my number is +86 139 1234 5678. ",
            "I paid with card 4111 1111 1111 1111 and was charged twice. ",
            "Please write to xiaoyu.chen@example.com or XIAOYU.CHEN@EXAMPLE.COM. ",
            "Their agent gave me his ID 11010519491231002X and the e-mail someone.else@example.org. ",
            "快递员说已经送到北京市朝阳区建国路88号SOHO现代城5号楼1单元1201室，但我没有收到。",
            "The platform said it would look into it within 7 days, which did not happen. ",
        ];
        var builder = new StringBuilder(length + 200);
        for (var i = 0; builder.Length < length; i++)
        {
            builder.Append(sentences[i % sentences.Length]);
        }

        // Cut on a sentence boundary far from any PII, then pad to the exact length.
        var text = builder.ToString(0, length - 200);
        var cut = text.LastIndexOf("The order arrived", StringComparison.Ordinal);
        return text[..cut].PadRight(length, '.');
    }
}
