using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>Reading one complaint: its consumer (tracking token), an operator of a party it names, or a regulator (API key).</summary>
internal static class ReaderEndpoints
{
    public static RouteGroupBuilder MapReaderEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("complaints/{id}", GetAsync)
            .WithName("GetComplaint")
            .WithSummary("Read a complaint")
            .WithDescription("Status, deadlines, parties, resolution, payout and timeline, as the caller may see them: operators of a named party and regulators also see the consumer's contact details and the recovery claim, only regulators the disclosure. A credential that does not open the complaint gets 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(
        [Description("The complaint's id.")] string id,
        [Description("workflow: the orchestration's status and history (regulators only; it costs engine reads).")] string? include,
        Caller caller,
        HttpContext context,
        [FromServices] ComplaintApi complaints) =>
        complaints.GetAsync(id, caller, include, context);
}
