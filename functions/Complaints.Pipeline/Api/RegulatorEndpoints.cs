using System.ComponentModel;
using Complaints.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>The regulator, with an API key that has the regulator role: mediation, its queues, and disclosure review.</summary>
internal static class RegulatorEndpoints
{
    public static RouteGroupBuilder MapRegulatorEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("complaints/{id}/mediation-outcome", RecordMediationOutcomeAsync)
            .WithName("RecordMediationOutcome").WithSummary("Record the mediation outcome")
            .WithDescription("Advance compensation can be ordered only when the consumer is upheld.").OnComplaint();
        group.MapGet("regulator/complaints", ComplaintsAsync)
            .WithName("RegulatorComplaints").WithSummary("Complaints before the regulator")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("regulator/disclosures", DisclosuresAsync)
            .WithName("RegulatorDisclosures").WithSummary("Disclosures by review status")
            .WithDescription("Items carry the disclosure id, the complaint id and the redacted record.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("regulator/disclosures/{disclosureId}/publish", PublishAsync)
            .WithName("PublishDisclosure").WithSummary("Publish a reviewed disclosure").OnComplaint();
        group.MapPost("regulator/disclosures/{disclosureId}/withhold", WithholdAsync)
            .WithName("WithholdDisclosure").WithSummary("Withhold a disclosure, giving a reason").OnComplaint();
        return group;
    }

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RecordMediationOutcomeAsync(
        [Description("The complaint's id.")] string id, MediationOutcomeRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.RecordMediationOutcome(body.Outcome!.Value, body.OrderAdvanceCompensation, actor, now), ct);

    public static Task<Results<Ok<PageView<RegulatorItemView>>, ValidationProblem, ProblemHttpResult>> ComplaintsAsync(
        [ApiEnum<ComplaintStatus>(ComplaintStatus.Escalated, ComplaintStatus.InMediation), Description("escalated (the default) or in-mediation.")] string? status,
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] ListingApi lists,
        CancellationToken ct) =>
        lists.RegulatorComplaintsAsync(caller, status, cursor, ct);

    public static Task<Results<Ok<PageView<RegulatorDisclosureView>>, ValidationProblem, ProblemHttpResult>> DisclosuresAsync(
        [ApiEnum<DisclosureStatus>(DisclosureStatus.Draft, DisclosureStatus.Published, DisclosureStatus.Withheld), Description("draft (the default), published or withheld.")] string? status,
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] ListingApi lists,
        CancellationToken ct) =>
        lists.RegulatorDisclosuresAsync(caller, status, cursor, ct);

    public static Task<Results<Ok<RegulatorDisclosureView>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        [Description("The disclosure's id.")] string disclosureId, Caller caller, [FromServices] DisclosureDecisions decisions, CancellationToken ct) =>
        decisions.DecideAsync(disclosureId, caller, (actor, now) => new ComplaintCommand.PublishDisclosure(actor, now), ct);

    public static Task<Results<Ok<RegulatorDisclosureView>, ValidationProblem, ProblemHttpResult>> WithholdAsync(
        [Description("The disclosure's id.")] string disclosureId, ReasonRequest body, Caller caller, [FromServices] DisclosureDecisions decisions, CancellationToken ct) =>
        decisions.DecideAsync(disclosureId, caller, (actor, now) => new ComplaintCommand.WithholdDisclosure(body.Text, actor, now), ct);
}
