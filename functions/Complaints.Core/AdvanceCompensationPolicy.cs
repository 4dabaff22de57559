namespace Complaints.Core;

/// <summary>Whether a venue must pay first on a complaint, and how much.</summary>
/// <param name="Eligible">A venue is named and either covers the category under its enrolment or is liable by statute.</param>
/// <param name="Amount">min(claim, cap) under an enrolment; the whole claim under statutory liability.</param>
/// <param name="Statutory">The venue cannot name the merchant (Consumer Rights Law art. 44), so it is liable without a cap.</param>
public sealed record AdvanceCompensationTerms(bool Eligible, Money? Amount, bool Statutory)
{
    public static AdvanceCompensationTerms None { get; } = new(false, null, false);

    public static AdvanceCompensationTerms For(MerchantSnapshot merchant, VenueSnapshot? venue, Category category, Money claim)
    {
        ArgumentNullException.ThrowIfNull(merchant);
        ArgumentNullException.ThrowIfNull(claim);
        if (venue is null)
        {
            return None;
        }

        if (!merchant.IdentityKnownToVenue)
        {
            return new AdvanceCompensationTerms(true, claim, Statutory: true);
        }

        var enrolment = venue.AdvanceCompensation;
        if (!enrolment.Covers(category))
        {
            return None;
        }

        // A cap in another currency cannot be applied without an exchange rate, so it does not cover the claim.
        if (enrolment.CapPerComplaint is { } cap && cap.Currency != claim.Currency)
        {
            return None;
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
