using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Files attached to a complaint (photos of the damage, a receipt): the consumer and the parties the complaint names
/// attach them, they and the regulator read them, never the public. The bytes go to a private blob under a random
/// name (<see cref="IAttachmentStore"/>), streamed block by block with the size limit enforced while they stream; the
/// type is sniffed from the content; then the complaint's <see cref="ComplaintEvent.AttachmentAdded"/> event records
/// the id, sanitized name, type, size and SHA-256. A failure after the blob was written deletes it; a crash in
/// between leaves an orphan that <see cref="Workers.AttachmentSweeper"/> deletes. File names are never logged, never
/// in a queue message, and blanked before the event enters the orchestration.
/// </summary>
public sealed partial class AttachmentApi(
    ComplaintApi complaints,
    IComplaintStore store,
    IAttachmentStore blobs,
    ComplaintDecider decider,
    TimeProvider clock,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentApi> logger)
{
    /// <summary>The field upload problems about the content name.</summary>
    public const string FileField = "file";

    /// <summary>The field upload problems about the name name (the Content-Disposition header's filename).</summary>
    public const string FileNameField = "filename";

    /// <summary>What the upload route accepts as Content-Type: an accepted type, or octet-stream ("find out").</summary>
    public static IReadOnlyList<string> AcceptedContentTypes { get; } = [.. AttachmentFiles.Types.Keys, "application/octet-stream"];

    [GeneratedRegex("^a[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttachmentIdPattern();

    private AttachmentOptions Limits => options.Value;

    /// <summary>
    /// Stores the request body as an attachment: 201 with it; 413 past the size limit, 415 for content that is not an
    /// accepted type (whatever its name and Content-Type say), 422 when the complaint holds its maximum of files,
    /// 400 without a usable file name or with an empty or incomplete body.
    /// </summary>
    public async Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> AddAsync(string id, string? contentDisposition, Caller caller, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var access = await complaints.OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var complaint = access.Complaint!;
        var now = clock.GetUtcNow();

        // The rules first (who may attach, when, how many), before a byte of the body is read.
        if (Refusal(complaint.State, access.Actor!, now) is { } refused)
        {
            return refused;
        }

        var requested = FileNameOf(contentDisposition);
        if (requested is null)
        {
            return Problems.Invalid(FileNameField, "Send the file's name: Content-Disposition: attachment; filename=\"photo.jpg\" (or filename*=UTF-8''...).");
        }

        var request = context.Request;
        if (request.ContentLength > Limits.MaxFileBytes)
        {
            return TooLarge();
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var declared) || !AcceptedContentTypes.Contains(declared.MediaType.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            return Unsupported($"Send one of {string.Join(", ", AcceptedContentTypes)} as Content-Type.");
        }

        // Our limit decides, counting the file's bytes exactly (UploadStream). The server's own limit (Kestrel's 1 MiB
        // for the JSON routes) is raised well past it: Kestrel counts a chunked body with its framing and read-ahead,
        // so at our limit exactly it would refuse a file that is not too large. It stays as a backstop.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = (2 * Limits.MaxFileBytes) + (64 * 1024);
        }

        byte[] head;
        try
        {
            head = await ReadHeadAsync(request.Body, ct);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException || ct.IsCancellationRequested)
        {
            return Incomplete(complaint.State.Id);
        }

        if (head.Length == 0)
        {
            return Problems.Invalid(FileField, "The file is empty.");
        }

        var sniffed = AttachmentFiles.Sniff(head);
        var declaredType = declared.MediaType.Value!.ToLowerInvariant();
        if (sniffed is null)
        {
            return Unsupported($"The content is none of {string.Join(", ", AttachmentFiles.Types.Keys)} (it is read from the file's first bytes, not from its name or Content-Type).");
        }

        if (declaredType != "application/octet-stream" && declaredType != sniffed)
        {
            return Unsupported($"The content is {sniffed}, not the {declaredType} the Content-Type says.");
        }

        var name = AttachmentFiles.SanitizeName(requested, sniffed);
        if (name is null)
        {
            return Problems.Invalid(FileNameField, "Nothing of the file's name is left once unsafe characters are removed.");
        }

        var attachmentId = "a" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var body = new UploadStream(head, request.Body, Limits.MaxFileBytes);
        try
        {
            await blobs.UploadAsync(complaint.State.Id, attachmentId, sniffed, body, Limits.BlockBytes, ct);
        }
        catch (Exception e) when (e is AttachmentTooLargeException or AttachmentBodyException || ct.IsCancellationRequested)
        {
            // The blob is not committed; delete whatever the service may hold under the name all the same.
            await DeleteQuietlyAsync(complaint.State.Id, attachmentId);
            return e is AttachmentTooLargeException ? TooLarge() : Incomplete(complaint.State.Id);
        }
        catch
        {
            await DeleteQuietlyAsync(complaint.State.Id, attachmentId);
            throw;
        }

        // The blob is stored: record it. Past this point the caller's going away does not stop the record.
        ComplaintEvent.AttachmentAdded added;
        try
        {
            var command = new ComplaintCommand.AddAttachment(attachmentId, name, sniffed, body.BytesRead, body.Sha256(), Limits.MaxFilesPerComplaint, access.Actor!, clock.GetUtcNow());
            var outcome = await store.ExecuteAsync(complaint, command, CancellationToken.None);
            added = outcome.NewEvents.OfType<ComplaintEvent.AttachmentAdded>().Single();
        }
        catch (ComplaintRuleViolation e)
        {
            // The complaint moved on while the file streamed (another upload took the last place, a withdrawal).
            await DeleteQuietlyAsync(complaint.State.Id, attachmentId);
            return FromViolation(e);
        }
        catch
        {
            await DeleteQuietlyAsync(complaint.State.Id, attachmentId);
            throw;
        }

        try
        {
            await blobs.MarkRecordedAsync(complaint.State.Id, attachmentId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not marked: the sweep finds the event and marks it then.
            Log.AttachmentNotMarked(logger, e, complaint.State.Id.Value, attachmentId);
        }

        Log.AttachmentAdded(logger, complaint.State.Id.Value, attachmentId, added.MediaType, added.Size);
        var view = AttachmentView.Of(complaint.State.Id, added);
        return TypedResults.Created(view.Links.Download, view);
    }

    /// <summary>The complaint's attachments, oldest first (at most the configured number: one page).</summary>
    public async Task<Results<Ok<PageView<AttachmentView>>, ProblemHttpResult>> ListAsync(string id, Caller caller, CancellationToken ct)
    {
        var access = await complaints.OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var state = access.Complaint!.State;
        var events = await store.GetEventsAsync(state.Id, 0, ct);
        var erased = state.AttachmentsErasedAt is not null;
        return TypedResults.Ok(new PageView<AttachmentView>([.. events.Select(e => e.Event).OfType<ComplaintEvent.AttachmentAdded>().Select(a => AttachmentView.Of(state.Id, a, erased))], null));
    }

    /// <summary>
    /// Streams one attachment's bytes from blob storage: its sniffed media type, <c>Content-Disposition: attachment</c>
    /// with the sanitized name, <c>X-Content-Type-Options: nosniff</c>, a sandboxing CSP, no caching, and the SHA-256
    /// recorded at upload as <c>Repr-Digest</c> (RFC 9530). 410 once the attachments were erased at the end of their
    /// retention.
    /// </summary>
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(string id, string attachmentId, Caller caller, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var access = await complaints.OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var complaintId = access.Complaint!.State.Id;
        var added = AttachmentIdPattern().IsMatch(attachmentId ?? string.Empty)
            ? (await store.GetEventsAsync(complaintId, 0, ct)).Select(e => e.Event).OfType<ComplaintEvent.AttachmentAdded>().FirstOrDefault(a => a.AttachmentId == attachmentId)
            : null;
        if (added is not null && access.Complaint.State.AttachmentsErasedAt is { } erasedAt)
        {
            return Problems.Gone("attachment", $"The complaint's attachments were erased on {erasedAt:yyyy-MM-dd}, at the end of their retention after it ended.");
        }

        var content = added is null ? null : await blobs.OpenReadAsync(complaintId, added.AttachmentId, ct);
        if (content is null)
        {
            return Problems.NotFound("attachment");
        }

        var headers = context.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        headers[HeaderNames.CacheControl] = "private, no-store";
        headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(added!.Sha256))}:";
        context.Response.ContentLength = content.Length;
        context.Response.RegisterForDisposeAsync(content);
        return TypedResults.Stream(content.Content, added.MediaType, added.FileName);
    }

    /// <summary>The decider's answer to an attachment now, on the state just read: who may, when, how many.</summary>
    private ProblemHttpResult? Refusal(Complaint state, Actor actor, DateTimeOffset now)
    {
        try
        {
            decider.Decide(new ComplaintCommand.AddAttachment("a-probe", "probe.png", "image/png", 1, new string('0', 64), Limits.MaxFilesPerComplaint, actor, now), state);
            return null;
        }
        catch (ComplaintRuleViolation e)
        {
            return FromViolation(e);
        }
    }

    private static ProblemHttpResult FromViolation(ComplaintRuleViolation e) => e switch
    {
        { Field: ComplaintDecider.AttachmentsField } => Problems.WithField(StatusCodes.Status422UnprocessableEntity, "The complaint holds its maximum of attachments.", ComplaintDecider.AttachmentsField, e.Message),
        { Kind: ViolationKind.Forbidden } => Problems.Forbidden(e.Message),
        { Kind: ViolationKind.Invalid } => Problems.WithField(StatusCodes.Status400BadRequest, Problems.InvalidTitle, e.Field ?? FileField, e.Message),
        _ => Problems.Conflict(e.Message),
    };

    private ProblemHttpResult TooLarge() =>
        Problems.WithField(StatusCodes.Status413PayloadTooLarge, "The file is too large.", FileField, $"At most {Limits.MaxFileBytes} bytes per file.");

    private static ProblemHttpResult Unsupported(string detail) =>
        Problems.WithField(StatusCodes.Status415UnsupportedMediaType, "The file's type is not accepted.", FileField, detail);

    private ProblemHttpResult Incomplete(ComplaintId complaint)
    {
        Log.AttachmentIncomplete(logger, complaint.Value);
        return Problems.WithField(StatusCodes.Status400BadRequest, "The upload did not complete.", FileField, "The body ended before the length it announced, or the connection was lost; nothing was stored.");
    }

    /// <summary>The filename (or filename*) of a <c>Content-Disposition</c> request header.</summary>
    private static string? FileNameOf(string? header)
    {
        if (!ContentDispositionHeaderValue.TryParse(header, out var disposition))
        {
            return null;
        }

        var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        return string.IsNullOrWhiteSpace(name) ? null : name;
    }

    private static async Task<byte[]> ReadHeadAsync(Stream body, CancellationToken ct)
    {
        var head = new byte[AttachmentFiles.SniffBytes];
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await body.ReadAsync(head.AsMemory(filled), ct)) > 0)
        {
            filled += read;
        }

        return head[..filled];
    }

    private async Task DeleteQuietlyAsync(ComplaintId complaint, string attachmentId)
    {
        try
        {
            await blobs.DeleteAsync(complaint, attachmentId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Left to the orphan sweep.
            Log.AttachmentNotDeleted(logger, e, complaint.Value, attachmentId);
        }
    }
}
