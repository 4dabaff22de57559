namespace Complaints.Core;

/// <summary>Whether a venue must pay first on a complaint, and how much.</summary>
/// <param name="Eligible">A venue is named and either covers the category under its enrolment or is liable by statute.</param>
/// <param name="Amount">min(claim, cap) under an enrolment; the whole claim under statutory liability.</param>
/// <param name="Statutory">The venue cannot name the merchant (Consumer Rights Law art. 44), so it is liable without a cap.</param>
/// <param name="NotCovered">When not eligible: why, in terms the consumer is told (<see cref="NotCoveredReasons.Explain"/>).</param>
public sealed record AdvanceCompensationTerms(bool Eligible, Money? Amount, bool Statutory, NotCoveredReason? NotCovered = null)
{
    public static AdvanceCompensationTerms None { get; } = new(false, null, false);

    private static AdvanceCompensationTerms NotCoveredBecause(NotCoveredReason reason) => new(false, null, false, reason);

    public static AdvanceCompensationTerms For(MerchantSnapshot merchant, VenueSnapshot? venue, Category category, Money claim)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        ArgumentNullException.ThrowIfNull(claim);
        if (venue is null)
        {
            return NotCoveredBecause(NotCoveredReason.NoVenue);
        }

        if (!merchant.IdentityKnownToVenue)
        {
            return new AdvanceCompensationTerms(true, claim, Statutory: true);
        }

        var enrolment = venue.AdvanceCompensation;
        if (!enrolment.Enrolled)
        {
            return NotCoveredBecause(NotCoveredReason.VenueNotEnrolled);
        }

        if (!enrolment.Covers(category))
        {
            return NotCoveredBecause(NotCoveredReason.CategoryNotCovered);
        }

        // A cap in another currency cannot be applied without an exchange rate, so it does not cover the claim.
        if (enrolment.CapPerComplaint is { } cap && cap.Currency != claim.Currency)
        {
            return NotCoveredBecause(NotCoveredReason.CapInOtherCurrency);
        }

        var amount = enrolment.CapPerComplaint is { } c ? claim.Min(c) : claim;
        return new AdvanceCompensationTerms(true, amount, Statutory: false);
    }

    public static AdvanceCompensationTerms For(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.Status == ComplaintStatus.None
            ? None
            : For(complaint.Merchant, complaint.Venue, complaint.Category, complaint.Claim);
    }
}

/// <summary>The reasons a venue does not pay first, as a consumer reads them.</summary>
public static class NotCoveredReasons
{
    /// <summary>One plain sentence for the consumer (English; the API may translate by the reason's name).</summary>
    public static string Explain(NotCoveredReason reason) => reason switch
    {
        NotCoveredReason.NoVenue =>
            "No platform, mall or market is named on this complaint, so nobody pays you first; the regulator takes it up.",
        NotCoveredReason.VenueNotEnrolled =>
            "The venue is not enrolled in advance compensation, so it does not pay you first; the regulator takes the complaint up.",
        NotCoveredReason.CategoryNotCovered =>
            "The venue's advance compensation does not cover complaints of this category, so it does not pay you first; the regulator takes the complaint up.",
        NotCoveredReason.CapInOtherCurrency =>
            "The venue's advance-compensation cap is set in another currency than your claim and no exchange rate is applied, so it does not pay you first; the regulator takes the complaint up.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown reason"),
    };
}
