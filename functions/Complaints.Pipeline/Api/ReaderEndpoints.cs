using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Reading one complaint, its message thread and its attachments: its consumer (tracking token), an operator of a party it names, or a
/// regulator (API key); the decider says who of them may write.
/// </summary>
internal static class ReaderEndpoints
{
    public static RouteGroupBuilder MapReaderEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("complaints/{id}", GetAsync)
            .WithName("GetComplaint")
            .WithSummary("Read a complaint")
            .WithDescription("Status, deadlines, parties, resolution, payout and timeline, as the caller may see them: operators of a named party and regulators also see the consumer's contact details and the recovery claim, only regulators the disclosure. A credential that does not open the complaint gets 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("complaints/{id}/messages", ListMessagesAsync)
            .WithName("ListMessages").WithSummary("Read the complaint's message thread")
            .WithDescription("Its consumer, an operator of a party it names, or a regulator. Oldest first, the whole thread (at most 200 messages). Never published.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("complaints/{id}/messages", PostMessageAsync)
            .WithName("PostMessage").WithSummary("Write in the complaint's message thread")
            .WithDescription("Its consumer or an operator of a party it names (the regulator reads only: 403), 1 to 2,000 characters, from filing until 30 days after closing. Rate-limited per complaint and caller (429 with Retry-After). Never published.")
            .OnComplaint()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("complaints/{id}/attachments", ListAttachmentsAsync)
            .WithName("ListAttachments").WithSummary("List the complaint's attachments")
            .WithDescription("Its consumer, an operator of a party it names, or a regulator. Oldest first: id, sanitized name, media type, size, SHA-256, who attached it, and whether its bytes were erased at the end of the retention. Never published.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("complaints/{id}/attachments", AddAttachmentAsync)
            .WithName("AddAttachment").WithSummary("Attach a file to the complaint")
            .WithDescription("Its consumer or an operator of a party it names (the regulator reads only: 403). The body is the file itself (not multipart), at most Complaints:Attachments:MaxFileBytes (5 MiB by default: 413); its name in Content-Disposition (attachment; filename=\"photo.jpg\", or filename*=UTF-8''...), sanitized; a PNG, JPEG, WebP, GIF or PDF as its first bytes say (not its name or Content-Type: 415); at most Complaints:Attachments:MaxFilesPerComplaint files per complaint (5 by default: 422). Stored in a private blob under a random name; the timeline records id, name, type, size and SHA-256. Never published.")
            .WithMetadata(new RawBody(AttachmentApi.AcceptedContentTypes))
            .OnComplaint()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("complaints/{id}/attachments/{attachmentId}", DownloadAttachmentAsync)
            .WithName("DownloadAttachment").WithSummary("Download an attachment")
            .WithDescription("Its consumer, an operator of a party it names, or a regulator. The bytes as stored, streamed, with Content-Disposition: attachment, X-Content-Type-Options: nosniff and the SHA-256 in Repr-Digest. 410 once the complaint's attachments were erased, Complaints:Attachments:RetainAfterEnd (3 years by default) after it ended.")
            .Produces(StatusCodes.Status200OK, contentType: AttachmentFiles.Types.Keys.First(), additionalContentTypes: [.. AttachmentFiles.Types.Keys.Skip(1)])
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    public static Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(
        [Description("The complaint's id.")] string id,
        [Description("workflow: the orchestration's status and history (regulators only; it costs engine reads).")] string? include,
        Caller caller,
        HttpContext context,
        [FromServices] ComplaintApi complaints) =>
        complaints.GetAsync(id, caller, include, context);

    public static Task<Results<Ok<PageView<MessageView>>, ProblemHttpResult>> ListMessagesAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] MessageThreadApi messages, CancellationToken ct) =>
        messages.ListAsync(id, caller, ct);

    public static Task<Results<Ok<PageView<AttachmentView>>, ProblemHttpResult>> ListAttachmentsAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] AttachmentApi attachments, CancellationToken ct) =>
        attachments.ListAsync(id, caller, ct);

    public static Task<Results<Created<AttachmentView>, ValidationProblem, ProblemHttpResult>> AddAttachmentAsync(
        [Description("The complaint's id.")] string id,
        [FromHeader(Name = "Content-Disposition"), Description("attachment; filename=\"photo.jpg\" (or filename*=UTF-8''...): the file's name, stored sanitized.")] string? contentDisposition,
        Caller caller,
        HttpContext context,
        [FromServices] AttachmentApi attachments) =>
        attachments.AddAsync(id, contentDisposition, caller, context);

    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAttachmentAsync(
        [Description("The complaint's id.")] string id,
        [Description("The attachment's id.")] string attachmentId,
        Caller caller,
        HttpContext context,
        [FromServices] AttachmentApi attachments) =>
        attachments.DownloadAsync(id, attachmentId, caller, context);

    public static Task<Results<Created<MessageView>, ValidationProblem, ProblemHttpResult>> PostMessageAsync(
        [Description("The complaint's id.")] string id, MessageRequest body, Caller caller, HttpContext context, [FromServices] MessageThreadApi messages) =>
        messages.PostAsync(id, body, caller, context);
}
