using System.ComponentModel;
using Complaints.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>The consumer's moves on their complaint, with the tracking token as a bearer credential.</summary>
internal static class ConsumerEndpoints
{
    public static RouteGroupBuilder MapConsumerEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("complaints/{id}/confirmation", ConfirmAsync)
            .WithName("ConfirmResolution").WithSummary("Accept the proposed resolution").OnComplaint();
        group.MapPost("complaints/{id}/dispute", DisputeAsync)
            .WithName("DisputeResolution").WithSummary("Dispute the proposed resolution")
            .WithDescription("The regulator then mediates.").OnComplaint();
        group.MapPost("complaints/{id}/withdrawal", WithdrawAsync)
            .WithName("WithdrawComplaint").WithSummary("Withdraw the complaint")
            .WithDescription("Any time before money moves.").OnComplaint();
        group.MapPost("complaints/{id}/evaluation", EvaluateAsync)
            .WithName("EvaluateHandling").WithSummary("Rate the handling")
            .WithDescription("Within 30 days of closing.").OnComplaint();
        return group;
    }

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Confirm(actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> DisputeAsync(
        [Description("The complaint's id.")] string id, ReasonRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Dispute(body.Text, actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Withdraw(actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        [Description("The complaint's id.")] string id, EvaluationRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Evaluate(body.Rating!.Value, TextRules.Present(body.Comment), actor, now), ct);
}
