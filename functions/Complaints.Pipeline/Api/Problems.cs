using Complaints.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Complaints.Pipeline.Api;

/// <summary>RFC 9457 problem responses. Messages are safe to show; none carries content or contact details.</summary>
internal static class Problems
{
    public const string InvalidTitle = "The request is not valid.";

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: InvalidTitle);

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: InvalidTitle);

    public static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large.", detail: $"At most {maxBytes} bytes are accepted.");

    /// <summary>The one answer for a body that is not JSON, whatever Content-Type came with it (or none).</summary>
    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON.", detail: "Send Content-Type: application/json.");

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Credentials are missing or not valid.",
            detail: "Consumers send Authorization: Bearer <tracking token>; operators and regulators send X-Api-Key.");

    public static ProblemHttpResult NotFound(string what = "complaint") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such {what}.");

    /// <summary>The thing existed and is gone for good (410): an attachment erased at the end of its retention.</summary>
    public static ProblemHttpResult Gone(string what, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: $"The {what} was erased.", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The complaint's state does not allow this.", detail: detail);

    public static ProblemHttpResult IdempotencyConflict() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The Idempotency-Key was used with a different body.",
            detail: "Use a new key for a different request.");

    /// <summary>A problem of any status that names the field at fault as a validation problem does (<c>errors</c>).</summary>
    public static ProblemHttpResult WithField(int status, string title, string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = message,
        });

    public static ProblemHttpResult TooManyRequests(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail);

    /// <summary>A refusal by the decider: 403, 409, or 400 naming the part of the command at fault.</summary>
    public static Results<TSuccess, ValidationProblem, ProblemHttpResult> FromViolation<TSuccess>(ComplaintRuleViolation violation)
        where TSuccess : IResult => violation.Kind switch
    {
        ViolationKind.Forbidden => Forbidden(violation.Message),
        ViolationKind.Invalid => Invalid(violation.Field ?? "body", violation.Message),
        _ => Conflict(violation.Message),
    };
}

/// <summary>
/// Storage that cannot answer now (the SDK's own retries used up, throttling, a network fault, a guard lost under
/// contention): a 503 with <c>Retry-After</c>, the same in both hosts. A fault that retrying cannot fix (a missing
/// table, a bad request to storage) is not one of these and stays a 500.
/// </summary>
public static class StorageFaults
{
    /// <summary>Seconds a client should wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        Storage.Gateway.StorageConflictException => true,
        Azure.RequestFailedException failed => failed.Status is 0 or StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        HttpRequestException or TimeoutException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    /// <summary>Writes the 503 problem with <c>Retry-After</c>.</summary>
    public static async Task WriteUnavailableAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Storage is not reachable.",
            detail: $"Retry in {RetryAfterSeconds} seconds.").ExecuteAsync(context);
    }
}
