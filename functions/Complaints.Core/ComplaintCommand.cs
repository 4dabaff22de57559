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

    /// <summary>
    /// The merchant (or the first responder for it) offers a remedy. Again while the consumer has not answered, it
    /// revises the offer; while the complaint is before the regulator, it is an offer in mediation.
    /// </summary>
    public sealed record ProposeResolution(Remedy Remedy, Money? Amount, string? Note, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Refuse(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>The consumer accepts the proposal (or the offer made in mediation).</summary>
    public sealed record Confirm(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>The consumer rejects the proposal (to mediation), or declines an offer made in mediation (mediation goes on).</summary>
    public sealed record Dispute(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Withdraw(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record RecordMediationOutcome(MediationOutcome Outcome, bool OrderAdvanceCompensation, Actor Actor, DateTimeOffset At)
        : ComplaintCommand;

    /// <summary>The workflow hands a refused complaint that no venue will pay to the regulator.</summary>
    public sealed record Escalate(EscalationReason Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record RequestAdvanceCompensation(AdvanceCompensationTrigger Trigger, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record SettlePayout(string PayoutId, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record OpenRecoveryClaim(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>
    /// The merchant says it repaid the venue <paramref name="Amount"/> (at most what is still owed); the venue confirms
    /// it. A new record replaces one the venue has not confirmed yet.
    /// </summary>
    /// <param name="Amount">In the claim's currency, positive, at most the amount still owed.</param>
    /// <param name="Reference">The merchant's payment reference, at most <see cref="ComplaintDecider.MaxReferenceLength"/> characters.</param>
    /// <param name="Actor">An operator of the merchant.</param>
    /// <param name="At">When.</param>
    public sealed record RecordRepayment(Money Amount, string? Reference, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>The venue confirms the repayment the merchant recorded; repaid in full, the claim ends recovered.</summary>
    public sealed record ConfirmRepayment(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>
    /// The venue records what it recovered in all (<c>null</c>: nothing), which ends the claim: all, part or nothing.
    /// At least what it confirmed of the merchant's repayments, at most the claim.
    /// </summary>
    public sealed record RecordRecovery(Money? Amount, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>
    /// A message in the complaint's thread, between the consumer and the parties the complaint names. Never published;
    /// at most <see cref="ComplaintDecider.MaxTextLength"/> characters.
    /// </summary>
    public sealed record PostMessage(string Text, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>
    /// Records a file the consumer or a named party attached (its bytes are in blob storage already, under
    /// <paramref name="AttachmentId"/>): its sanitized name, the media type sniffed from its content, its size and
    /// SHA-256 (lowercase hex). <paramref name="Limit"/> is the number of attachments a complaint may hold, as
    /// configured. Never published.
    /// </summary>
    public sealed record AddAttachment(
        string AttachmentId,
        string FileName,
        string MediaType,
        long Size,
        string Sha256,
        int Limit,
        Actor Actor,
        DateTimeOffset At) : ComplaintCommand;

    /// <summary>
    /// The attachments' retention ran out: the complaint ended (closed or withdrawn) at least
    /// <paramref name="RetainAfterEnd"/> (as configured) before <paramref name="At"/>, and its files are erased from
    /// blob storage. The pipeline's; the event keeps the count, the metadata stays on the timeline.
    /// </summary>
    public sealed record EraseAttachments(TimeSpan RetainAfterEnd, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Close(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record Evaluate(int Rating, string? Comment, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>Records that a redacted draft exists under a public id the drafting stage minted.</summary>
    public sealed record DraftDisclosure(string DisclosureId, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record PublishDisclosure(Actor Actor, DateTimeOffset At) : ComplaintCommand;

    public sealed record WithholdDisclosure(string Reason, Actor Actor, DateTimeOffset At) : ComplaintCommand;

    /// <summary>A deadline timer fired. <paramref name="DueAt"/> says which deadline it was armed for.</summary>
    public sealed record MissDeadline(DeadlineKind Kind, DateTimeOffset DueAt, Actor Actor, DateTimeOffset At) : ComplaintCommand;
}
