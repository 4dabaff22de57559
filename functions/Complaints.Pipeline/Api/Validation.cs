using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>What text the API refuses: control characters and bidirectional overrides (Trojan Source).</summary>
internal static class TextRules
{
    /// <summary>Text as the API stores it: trimmed, and absent when nothing is left.</summary>
    public static string? Present(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string? FindForbidden(string value, bool multiline)
    {
        foreach (var ch in value)
        {
            if (ch is '\n' or '\r' or '\t' && multiline)
            {
                continue;
            }

            if (char.IsControl(ch))
            {
                return "must not contain control characters.";
            }

            if (ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
            {
                return "must not contain bidirectional control characters.";
            }
        }

        return null;
    }
}

/// <summary>
/// Text the API accepts: at most <see cref="StringLengthAttribute.MaximumLength"/> characters once trimmed (the API
/// stores it trimmed), and none of <see cref="TextRules"/>' forbidden characters; line breaks and tabs only when
/// <see cref="Multiline"/>. A <see cref="StringLengthAttribute"/>, so the OpenAPI document states the limit.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextAttribute(int maximumLength) : StringLengthAttribute(maximumLength)
{
    public bool Multiline { get; set; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not string text)
        {
            return ValidationResult.Success;
        }

        var trimmed = text.Trim();
        var problem = trimmed.Length > MaximumLength
            ? $"must be at most {MaximumLength} characters."
            : TextRules.FindForbidden(trimmed, Multiline);
        return problem is null ? ValidationResult.Success : new ValidationResult($"The {validationContext.DisplayName} field {problem}");
    }
}

/// <summary>
/// A query value that names an enum value in kebab-case, as the API writes them (<see cref="ApiNames"/>); absent or
/// empty is no filter. The OpenAPI document lists <see cref="Values"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class ApiEnumAttribute(IReadOnlyList<string> values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is null or "" || (value is string text && Values.Contains(text, StringComparer.Ordinal))
            ? ValidationResult.Success
            : new ValidationResult($"The {validationContext.DisplayName} field must be one of: {string.Join(", ", Values)}.");
    }
}

/// <inheritdoc cref="ApiEnumAttribute"/>
/// <param name="allowed">The values this parameter takes; none means every value of <typeparamref name="TEnum"/>.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ApiEnumAttribute<TEnum>(params TEnum[] allowed)
    : ApiEnumAttribute(allowed.Length > 0 ? [.. allowed.Select(ApiNames.Of)] : [.. ApiNames.All<TEnum>()])
    where TEnum : struct, Enum;

/// <summary>
/// Every problem answer passes here (the framework's problem-details service), and two kinds are made the API's own:
/// <list type="bullet">
/// <item>routing's bare 415 (a Content-Type that is not JSON on a route that takes JSON) gets the API's message;</item>
/// <item>a request Microsoft.Extensions.Validation refused (its endpoint filter runs the data annotations and
/// <see cref="IValidatableObject"/> validators its source generator writes) is keyed by C# member path
/// (<c>Consumer.Phone</c>), and the API names fields as they appear on the wire, the JSON path in camelCase
/// (<c>consumer.phone</c>, <c>amountClaimed.currency</c>); a query parameter's key is its name already. These are
/// told apart by the framework's title; the API's own validation problems carry <see cref="Problems.InvalidTitle"/>
/// and wire names from the start.</item>
/// </list>
/// </summary>
internal static class ApiProblemDetails
{
    private static readonly string FrameworkValidationTitle = new HttpValidationProblemDetails().Title!;

    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            // Routing's own 415 (a Content-Type that is not JSON on a route that takes JSON) says what to send, as ours does.
            var helpful = Problems.UnsupportedMediaType().ProblemDetails;
            (context.ProblemDetails.Title, context.ProblemDetails.Detail) = (helpful.Title, helpful.Detail);
            return;
        }

        if (context.ProblemDetails is not HttpValidationProblemDetails validation || validation.Title != FrameworkValidationTitle)
        {
            return;
        }

        var errors = validation.Errors.ToDictionary(e => WireName(e.Key), e => e.Value, StringComparer.Ordinal);
        validation.Errors.Clear();
        foreach (var (key, messages) in errors)
        {
            validation.Errors[key] = messages;
        }

        validation.Title = Problems.InvalidTitle;
    }

    private static string WireName(string memberPath) => string.Join('.', memberPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}

/// <summary>
/// Writes a problem as <c>application/problem+json</c> when the framework's writer declines to (it honours an
/// <c>Accept</c> header without JSON, and the framework's validation filter would then answer plain JSON keyed by C#
/// names). The API's own problems have always been problem+json whatever the client accepts; so are the framework's.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = TypedResults.Problem(context.ProblemDetails).ProblemDetails; // the framework's defaults: type, title, status
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, "application/problem+json"));
    }
}

/// <summary>A query value that is one of a fixed list of words (not an enum); absent or empty takes the default.</summary>
/// <param name="values">The words accepted, as the OpenAPI document lists them.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ApiValuesAttribute(params string[] values) : ApiEnumAttribute(values);
