namespace Complaints.Core;

/// <summary>The kinds of venue that can stand between a consumer and a merchant.</summary>
public enum VenueKind
{
    OnlinePlatform,
    Mall,
    Market,
    TvShopping,
}

/// <summary>A party in the registry.</summary>
public abstract record Party
{
    private Party() { }

    public abstract PartyId Id { get; init; }

    public abstract string Name { get; init; }

    /// <summary>A merchant, identified by its 18-character unified social credit code.</summary>
    /// <param name="Id">Registry id.</param>
    /// <param name="Name">Registered name.</param>
    /// <param name="CreditCode">Unified social credit code.</param>
    /// <param name="IdentityKnownToVenue">
    /// Whether the venue holds the merchant's real name, address and contact. When it does not, the venue is liable
    /// to the consumer itself (Consumer Rights Law art. 44), enrolled or not.
    /// </param>
    /// <param name="Region">Where it trades: a GB/T 2260 code (<see cref="Regions.RegionCode"/>); <c>null</c> when not known.</param>
    public sealed record Merchant(PartyId Id, string Name, string CreditCode, bool IdentityKnownToVenue = true, string? Region = null) : Party;

/// <summary>A platform, mall, market or TV-shopping channel, with its advance-compensation enrolment.</summary>
    /// <param name="Id">Registry id.</param>
    /// <param name="Name">Registered name.</param>
    /// <param name="Kind">Platform, mall, market or TV-shopping channel.</param>
    /// <param name="AdvanceCompensation">Its promise to pay consumers first.</param>
    /// <param name="Region">Where the venue is registered: a GB/T 2260 code; <c>null</c> when not known.</param>
    public sealed record Venue(PartyId Id, string Name, VenueKind Kind, AdvanceCompensationEnrolment AdvanceCompensation, string? Region = null) : Party;

    /// <summary>A market regulator.</summary>
    public sealed record Regulator(PartyId Id, string Name) : Party;
}

/// <summary>A venue's promise to pay consumers first: a cap per complaint and the categories it covers.</summary>
public sealed record AdvanceCompensationEnrolment(bool Enrolled, Money? CapPerComplaint, IReadOnlySet<Category> Categories)
{
    public static AdvanceCompensationEnrolment None { get; } = new(false, null, new HashSet<Category>());

    public bool Covers(Category category) => Enrolled && Categories.Contains(category);

    public bool Equals(AdvanceCompensationEnrolment? other) =>
        other is not null && Enrolled == other.Enrolled && Equals(CapPerComplaint, other.CapPerComplaint)
        && Categories.SetEquals(other.Categories);

    public override int GetHashCode() => HashCode.Combine(Enrolled, CapPerComplaint, Categories.Count);
}
