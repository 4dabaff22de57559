namespace Complaints.Core;

/// <summary>Everything that can be asked of a complaint. Each command names who asks and when.</summary>
public abstract record ComplaintCommand
{
    private ComplaintCommand() { }

    public abstract Actor Actor { get; init; }

    public abstract DateTimeOffset At { get; init; }

    /// <summary>A consumer files the complaint. Merchant and venue come from the registry as they are now.</summary>
    public sealed record FileComplaint(
        ComplaintId Id,
        Party.Merchant Merchant,
        Party.Venue? Venue,
        Category Category,
        Money Claim,
        bool ConsentToPublishNarrative,
        Actor Actor,
        DateTimeOffset At) : ComplaintCommand;

    public sealed record AssignFirstResponder(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Acknowledge(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record ProposeResolution(Remedy Remedy, Money? Amount, string? Note, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Refuse(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Confirm(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Dispute(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Withdraw(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record RecordMediationOutcome(MediationOutcome Outcome, bool OrderAdvanceCompensation, Actor Actor, DateTimeOffset At)
        : ComplaintCommand;

    /// <summary>The workflow hands a refused complaint that no venue will pay to the regulator.</summary>
    public sealed record Escalate(EscalationReason Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record RequestAdvanceCompensation(AdvanceCompensationTrigger Trigger, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record SettlePayout(string PayoutId, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record OpenRecoveryClaim(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record SettleRecoveryClaim(bool Recovered, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Close(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Evaluate(int Rating, string? Comment, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>Records that a redacted draft exists under a public id the drafting stage minted.</summary>
    public sealed record DraftDisclosure(string DisclosureId, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record PublishDisclosure(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record WithholdDisclosure(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>A deadline timer fired. <paramref name="DueAt"/> says which deadline it was armed for.</summary>
    public sealed record MissDeadline(DeadlineKind Kind, DateTimeOffset DueAt, Actor Actor, DateTimeOffset At) : ComplaintCommand;
}
