using System.ComponentModel.DataAnnotations;

namespace Complaints.Core;

/// <summary>How long each party has. Bound from <c>Complaints:Deadlines</c>.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Complaints:Deadlines";

    /// <summary>The first responder acknowledges within this (default 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Acknowledge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The merchant resolves or refuses within this after acknowledgement (default 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Resolve { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The consumer confirms or disputes a proposed resolution within this, or it is accepted (default 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Confirm { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Mediation ends with no agreement after this (default 45 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Mediation { get; set; } = TimeSpan.FromDays(45);

    /// <summary>The consumer may rate the handling within this after closing (default 30 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan EvaluationWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A venue's recovery claim against the merchant ends after this, counting what was recovered by then (default 90
    /// days after the claim opened). The complaint's orchestration stays alive until the claim has ended.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Recovery { get; set; } = TimeSpan.FromDays(90);
}
