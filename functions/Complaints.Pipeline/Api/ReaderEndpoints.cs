using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Reading one complaint, and its message thread: its consumer (tracking token), an operator of a party it names, or a
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

    public static Task<Results<Created<MessageView>, ValidationProblem, ProblemHttpResult>> PostMessageAsync(
        [Description("The complaint's id.")] string id, MessageRequest body, Caller caller, HttpContext context, [FromServices] MessageThreadApi messages) =>
        messages.PostAsync(id, body, caller, context);
}
