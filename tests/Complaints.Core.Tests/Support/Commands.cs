using Complaints.Core;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Support;

/// <summary>Command builders. The actor always comes first, so a test reads who does what.</summary>
public static class Commands
{
    private static readonly DateTimeOffset Later = Times.Answered.AddHours(2);

    public static ComplaintCommand.FileComplaint File(
        Party.Venue? venue,
        Actor? by = null,
        Party.Merchant? merchant = null,
        Category category = Category.GoodsQuality,
        Money? claim = null,
        bool consent = true,
        DateTimeOffset? at = null,
        ComplaintId? id = null) =>
        new(id ?? Id, merchant ?? Merchant, venue, category, claim ?? Claim, consent, by ?? ConsumerActor, at ?? Times.Filed);

    public static ComplaintCommand.AssignFirstResponder AssignFirstResponder(Actor? by = null, DateTimeOffset? at = null) =>
        new(by ?? SystemActor, at ?? Times.Assigned);

    public static ComplaintCommand.Acknowledge Acknowledge(Actor by, DateTimeOffset? at = null) => new(by, at ?? Times.Acknowledged);

    public static ComplaintCommand.ProposeResolution Propose(
        Actor by,
        Remedy remedy = Remedy.Refund,
        Money? amount = null,
        string? note = null,
        DateTimeOffset? at = null) =>
        new(remedy, amount, note, by, at ?? Times.Answered);

    public static ComplaintCommand.ProposeResolution ProposeRefund(Actor by, DateTimeOffset? at = null) =>
        Propose(by, Remedy.Refund, Claim, at: at);

    public static ComplaintCommand.Refuse Refuse(Actor by, string reason = "The goods were used.", DateTimeOffset? at = null) =>
        new(reason, by, at ?? Times.Answered);

    public static ComplaintCommand.Confirm Confirm(Actor? by = null, DateTimeOffset? at = null) => new(by ?? ConsumerActor, at ?? Later);

    public static ComplaintCommand.Dispute Dispute(Actor? by = null, string reason = "The refund is too small.", DateTimeOffset? at = null) =>
        new(reason, by ?? ConsumerActor, at ?? Later);

    public static ComplaintCommand.Withdraw Withdraw(Actor? by = null, DateTimeOffset? at = null) => new(by ?? ConsumerActor, at ?? Later);

    public static ComplaintCommand.RecordMediationOutcome RecordMediation(
        MediationOutcome outcome,
        bool order = false,
        Actor? by = null,
        DateTimeOffset? at = null) =>
        new(outcome, order, by ?? RegulatorActor, at ?? Times.Answered.AddDays(10));

    public static ComplaintCommand.Escalate Escalate(
        EscalationReason reason = EscalationReason.RefusedWithoutAdvanceCompensation,
        Actor? by = null,
        DateTimeOffset? at = null) =>
        new(reason, by ?? SystemActor, at ?? Times.Answered.AddMinutes(1));

    public static ComplaintCommand.RequestAdvanceCompensation RequestAdvanceCompensation(
        AdvanceCompensationTrigger trigger = AdvanceCompensationTrigger.Refusal,
        Actor? by = null,
        DateTimeOffset? at = null) =>
        new(trigger, by ?? SystemActor, at ?? Times.Answered.AddMinutes(1));

    public static ComplaintCommand.SettlePayout SettlePayout(string? payoutId = null, Actor? by = null, DateTimeOffset? at = null) =>
        new(payoutId ?? ComplaintDecider.PayoutIdFor(Id), by ?? SystemActor, at ?? Times.Settled);

    public static ComplaintCommand.OpenRecoveryClaim OpenRecoveryClaim(Actor? by = null, DateTimeOffset? at = null) =>
        new(by ?? SystemActor, at ?? Times.Settled.AddMinutes(1));

    /// <summary>The merchant records a repayment of the recovery claim (by default, by an operator of the merchant).</summary>
    public static ComplaintCommand.RecordRepayment RecordRepayment(Money amount, string? reference = "TX-0001", Actor? by = null, DateTimeOffset? at = null) =>
        new(amount, reference, by ?? Op(Merchant), at ?? Times.Closed.AddDays(5));

    /// <summary>The venue confirms the pending repayment (by default, the mall's operator).</summary>
    public static ComplaintCommand.ConfirmRepayment ConfirmRepayment(Actor? by = null, DateTimeOffset? at = null) =>
        new(by ?? Op(Mall), at ?? Times.Closed.AddDays(6));

    /// <summary>The venue records what it recovered in all (by default, the mall's operator).</summary>
    public static ComplaintCommand.RecordRecovery RecordRecovery(Money? amount, Actor? by = null, DateTimeOffset? at = null) =>
        new(amount, by ?? Op(Mall), at ?? Times.Closed.AddDays(7));

    public static ComplaintCommand.PostMessage PostMessage(Actor by, string text = "Could you send a photo of the damage?", DateTimeOffset? at = null) =>
        new(text, by, at ?? Times.Acknowledged.AddHours(1));

    public static ComplaintCommand.Close Close(Actor? by = null, DateTimeOffset? at = null) => new(by ?? SystemActor, at ?? Times.Closed);

    public static ComplaintCommand.Evaluate Evaluate(int rating, string? comment = null, Actor? by = null, DateTimeOffset? at = null) =>
        new(rating, comment, by ?? ConsumerActor, at ?? Times.Closed.AddDays(1));

    public static ComplaintCommand.DraftDisclosure Draft(string disclosureId = "pub-7Q2XK", Actor? by = null, DateTimeOffset? at = null) =>
        new(disclosureId, by ?? SystemActor, at ?? Times.Drafted);

    public static ComplaintCommand.PublishDisclosure Publish(Actor? by = null, DateTimeOffset? at = null) =>
        new(by ?? RegulatorActor, at ?? Times.Drafted.AddDays(1));

    public static ComplaintCommand.WithholdDisclosure Withhold(string reason = "Identifies a third party.", Actor? by = null, DateTimeOffset? at = null) =>
        new(reason, by ?? RegulatorActor, at ?? Times.Drafted.AddDays(1));

    public static ComplaintCommand.MissDeadline MissDeadline(DeadlineKind kind, DateTimeOffset dueAt, DateTimeOffset? at = null, Actor? by = null) =>
        new(kind, dueAt, by ?? SystemActor, at ?? dueAt);
}
