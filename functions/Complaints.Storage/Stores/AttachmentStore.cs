using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Complaints.Core;
using Complaints.Core.Ports;

namespace Complaints.Storage.Stores;

/// <summary>
/// Attachments as block blobs in one private container (<see cref="StorageNames.AttachmentsContainer"/>), named
/// <c>{complaintId}/{attachmentId}</c>: the attachment id is random, the file's own name is never part of it. A file
/// that fits in one block is one Put Blob; a larger one is staged block by block (one block in memory at a time) and
/// committed at the end, so a blob exists only once all of its bytes are stored: an upload that fails half-way leaves
/// uncommitted blocks, which the service discards (after a week), and no blob.
/// </summary>
public sealed class AttachmentStore(BlobServiceClient blobs, StorageNames names) : IAttachmentStore
{
    /// <summary>Metadata set once the attachment's event is stored (see <see cref="MarkRecordedAsync"/>).</summary>
    public const string RecordedKey = "recorded";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(names.AttachmentsContainer);

    public static string BlobName(ComplaintId complaint, string attachmentId) => $"{complaint.Value}/{attachmentId}";

    /// <summary>Creates the container, private (no anonymous access), if it is missing.</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);

    public async Task UploadAsync(ComplaintId complaint, string attachmentId, string mediaType, Stream content, int blockBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        var blob = Container.GetBlockBlobClient(BlobName(complaint, attachmentId));
        var headers = new BlobHttpHeaders { ContentType = mediaType, ContentDisposition = "attachment" };
        var never = new BlobRequestConditions { IfNoneMatch = ETag.All }; // a new name: never overwrite
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            var blocks = new List<string>();
            while (true)
            {
                var filled = await FillAsync(content, buffer.AsMemory(0, blockBytes), cancellationToken);
                if (blocks.Count == 0 && filled < blockBytes)
                {
                    // The whole file in one block: one request.
                    using var whole = new MemoryStream(buffer, 0, filled, writable: false);
                    await blob.UploadAsync(whole, new BlobUploadOptions { HttpHeaders = headers, Conditions = never }, cancellationToken);
                    return;
                }

                if (filled == 0)
                {
                    break;
                }

                // Block ids: base64 of the same length for every block of the blob.
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await blob.StageBlockAsync(id, block, new BlockBlobStageBlockOptions(), cancellationToken);
                }

                blocks.Add(id);
                if (filled < blockBytes)
                {
                    break;
                }
            }

            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { HttpHeaders = headers, Conditions = never }, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task MarkRecordedAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken) =>
        await Container.GetBlobClient(BlobName(complaint, attachmentId))
            .SetMetadataAsync(new Dictionary<string, string> { [RecordedKey] = "true" }, cancellationToken: cancellationToken);

    public async Task<AttachmentContent?> OpenReadAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Container.GetBlobClient(BlobName(complaint, attachmentId)).DownloadStreamingAsync(new BlobDownloadOptions(), cancellationToken);
            var details = download.Value.Details;
            return new AttachmentContent(download.Value.Content, details.ContentLength, details.ContentType);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(ComplaintId complaint, string attachmentId, CancellationToken cancellationToken) =>
        (await Container.GetBlobClient(BlobName(complaint, attachmentId)).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value;

    public async Task<int> DeleteAllAsync(ComplaintId complaint, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = complaint.Value + "/" }, cancellationToken))
        {
            if ((await Container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }

        return deleted;
    }

    public async IAsyncEnumerable<ComplaintId> ListComplaintsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in Container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            if (item.IsPrefix && item.Prefix.TrimEnd('/') is { Length: > 0 } complaint)
            {
                yield return new ComplaintId(complaint);
            }
        }
    }

    public async IAsyncEnumerable<AttachmentBlob> ListUnrecordedAsync(DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var recorded = item.Metadata?.ContainsKey(RecordedKey) == true;
            var parts = item.Name.Split('/');
            if (recorded || parts.Length != 2 || item.Properties.LastModified is not { } modified || modified >= before)
            {
                continue;
            }

            yield return new AttachmentBlob(new ComplaintId(parts[0]), parts[1], modified, recorded);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
