using System.ComponentModel.DataAnnotations;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

// The request bodies, as the framework binds them (System.Text.Json with the API's options: camelCase, kebab-case enum
// names, no numbers in strings) and Microsoft.Extensions.Validation checks them (their annotations, and
// IValidatableObject for rules across fields). What needs the complaint or the registry is checked by the handler and
// the decider. Text is stored trimmed; the annotations measure it trimmed.
namespace Complaints.Pipeline.Api;

/// <summary>The consumer, as they give themselves at filing: a name and at least one way to reach them.</summary>
public sealed record ConsumerRequest : IValidatableObject
{
    [Required, Text(100)]
    public string Name { get; init; } = null!;

    /// <summary>As people type it (full-width digits, brackets, dots); stored normalized.</summary>
    [Text(32)]
    public string? Phone { get; init; }

    [Text(254)]
    public string? Email { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TextRules.Present(Phone) is { } phone && !ContactDetails.TryNormalizePhone(phone, out _))
        {
            yield return new ValidationResult(
                "The Phone field must be a phone number: 5 to 15 digits in groups, with spaces, dashes, dots, slashes or brackets between them and an optional leading +.",
                [nameof(Phone)]);
        }

        if (TextRules.Present(Email) is { } email && !ContactDetails.TryNormalizeEmail(email, out _))
        {
            yield return new ValidationResult("The Email field must be an e-mail address.", [nameof(Email)]);
        }

        if (TextRules.Present(Phone) is null && TextRules.Present(Email) is null)
        {
            yield return new ValidationResult("Give at least one contact: phone or email.", [nameof(Phone)]);
        }
    }

    /// <summary>The contact as stored: trimmed, phone and e-mail normalized (call after validation).</summary>
    internal ConsumerContact ToContact() => new(
        Name.Trim(),
        TextRules.Present(Phone) is { } phone && ContactDetails.TryNormalizePhone(phone, out var p) ? p : null,
        TextRules.Present(Email) is { } email && ContactDetails.TryNormalizeEmail(email, out var e) ? e : null);
}

/// <summary>An amount: positive, in a supported ISO 4217 currency, with no more decimals than the currency has.</summary>
public sealed record MoneyRequest : IValidatableObject
{
    [Required]
    public decimal Amount { get; init; }

    /// <summary>An ISO 4217 code such as CNY (any case).</summary>
    [Required]
    public string Currency { get; init; } = null!;

    /// <summary>The rule is <see cref="Money.TryCreate"/>'s; its error names the field at fault.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Money.TryCreate(Amount, Code, out _, out var error))
        {
            yield return new ValidationResult(
                char.ToUpperInvariant(error![0]) + error[1..] + ".",
                [error.StartsWith("currency", StringComparison.Ordinal) ? nameof(Currency) : nameof(Amount)]);
        }
    }

    internal Money ToMoney() => Money.Of(Amount, Code!);

    private string? Code => Currency?.Trim().ToUpperInvariant();
}

/// <summary>A new complaint. No credentials are needed; the answer carries the tracking token, once.</summary>
public sealed record FileComplaintRequest : IValidatableObject
{
    [Required]
    public ConsumerRequest Consumer { get; init; } = null!;

    /// <summary>The merchant the consumer dealt with (a registered merchant's id, see GET /api/public/parties).</summary>
    [Required, Text(64)]
    public string MerchantId { get; init; } = null!;

    /// <summary>The platform, mall or market the purchase was made through, if any: it is then the first responder.</summary>
    [Text(64)]
    public string? VenueId { get; init; }

    [Required]
    public Category? Category { get; init; }

    /// <summary>What happened, in the consumer's words. Published (scrubbed) only with consent.</summary>
    [Required, Text(DisclosureBuilder.MaxNarrativeLength, Multiline = true)]
    public string Description { get; init; } = null!;

    [Required]
    public MoneyRequest AmountClaimed { get; init; } = null!;

    [Text(100)]
    public string? OrderReference { get; init; }

    /// <summary>When it happened (yyyy-MM-dd), not in the future.</summary>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>Whether the narrative may be published, after scrubbing, with the disclosure.</summary>
    public bool ConsentToPublishNarrative { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var clock = validationContext.GetService<TimeProvider>() ?? TimeProvider.System;
        if (OccurredOn is { } on && on > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1)))
        {
            yield return new ValidationResult("The OccurredOn field must not be in the future.", [nameof(OccurredOn)]);
        }
    }

    internal ComplaintContent ToContent() =>
        new(Description.Trim(), TextRules.Present(OrderReference), OccurredOn);
}

/// <summary>A reason, in the caller's words (disputing, refusing, withholding).</summary>
public sealed record ReasonRequest
{
    [Required, Text(ComplaintDecider.MaxTextLength, Multiline = true)]
    public string Reason { get; init; } = null!;

    internal string Text => Reason.Trim();
}

/// <summary>The consumer's rating of how the complaint was handled.</summary>
public sealed record EvaluationRequest
{
    [Required, Range(1, 5)]
    public int? Rating { get; init; }

    [Text(ComplaintDecider.MaxTextLength, Multiline = true)]
    public string? Comment { get; init; }
}

/// <summary>What the merchant (or the first responder for it) offers; a refund or compensation needs an amount.</summary>
public sealed record ResolutionRequest
{
    [Required]
    public Remedy? Remedy { get; init; }

    /// <summary>In the claim's currency.</summary>
    public MoneyRequest? Amount { get; init; }

    [Text(ComplaintDecider.MaxTextLength, Multiline = true)]
    public string? Note { get; init; }
}

/// <summary>How the regulator's mediation ended; advance compensation can be ordered only when the consumer is upheld.</summary>
public sealed record MediationOutcomeRequest
{
    [Required]
    public MediationOutcome? Outcome { get; init; }

    public bool OrderAdvanceCompensation { get; init; }
}

/// <summary>The merchant's record of a repayment of the venue's recovery claim, which the venue then confirms.</summary>
public sealed record RepaymentRequest
{
    /// <summary>In the claim's currency, at most what is still owed.</summary>
    [Required]
    public MoneyRequest Amount { get; init; } = null!;

    /// <summary>The merchant's payment reference (a transfer number, say).</summary>
    [Text(ComplaintDecider.MaxReferenceLength)]
    public string? Reference { get; init; }
}

/// <summary>
/// What the venue recovered from the merchant in all, which ends the claim: an amount (all or part), or
/// <c>nothingRecovered: true</c>. Exactly one of the two.
/// </summary>
public sealed record RecoveryRequest : IValidatableObject
{
    /// <summary>What came back in all, in the claim's currency: at least the repayments the venue confirmed, at most the claim.</summary>
    public MoneyRequest? Amount { get; init; }

    /// <summary>True: nothing was recovered (then no amount).</summary>
    public bool NothingRecovered { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Amount is null && !NothingRecovered)
        {
            yield return new ValidationResult("Give the amount recovered, or nothingRecovered: true.", [nameof(Amount)]);
        }

        if (Amount is not null && NothingRecovered)
        {
            yield return new ValidationResult("An amount and nothingRecovered: true contradict each other.", [nameof(NothingRecovered)]);
        }
    }
}

/// <summary>A message in the complaint's thread. Never published; do not put personal data in it that the other side should not have.</summary>
public sealed record MessageRequest
{
    [Required, Text(ComplaintDecider.MaxTextLength, Multiline = true)]
    public string Text { get; init; } = null!;
}
