using System.ComponentModel.DataAnnotations;

namespace Complaints.Pipeline.Api;

/// <summary>Attachment limits, the orphan sweep and the retention. Bound from <c>Complaints:Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Complaints:Attachments";

    /// <summary>Files one complaint may hold, whoever attached them.</summary>
    [Range(1, 100)] public int MaxFilesPerComplaint { get; set; } = 5;

    /// <summary>The largest file accepted, in bytes (5 MiB). A file of exactly this size is accepted.</summary>
    [Range(1024, 100 * 1024 * 1024)] public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The block the upload streams to blob storage in: at most one block of a file is in memory at a time. A file
    /// no larger than one block is stored in one request.
    /// </summary>
    [Range(64 * 1024, 64 * 1024 * 1024)] public int BlockBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the orphan sweep looks for blobs whose event was never recorded (a crash between the two).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How old an unrecorded blob must be before the sweep looks at the complaint's events and deletes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan OrphanAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a complaint's attachments are kept after it ended (closed or withdrawn): past this the sweep erases
    /// their bytes (3 years by default). Their metadata stays on the timeline, marked erased.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")] public TimeSpan RetainAfterEnd { get; set; } = TimeSpan.FromDays(1095);
}
