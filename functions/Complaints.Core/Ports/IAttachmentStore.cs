namespace Complaints.Core.Ports;

/// <summary>An attachment's bytes as stored, opened for reading: a stream over the stored blob, not a buffer.</summary>
public sealed record AttachmentContent(Stream Content, long Length, string MediaType) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>A stored attachment blob, as the orphan sweep sees it.</summary>
/// <param name="Complaint">The complaint it belongs to.</param>
/// <param name="AttachmentId">Its random id.</param>
/// <param name="LastModified">When the blob was last written.</param>
/// <param name="Recorded">The blob was marked once its <see cref="ComplaintEvent.AttachmentAdded"/> event was stored.</param>
public sealed record AttachmentBlob(ComplaintId Complaint, string AttachmentId, DateTimeOffset LastModified, bool Recorded);

/// <summary>
/// The bytes of the complaints' attachments (a private blob container; the metadata is the complaint's
/// <see cref="ComplaintEvent.AttachmentAdded"/> event). One blob per file, named after the complaint and a random
/// attachment id, never after the file.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>
    /// Stores <paramref name="content"/> (read to its end, in blocks of at most <paramref name="blockBytes"/>: never
    /// buffered whole) as a new blob; it becomes visible only once every byte is stored. An exception from
    /// <paramref name="content"/> (a client that went away, a size limit the stream enforces) aborts the upload and
    /// leaves no blob.
    /// </summary>
    Task UploadAsync(ComplaintId complaint, string attachmentId, string mediaType, Stream content, int blockBytes, CancellationToken cancellationToken);

    /// <summary>Marks the blob as recorded on the complaint's timeline, so the orphan sweep leaves it alone.</summary>
    Task MarkRecordedAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken);

    /// <summary>Opens the blob for streaming; <c>null</c> when there is none.</summary>
    Task<AttachmentContent?> OpenReadAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken);

    /// <summary>Deletes one blob; <c>false</c> when there was none.</summary>
    Task<bool> DeleteAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken);

    /// <summary>Deletes every attachment of the complaint (its erasure); returns how many blobs went.</summary>
    Task<int> DeleteAllAsync(ComplaintId complaint, CancellationToken cancellationToken);

    /// <summary>The complaints that hold at least one blob, each once (the container's top-level prefixes).</summary>
    IAsyncEnumerable<ComplaintId> ListComplaintsAsync(CancellationToken cancellationToken);

    /// <summary>The blobs not marked recorded and last written before <paramref name="before"/>: candidates for the orphan sweep.</summary>
    IAsyncEnumerable<AttachmentBlob> ListUnrecordedAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
