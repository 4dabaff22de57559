using System.ComponentModel.DataAnnotations;

namespace Complaints.Pipeline.Webhooks;

/// <summary>
/// How operators' webhooks are delivered. Bound from <c>Complaints:Webhooks</c>. The retry settings become each
/// complaint orchestration's Durable retry policy when it starts (the orchestration keeps them, so a change applies to
/// complaints filed after it).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Complaints:Webhooks";

    /// <summary>
    /// "Deadline approaching" goes out when this share of the time from arming an acknowledge or resolve deadline to
    /// its due time has passed (default 0.75).
    /// </summary>
    [Range(0.05, 0.99)]
    public double DeadlineWarningShare { get; set; } = 0.75;

    /// <summary>The wait before the second attempt (default 30 s); each later wait is <see cref="BackoffCoefficient"/> times the one before.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default 2: the waits double.</summary>
    [Range(1.0, 10.0)]
    public double BackoffCoefficient { get; set; } = 2.0;

    /// <summary>No wait between attempts is longer than this (default 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts in all, the first included (default 20).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 20;

    /// <summary>A delivery not through this long after it was planned is given up, whatever attempts are left (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>One attempt's time limit, connection included (default 10 s); running out of it is a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
