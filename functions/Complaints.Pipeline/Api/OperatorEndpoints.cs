using System.ComponentModel;
using Complaints.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>Staff of a merchant or venue, with an API key bound to that party.</summary>
internal static class OperatorEndpoints
{
    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("complaints/{id}/acknowledge", AcknowledgeAsync)
            .WithName("AcknowledgeComplaint").WithSummary("Acknowledge the complaint")
            .WithDescription("Only the first responder (the venue if there is one): first-inquiry responsibility cannot be passed on.").OnComplaint();
        group.MapPost("complaints/{id}/resolution", ProposeResolutionAsync)
            .WithName("ProposeResolution").WithSummary("Propose a resolution")
            .WithDescription("The merchant, or the first responder for it. A refund or compensation needs an amount in the claim's currency.").OnComplaint();
        group.MapPost("complaints/{id}/refusal", RefuseAsync)
            .WithName("RefuseComplaint").WithSummary("Refuse the complaint")
            .WithDescription("The merchant, or the first responder for it. An enrolled venue may then pay first.").OnComplaint();
        group.MapPost("complaints/{id}/recovery/repayment", RecordRepaymentAsync)
            .WithName("RecordRepayment").WithSummary("Record a repayment of the recovery claim")
            .WithDescription("The merchant, after a venue paid the consumer first: an amount in the claim's currency, at most what is still owed, and an optional payment reference. It counts once the venue confirms it; a new record replaces one not yet confirmed.").OnComplaint();
        group.MapPost("complaints/{id}/recovery/repayment/confirmation", ConfirmRepaymentAsync)
            .WithName("ConfirmRepayment").WithSummary("Confirm the merchant's repayment")
            .WithDescription("The venue that paid first. Confirmed repayments add up; when they reach the whole amount the claim ends recovered.").OnComplaint();
        group.MapPost("complaints/{id}/recovery", RecordRecoveryAsync)
            .WithName("RecordRecovery").WithSummary("Record what was recovered, ending the claim")
            .WithDescription("The venue that paid first: the amount recovered in all (the whole claim or part, at least the repayments it confirmed), or nothingRecovered: true. This ends the claim.").OnComplaint();
        group.MapGet("operators/me/complaints", InboxAsync)
            .WithName("OperatorInbox").WithSummary("The operator's inbox")
            .WithDescription("The complaints waiting on the caller's party, with the action and its deadline.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("operators/me/recovery-claims", RecoveryClaimsAsync)
            .WithName("OperatorRecoveryClaims").WithSummary("The operator's recovery claims")
            .WithDescription("A venue's claims against merchants for what it paid first, or the claims against a merchant: amounts, confirmed repayments, a repayment awaiting confirmation, the deadline and how it ended.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("operators/me/payouts", PayoutsAsync)
            .WithName("OperatorPayouts").WithSummary("The venue's payouts")
            .WithDescription("What the venue was asked to pay consumers first (advance compensation), pending or settled. Venues only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("operators/me/webhook", RegisterWebhookAsync)
            .WithName("RegisterWebhook").WithSummary("Register the party's webhook")
            .WithDescription("An operator of a merchant or venue, for its own party: an https URL whose host resolves to public addresses only (422 naming url otherwise). Replaces any earlier registration and its secret. The answer carries the signing secret, this once; later reads never show it. Deliveries: see docs/api.md, Webhooks.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("operators/me/webhook", GetWebhookAsync)
            .WithName("GetWebhook").WithSummary("The party's webhook")
            .WithDescription("The URL and when it was registered; never the secret. 404 when the party has none.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("operators/me/webhook", DeleteWebhookAsync)
            .WithName("DeleteWebhook").WithSummary("Remove the party's webhook")
            .WithDescription("Deliveries not through yet are cancelled. 404 when the party has none.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("operators/me/webhook/deliveries", WebhookDeliveriesAsync)
            .WithName("WebhookDeliveries").WithSummary("The party's webhook deliveries")
            .WithDescription("Newest first: each delivery's id (the receiver's idempotency key), event, complaint, status (pending, delivered, failed, cancelled), attempts and the last error code.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    public static Task<Results<Ok<WebhookRegisteredView>, ValidationProblem, ProblemHttpResult>> RegisterWebhookAsync(
        WebhookRequest body, Caller caller, [FromServices] WebhookApi webhooks, CancellationToken ct) =>
        webhooks.RegisterAsync(caller, body, ct);

    public static Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetWebhookAsync(Caller caller, [FromServices] WebhookApi webhooks, CancellationToken ct) =>
        webhooks.GetAsync(caller, ct);

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteWebhookAsync(Caller caller, [FromServices] WebhookApi webhooks, CancellationToken ct) =>
        webhooks.DeleteAsync(caller, ct);

    public static Task<Results<Ok<PageView<WebhookDeliveryView>>, ValidationProblem, ProblemHttpResult>> WebhookDeliveriesAsync(
        [Description("The cursor of the previous page.")] string? cursor, Caller caller, [FromServices] WebhookApi webhooks, CancellationToken ct) =>
        webhooks.DeliveriesAsync(caller, cursor, ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Acknowledge(actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> ProposeResolutionAsync(
        [Description("The complaint's id.")] string id, ResolutionRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.ProposeResolution(body.Remedy!.Value, body.Amount?.ToMoney(), TextRules.Present(body.Note), actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RefuseAsync(
        [Description("The complaint's id.")] string id, ReasonRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.Refuse(body.Text, actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RecordRepaymentAsync(
        [Description("The complaint's id.")] string id, RepaymentRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.RecordRepayment(body.Amount.ToMoney(), TextRules.Present(body.Reference), actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> ConfirmRepaymentAsync(
        [Description("The complaint's id.")] string id, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.ConfirmRepayment(actor, now), ct);

    public static Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> RecordRecoveryAsync(
        [Description("The complaint's id.")] string id, RecoveryRequest body, Caller caller, [FromServices] ComplaintApi complaints, CancellationToken ct) =>
        complaints.ExecuteAsync(id, caller, (actor, now) => new ComplaintCommand.RecordRecovery(body.NothingRecovered ? null : body.Amount?.ToMoney(), actor, now), ct);

    public static Task<Results<Ok<PageView<RecoveryClaimItemView>>, ValidationProblem, ProblemHttpResult>> RecoveryClaimsAsync(
        [ApiEnum<RecoveryClaimState>, Description("open (the default), recovered, partly-recovered or unrecovered.")] string? status,
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] ListingApi lists,
        CancellationToken ct) =>
        lists.RecoveryClaimsAsync(caller, status, cursor, ct);

    public static Task<Results<Ok<PageView<PayoutItemView>>, ValidationProblem, ProblemHttpResult>> PayoutsAsync(
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] ListingApi lists,
        CancellationToken ct) =>
        lists.PayoutsAsync(caller, cursor, ct);

    public static Task<Results<Ok<PageView<InboxItemView>>, ValidationProblem, ProblemHttpResult>> InboxAsync(
        [ApiEnum<ComplaintStatus>(ComplaintStatus.Assigned, ComplaintStatus.Acknowledged), Description("Only complaints in this status.")] string? status,
        [Description("Only complaints due before this ISO 8601 date and time.")] string? dueBefore,
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] ListingApi lists,
        CancellationToken ct) =>
        lists.OperatorInboxAsync(caller, status, dueBefore, cursor, ct);
}
