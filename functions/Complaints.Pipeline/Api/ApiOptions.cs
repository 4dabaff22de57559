using System.ComponentModel.DataAnnotations;

namespace Complaints.Pipeline.Api;

/// <summary>HTTP API settings. Bound from <c>Complaints:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Complaints:Api";

    /// <summary>
    /// Secret for tracking tokens of filings made with an <c>Idempotency-Key</c> (so a retried request gets the same
    /// token back). At least 32 characters; comes from configuration or a secret store, never from source.
    /// </summary>
    [Required(ErrorMessage = "Complaints:Api:TokenSecret must be set (32+ characters) from configuration or a secret store.")]
    [MinLength(32)]
    [RegularExpression("^[^<>]*$", ErrorMessage = "Complaints:Api:TokenSecret still holds the sample's <placeholder>; set a secret of 32+ random characters.")]
    public string TokenSecret { get; set; } = string.Empty;

    /// <summary>The largest request body accepted.</summary>
    [Range(1024, 4 * 1024 * 1024)] public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Items per page in lists.</summary>
    [Range(1, 500)] public int PageSize { get; set; } = 50;

    /// <summary>Messages one caller may post in one complaint's thread per <see cref="MessageRateWindow"/>.</summary>
    [Range(1, 10_000)] public int MessagesPerWindow { get; set; } = 10;

    /// <summary>The window of the message rate limit (a fixed window, per complaint and caller, per process).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan MessageRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many months back the public feed goes when no <c>from</c> is given.</summary>
    [Range(1, 240)] public int PublicFeedMonths { get; set; } = 36;
}
