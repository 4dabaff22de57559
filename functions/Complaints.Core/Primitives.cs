namespace Complaints.Core;

/// <summary>Identifies one complaint. Opaque text; the pipeline mints it.</summary>
public readonly record struct ComplaintId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a party in the registry: a merchant, a venue or a regulator.</summary>
public readonly record struct PartyId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>What the complaint is about.</summary>
public enum Category
{
    GoodsQuality,
    ServiceQuality,
    FalseAdvertising,
    RefundReturn,
    Delivery,
    Pricing,
    ContractTerms,
    PersonalInformation,
    Other,
}

/// <summary>What a merchant offers to put things right.</summary>
public enum Remedy
{
    Refund,
    Repair,
    Replace,
    Compensation,
    Explanation,
}

/// <summary>The deadlines the workflow watches.</summary>
public enum DeadlineKind
{
    Acknowledge,
    Resolve,
    Confirm,
    Mediation,
}

/// <summary>Why a complaint went to the regulator.</summary>
public enum EscalationReason
{
    AcknowledgeDeadlineMissed,
    ResolveDeadlineMissed,
    RefusedWithoutAdvanceCompensation,
}

/// <summary>What starts an advance-compensation payout.</summary>
public enum AdvanceCompensationTrigger
{
    Refusal,
    ResolveDeadline,
    MediationOrder,
}

/// <summary>The regulator's finding at the end of mediation.</summary>
public enum MediationOutcome
{
    /// <summary>The consumer's complaint is upheld: the merchant loses the mediation.</summary>
    ConsumerUpheld,

    /// <summary>The merchant's position is upheld.</summary>
    MerchantUpheld,

    /// <summary>No agreement was reached (also what a missed mediation deadline records).</summary>
    NoAgreement,
}

/// <summary>How a complaint ended, as the public disclosure states it.</summary>
public enum ComplaintOutcome
{
    MonetaryRelief,
    NonMonetaryRelief,
    Explanation,
    AdvanceCompensated,
    Withdrawn,
    Mediated,
    ClosedWithoutRelief,
}

/// <summary>Where the regulator's review of the public record stands.</summary>
public enum DisclosureStatus
{
    None,
    Draft,
    Published,
    Withheld,
}
