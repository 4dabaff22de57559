using System.Globalization;
using System.Text.RegularExpressions;

namespace Complaints.Core.Disclosure;

/// <summary>How the complaint was handled, in the public record.</summary>
public enum HandlingRoute
{
    ResolvedByMerchant,
    AdvanceCompensatedByVenue,
    RegulatorMediation,
    WithdrawnByConsumer,
}

/// <summary>Who paid the consumer, if anyone.</summary>
public enum Payer
{
    None,
    Merchant,
    Venue,
}

/// <summary>
/// The public complaint record, modelled on the CFPB database and the SAMR disclosure pilots. Nothing in it links
/// back to the complaint id, the consumer or the tracking token.
/// </summary>
public sealed record DisclosureRecord(
    string DisclosureId,
    string MonthReceived,
    PartyId MerchantId,
    string MerchantName,
    string MerchantCreditCode,
    PartyId? VenueId,
    string? VenueName,
    Category Category,
    HandlingRoute HowHandled,
    ComplaintOutcome Outcome,
    bool Timely,
    int DaysToResolve,
    Payer PaidBy,
    int? ConsumerRating,
    string? Narrative);

/// <summary>
/// Turns a closed complaint into its public record. It reads the complaint's state and the narrative it is given,
/// nothing else: the message thread, reasons, notes and repayment references never reach a disclosure.
/// </summary>
public static class DisclosureBuilder
{
    /// <summary>The longest narrative accepted at filing (real consumer narratives run to about 22,000).</summary>
    public const int MaxNarrativeLength = 32_000;

    /// <param name="complaint">A closed or withdrawn complaint.</param>
    /// <param name="disclosureId">The public id, minted at random so that it cannot be derived from the complaint id.</param>
    /// <param name="narrative">The consumer's description; published only with consent and only after scrubbing.</param>
    /// <param name="consumer">The contact details given at filing, removed from the narrative wherever they appear.</param>
    public static DisclosureRecord Build(Complaint complaint, string disclosureId, string? narrative, ConsumerContact? consumer)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentException.ThrowIfNullOrWhiteSpace(disclosureId);
        if (complaint.Outcome is not { } outcome || complaint.ClosedAt is not { } closedAt)
        {
            throw new InvalidOperationException("A disclosure is only drafted for a closed complaint.");
        }

        return new DisclosureRecord(
            disclosureId,
            complaint.FiledAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            complaint.Merchant.Id,
            complaint.Merchant.Name,
            complaint.Merchant.CreditCode,
            complaint.Venue?.Id,
            complaint.Venue?.Name,
            complaint.Category,
            RouteOf(complaint),
            outcome,
            !complaint.Untimely,
            Indicators.ResolutionDays.Between(complaint.FiledAt, closedAt),
            PayerOf(complaint),
            complaint.Evaluation?.Rating,
            complaint.ConsentToPublishNarrative ? PublishableNarrative(narrative, consumer) : null);
    }

    /// <summary>
    /// The scrubbed narrative, or <c>null</c> when there is none or when scrubbing cannot be trusted
    /// (a pattern timed out, or a consumer string survived): the record then goes out without it.
    /// </summary>
    public static string? PublishableNarrative(string? narrative, ConsumerContact? consumer)
    {
        if (string.IsNullOrWhiteSpace(narrative))
        {
            return null;
        }

        try
        {
            // Cutting a long narrative could halve a name or a number and slip it past every check: leave it out instead.
            if (narrative.Length > MaxNarrativeLength)
            {
                return null;
            }

            var scrubbed = PiiScrubber.Scrub(narrative, consumer);
            return consumer is null || PiiScrubber.IsFreeOf(scrubbed, consumer) ? scrubbed : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static HandlingRoute RouteOf(Complaint c) => c switch
    {
        // The outcome, not the status: a published disclosure moves a withdrawn complaint to Disclosed.
        { Outcome: ComplaintOutcome.Withdrawn } => HandlingRoute.WithdrawnByConsumer,
        { Payout: not null } => HandlingRoute.AdvanceCompensatedByVenue,
        { Mediation: not null } or { Outcome: ComplaintOutcome.ResolvedInMediation } => HandlingRoute.RegulatorMediation,
        _ => HandlingRoute.ResolvedByMerchant,
    };

    private static Payer PayerOf(Complaint c) => c switch
    {
        { Payout.SettledAt: not null } => Payer.Venue,
        { Outcome: ComplaintOutcome.MonetaryRelief } => Payer.Merchant,
        { Outcome: ComplaintOutcome.ResolvedInMediation, Resolution.Remedy: Remedy.Refund or Remedy.Compensation } => Payer.Merchant,
        _ => Payer.None,
    };
}
