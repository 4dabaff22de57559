using Complaints.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Complaints.Functions;

/// <summary>
/// One HTTP trigger per route of <see cref="ApiRoutes.All"/>: same method, same route under <c>/api</c>, and the
/// function name is the endpoint's name. Each hands off in one line to that endpoint (the local host's, built from the
/// same route groups), so status codes, bodies and authorization are the local host's. tests/Complaints.Functions.Tests
/// compares the generated functions.metadata with the local host's routes and calls every function as the host would.
/// A public read (a GET of the public audience) also takes OPTIONS: the shared endpoint answers its CORS preflight
/// (Complaints.Pipeline.Api.PublicReads), as the local host's routing sends it there.
/// </summary>
public static class HttpFunctions
{
    [Function(nameof(FileComplaint))]
    public static Task<IActionResult> FileComplaint([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(FileComplaint), req);

    /// <summary>The regulator's view shows the orchestration's status and history: the Durable client goes along.</summary>
    [Function(nameof(GetComplaint))]
    public static Task<IActionResult> GetComplaint([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints/{id}")] HttpRequest req, string id, [DurableClient] DurableTaskClient client) =>
        HttpApi.InvokeAsync(nameof(GetComplaint), req.WithWorkflows(client), (nameof(id), id));

    [Function(nameof(ConfirmResolution))]
    public static Task<IActionResult> ConfirmResolution([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/confirmation")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(ConfirmResolution), req, (nameof(id), id));

    [Function(nameof(DisputeResolution))]
    public static Task<IActionResult> DisputeResolution([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/dispute")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(DisputeResolution), req, (nameof(id), id));

    [Function(nameof(WithdrawComplaint))]
    public static Task<IActionResult> WithdrawComplaint([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/withdrawal")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(WithdrawComplaint), req, (nameof(id), id));

    [Function(nameof(EvaluateHandling))]
    public static Task<IActionResult> EvaluateHandling([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/evaluation")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(EvaluateHandling), req, (nameof(id), id));

    [Function(nameof(AcknowledgeComplaint))]
    public static Task<IActionResult> AcknowledgeComplaint([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/acknowledge")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(AcknowledgeComplaint), req, (nameof(id), id));

    [Function(nameof(ProposeResolution))]
    public static Task<IActionResult> ProposeResolution([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/resolution")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(ProposeResolution), req, (nameof(id), id));

    [Function(nameof(RefuseComplaint))]
    public static Task<IActionResult> RefuseComplaint([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/refusal")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(RefuseComplaint), req, (nameof(id), id));

    [Function(nameof(RecordMediationOutcome))]
    public static Task<IActionResult> RecordMediationOutcome([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/mediation-outcome")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(RecordMediationOutcome), req, (nameof(id), id));

    [Function(nameof(ListMessages))]
    public static Task<IActionResult> ListMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints/{id}/messages")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(ListMessages), req, (nameof(id), id));

    [Function(nameof(PostMessage))]
    public static Task<IActionResult> PostMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/messages")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(PostMessage), req, (nameof(id), id));

    [Function(nameof(ListAttachments))]
    public static Task<IActionResult> ListAttachments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints/{id}/attachments")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(ListAttachments), req, (nameof(id), id));

    /// <summary>The body is the file, streamed to blob storage as it arrives (the ASP.NET Core integration does not buffer it).</summary>
    [Function(nameof(AddAttachment))]
    public static Task<IActionResult> AddAttachment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/attachments")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(AddAttachment), req, (nameof(id), id));

    [Function(nameof(DownloadAttachment))]
    public static Task<IActionResult> DownloadAttachment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "complaints/{id}/attachments/{attachmentId}")] HttpRequest req, string id, string attachmentId) =>
        HttpApi.InvokeAsync(nameof(DownloadAttachment), req, (nameof(id), id), (nameof(attachmentId), attachmentId));

    [Function(nameof(RecordRepayment))]
    public static Task<IActionResult> RecordRepayment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/recovery/repayment")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(RecordRepayment), req, (nameof(id), id));

    [Function(nameof(ConfirmRepayment))]
    public static Task<IActionResult> ConfirmRepayment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/recovery/repayment/confirmation")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(ConfirmRepayment), req, (nameof(id), id));

    [Function(nameof(RecordRecovery))]
    public static Task<IActionResult> RecordRecovery([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "complaints/{id}/recovery")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(RecordRecovery), req, (nameof(id), id));

    [Function(nameof(OperatorInbox))]
    public static Task<IActionResult> OperatorInbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operators/me/complaints")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(OperatorInbox), req);

    [Function(nameof(OperatorRecoveryClaims))]
    public static Task<IActionResult> OperatorRecoveryClaims([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operators/me/recovery-claims")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(OperatorRecoveryClaims), req);

    [Function(nameof(OperatorPayouts))]
    public static Task<IActionResult> OperatorPayouts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operators/me/payouts")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(OperatorPayouts), req);

    [Function(nameof(RegisterWebhook))]
    public static Task<IActionResult> RegisterWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operators/me/webhook")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(RegisterWebhook), req);

    [Function(nameof(GetWebhook))]
    public static Task<IActionResult> GetWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operators/me/webhook")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(GetWebhook), req);

    [Function(nameof(DeleteWebhook))]
    public static Task<IActionResult> DeleteWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "operators/me/webhook")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(DeleteWebhook), req);

    [Function(nameof(WebhookDeliveries))]
    public static Task<IActionResult> WebhookDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operators/me/webhook/deliveries")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(WebhookDeliveries), req);

    [Function(nameof(RegulatorComplaints))]
    public static Task<IActionResult> RegulatorComplaints([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "regulator/complaints")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(RegulatorComplaints), req);

    [Function(nameof(RegulatorDisclosures))]
    public static Task<IActionResult> RegulatorDisclosures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "regulator/disclosures")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(RegulatorDisclosures), req);

    [Function(nameof(PublishDisclosure))]
    public static Task<IActionResult> PublishDisclosure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "regulator/disclosures/{disclosureId}/publish")] HttpRequest req, string disclosureId) =>
        HttpApi.InvokeAsync(nameof(PublishDisclosure), req, (nameof(disclosureId), disclosureId));

    [Function(nameof(WithholdDisclosure))]
    public static Task<IActionResult> WithholdDisclosure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "regulator/disclosures/{disclosureId}/withhold")] HttpRequest req, string disclosureId) =>
        HttpApi.InvokeAsync(nameof(WithholdDisclosure), req, (nameof(disclosureId), disclosureId));

    [Function(nameof(PublicDisclosures))]
    public static Task<IActionResult> PublicDisclosures([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/disclosures")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(PublicDisclosures), req);

    [Function(nameof(MerchantStatistics))]
    public static Task<IActionResult> MerchantStatistics([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/merchants/{id}/stats")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(MerchantStatistics), req, (nameof(id), id));

    [Function(nameof(ConsumerWarnings))]
    public static Task<IActionResult> ConsumerWarnings([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/warnings")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(ConsumerWarnings), req);

    [Function(nameof(SearchParties))]
    public static Task<IActionResult> SearchParties([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/parties")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(SearchParties), req);

    /// <summary>Liveness. The local host serves it at <c>/health/live</c>; here it is under the Functions route prefix: <c>/api/health/live</c>.</summary>
    [Function(nameof(HealthLive))]
    public static Task<IActionResult> HealthLive([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/live")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(HealthLive), req);

    /// <summary>Readiness (storage answers). Local: <c>/health/ready</c>; here <c>/api/health/ready</c>.</summary>
    [Function(nameof(HealthReady))]
    public static Task<IActionResult> HealthReady([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(HealthReady), req);
}
