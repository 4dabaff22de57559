namespace Complaints.Core;

/// <summary>Who issues a command. Authentication happens outside the core; the core only checks authority.</summary>
public abstract record Actor
{
    private Actor() { }

    /// <summary>The consumer who holds this complaint's tracking token.</summary>
    public sealed record Consumer(ComplaintId Complaint) : Actor;

    /// <summary>Staff of a merchant or venue, with a key bound to that party.</summary>
    public sealed record Operator(PartyId Party) : Actor;

    /// <summary>A regulator's officer.</summary>
    public sealed record Regulator(PartyId Party) : Actor;

    /// <summary>The pipeline itself: deadlines, stage handlers.</summary>
    public sealed record System : Actor
    {
        public static System Instance { get; } = new();
    }

    public bool IsOperatorOf(PartyId? party) => this is Operator op && party is { } p && op.Party == p;

    public bool IsConsumerOf(ComplaintId complaint) => this is Consumer c && c.Complaint == complaint;
}
