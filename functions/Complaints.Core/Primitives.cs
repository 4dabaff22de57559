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

    /// <summary>The venue's recovery claim against the merchant ends as it stands (default 90 days after it opened).</summary>
    Recovery,
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

    /// <summary>While the complaint was before the regulator (escalated or in mediation), the consumer accepted the merchant's offer.</summary>
    ResolvedInMediation,
}

/// <summary>Where the regulator's review of the public record stands.</summary>
public enum DisclosureStatus
{
    None,
    Draft,
    Published,
    Withheld,
}

/// <summary>Why no venue pays first on a complaint: the reason the consumer is given when a refusal goes to the regulator instead.</summary>
public enum NotCoveredReason
{
    /// <summary>The complaint names no platform, mall, market or TV-shopping channel.</summary>
    NoVenue,

    /// <summary>The venue is not enrolled in advance compensation.</summary>
    VenueNotEnrolled,

    /// <summary>The venue's enrolment does not cover the complaint's category.</summary>
    CategoryNotCovered,

    /// <summary>The venue's cap per complaint is in another currency than the claim, and no exchange rate is applied.</summary>
    CapInOtherCurrency,
}

/// <summary>How much of a recovery claim the venue got back in the end.</summary>
public enum RecoveryResult
{
    /// <summary>The whole amount the venue advanced.</summary>
    Recovered,

    /// <summary>Some of it.</summary>
    PartlyRecovered,

    /// <summary>Nothing.</summary>
    Unrecovered,
}

/// <summary>What ended a recovery claim.</summary>
public enum RecoveryEndReason
{
    /// <summary>The venue recorded what it recovered (all, part or nothing).</summary>
    VenueRecorded,

    /// <summary>The venue confirmed repayments of the whole amount.</summary>
    RepaidInFull,

    /// <summary>The recovery deadline passed; what was confirmed by then is what was recovered.</summary>
    DeadlinePassed,
}

/// <summary>Who wrote a message in a complaint's thread.</summary>
public enum MessageAuthor
{
    Consumer,
    Merchant,
    Venue,
}
