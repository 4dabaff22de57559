using System.Text.RegularExpressions;
using Complaints.Functions.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Functions.Tests;

/// <summary>
/// Every HTTP function answers as the local host does: the same request, made once to the function (as the Functions
/// host calls it) and once to the local host over real HTTP, on the same storage, gets the same status, media type
/// and body. Reads and refusals are compared on one complaint; a command that changes state is made on two complaints
/// in the same state (one per host) and compared with ids and times masked.
/// </summary>
[Collection(FunctionsApp.CollectionName)]
public sealed partial class HttpParityTests(FunctionsApp app)
{
    private readonly FunctionsDriver driver = new(app);

    [Fact]
    public async Task Reads_refusals_and_bad_input_get_the_same_answer_from_every_function_and_the_local_host()
    {
        var c = await driver.FileAsync(FunctionsDriver.Filing(merchant: Alpha, venue: Mall));
        await driver.WaitForStatusAsync(c, "assigned");
        var unknown = "c" + new string('0', 32);
        var consumer = FunctionsDriver.Bearer(c);
        var cases = new List<Case>
        {
            new("GetComplaint by its consumer", (r, id) => HttpFunctions.GetComplaint(r, id, app.Durable), "GET", $"api/complaints/{c.Id}", c.Id, Headers: consumer),
            new("GetComplaint by an operator it names", (r, id) => HttpFunctions.GetComplaint(r, id, app.Durable), "GET", $"api/complaints/{c.Id}", c.Id, Headers: driver.Key(Mall)),
            new("GetComplaint without credentials", (r, id) => HttpFunctions.GetComplaint(r, id, app.Durable), "GET", $"api/complaints/{c.Id}", c.Id),
            new("GetComplaint by an operator it does not name", (r, id) => HttpFunctions.GetComplaint(r, id, app.Durable), "GET", $"api/complaints/{c.Id}", c.Id, Headers: driver.Key(Beta)),
            new("GetComplaint of no complaint", (r, id) => HttpFunctions.GetComplaint(r, id, app.Durable), "GET", $"api/complaints/{unknown}", unknown, Headers: driver.Key(Regulator)),
            new("ConfirmResolution with nothing proposed", HttpFunctions.ConfirmResolution, "POST", $"api/complaints/{c.Id}/confirmation", c.Id, Headers: consumer),
            new("DisputeResolution without a body", HttpFunctions.DisputeResolution, "POST", $"api/complaints/{c.Id}/dispute", c.Id, Headers: consumer),
            new("WithdrawComplaint by an operator", HttpFunctions.WithdrawComplaint, "POST", $"api/complaints/{c.Id}/withdrawal", c.Id, Headers: driver.Key(Alpha)),
            new("EvaluateHandling before closing", HttpFunctions.EvaluateHandling, "POST", $"api/complaints/{c.Id}/evaluation", c.Id, """{"rating":4}""", consumer),
            new("AcknowledgeComplaint by a party that is not the first responder", HttpFunctions.AcknowledgeComplaint, "POST", $"api/complaints/{c.Id}/acknowledge", c.Id, Headers: driver.Key(Beta)),
            new("ProposeResolution with an unknown remedy", HttpFunctions.ProposeResolution, "POST", $"api/complaints/{c.Id}/resolution", c.Id, """{"remedy":"magic"}""", driver.Key(Alpha)),
            new("RefuseComplaint with a body that is not JSON", HttpFunctions.RefuseComplaint, "POST", $"api/complaints/{c.Id}/refusal", c.Id, "{not json", driver.Key(Alpha)),
            new("RecordMediationOutcome by the consumer", HttpFunctions.RecordMediationOutcome, "POST", $"api/complaints/{c.Id}/mediation-outcome", c.Id, """{"outcome":"no-agreement","orderAdvanceCompensation":false}""", consumer),
            new("ListMessages by its consumer", HttpFunctions.ListMessages, "GET", $"api/complaints/{c.Id}/messages", c.Id, Headers: consumer),
            new("ListMessages by an operator it does not name", HttpFunctions.ListMessages, "GET", $"api/complaints/{c.Id}/messages", c.Id, Headers: driver.Key(Beta)),
            new("ListMessages without credentials", HttpFunctions.ListMessages, "GET", $"api/complaints/{c.Id}/messages", c.Id),
            new("PostMessage by the regulator", HttpFunctions.PostMessage, "POST", $"api/complaints/{c.Id}/messages", c.Id, """{"text":"A word from the regulator."}""", driver.Key(Regulator)),
            new("PostMessage over the size limit", HttpFunctions.PostMessage, "POST", $"api/complaints/{c.Id}/messages", c.Id, "{\"text\":\"" + new string('x', 2001) + "\"}", consumer),
            new("ListAttachments by its consumer", HttpFunctions.ListAttachments, "GET", $"api/complaints/{c.Id}/attachments", c.Id, Headers: consumer),
            new("ListAttachments by an operator it does not name", HttpFunctions.ListAttachments, "GET", $"api/complaints/{c.Id}/attachments", c.Id, Headers: driver.Key(Beta)),
            new("AddAttachment of an executable named photo.png", HttpFunctions.AddAttachment, "POST", $"api/complaints/{c.Id}/attachments", c.Id, "\u007fELF\u0002\u0001\u0001\u0000 not a photo", With(consumer, Png, Named("photo.png"))),
            new("AddAttachment without a file name", HttpFunctions.AddAttachment, "POST", $"api/complaints/{c.Id}/attachments", c.Id, "%PDF-1.7 a receipt", With(consumer, ("Content-Type", "application/pdf"))),
            new("AddAttachment by the regulator", HttpFunctions.AddAttachment, "POST", $"api/complaints/{c.Id}/attachments", c.Id, "%PDF-1.7 a receipt", With(driver.Key(Regulator), ("Content-Type", "application/pdf"), Named("r.pdf"))),
            new("AddAttachment by an operator it does not name", HttpFunctions.AddAttachment, "POST", $"api/complaints/{c.Id}/attachments", c.Id, "%PDF-1.7 a receipt", With(driver.Key(Beta), ("Content-Type", "application/pdf"), Named("r.pdf"))),
            new("AddAttachment without credentials", HttpFunctions.AddAttachment, "POST", $"api/complaints/{c.Id}/attachments", c.Id, "%PDF-1.7 a receipt", With(new(), ("Content-Type", "application/pdf"), Named("r.pdf"))),
            new("DownloadAttachment of no attachment", (r, id) => HttpFunctions.DownloadAttachment(r, id, "a" + new string('0', 32)), "GET", $"api/complaints/{c.Id}/attachments/a{new string('0', 32)}", c.Id, Headers: consumer),
            new("RecordRepayment with no recovery claim", HttpFunctions.RecordRepayment, "POST", $"api/complaints/{c.Id}/recovery/repayment", c.Id, """{"amount":{"amount":10,"currency":"CNY"}}""", driver.Key(Alpha)),
            new("ConfirmRepayment by the merchant", HttpFunctions.ConfirmRepayment, "POST", $"api/complaints/{c.Id}/recovery/repayment/confirmation", c.Id, Headers: driver.Key(Alpha)),
            new("RecordRecovery with neither amount nor nothing", HttpFunctions.RecordRecovery, "POST", $"api/complaints/{c.Id}/recovery", c.Id, "{}", driver.Key(Mall)),
            new("RecordRecovery by the consumer", HttpFunctions.RecordRecovery, "POST", $"api/complaints/{c.Id}/recovery", c.Id, """{"nothingRecovered":true}""", consumer),
            new("OperatorRecoveryClaims of a venue", (r, _) => HttpFunctions.OperatorRecoveryClaims(r), "GET", "api/operators/me/recovery-claims?status=unrecovered", null, Headers: driver.Key(Market)),
            new("OperatorRecoveryClaims with an unknown status", (r, _) => HttpFunctions.OperatorRecoveryClaims(r), "GET", "api/operators/me/recovery-claims?status=lost", null, Headers: driver.Key(Market)),
            new("OperatorRecoveryClaims by the regulator", (r, _) => HttpFunctions.OperatorRecoveryClaims(r), "GET", "api/operators/me/recovery-claims", null, Headers: driver.Key(Regulator)),
            new("OperatorPayouts of a venue", (r, _) => HttpFunctions.OperatorPayouts(r), "GET", "api/operators/me/payouts", null, Headers: driver.Key(Market)),
            new("OperatorPayouts by a merchant", (r, _) => HttpFunctions.OperatorPayouts(r), "GET", "api/operators/me/payouts", null, Headers: driver.Key(Alpha)),
            new("RegisterWebhook to a private address", (r, _) => HttpFunctions.RegisterWebhook(r), "POST", "api/operators/me/webhook", null, """{"url":"https://10.0.0.8/hooks"}""", driver.Key(Market)),
            new("RegisterWebhook over http", (r, _) => HttpFunctions.RegisterWebhook(r), "POST", "api/operators/me/webhook", null, """{"url":"http://203.0.113.7/hooks"}""", driver.Key(Market)),
            new("RegisterWebhook by the regulator", (r, _) => HttpFunctions.RegisterWebhook(r), "POST", "api/operators/me/webhook", null, """{"url":"https://203.0.113.7/hooks"}""", driver.Key(Regulator)),
            new("GetWebhook of a party without one", (r, _) => HttpFunctions.GetWebhook(r), "GET", "api/operators/me/webhook", null, Headers: driver.Key(Market)),
            new("DeleteWebhook of a party without one", (r, _) => HttpFunctions.DeleteWebhook(r), "DELETE", "api/operators/me/webhook", null, Headers: driver.Key(Market)),
            new("WebhookDeliveries of a venue", (r, _) => HttpFunctions.WebhookDeliveries(r), "GET", "api/operators/me/webhook/deliveries", null, Headers: driver.Key(Market)),
            new("WebhookDeliveries with a consumer token", (r, _) => HttpFunctions.WebhookDeliveries(r), "GET", "api/operators/me/webhook/deliveries", null, Headers: consumer),
            new("OperatorInbox of the first responder", (r, _) => HttpFunctions.OperatorInbox(r), "GET", "api/operators/me/complaints", null, Headers: driver.Key(Mall)),
            new("OperatorInbox with a consumer token", (r, _) => HttpFunctions.OperatorInbox(r), "GET", "api/operators/me/complaints", null, Headers: consumer),
            new("RegulatorComplaints", (r, _) => HttpFunctions.RegulatorComplaints(r), "GET", "api/regulator/complaints?status=escalated", null, Headers: driver.Key(Regulator)),
            new("RegulatorComplaints by an operator", (r, _) => HttpFunctions.RegulatorComplaints(r), "GET", "api/regulator/complaints", null, Headers: driver.Key(Alpha)),
            new("RegulatorDisclosures", (r, _) => HttpFunctions.RegulatorDisclosures(r), "GET", "api/regulator/disclosures?status=draft", null, Headers: driver.Key(Regulator)),
            new("RegulatorDisclosures with an unknown status", (r, _) => HttpFunctions.RegulatorDisclosures(r), "GET", "api/regulator/disclosures?status=lost", null, Headers: driver.Key(Regulator)),
            new("PublishDisclosure of no disclosure", HttpFunctions.PublishDisclosure, "POST", "api/regulator/disclosures/d0000/publish", "d0000", Headers: driver.Key(Regulator)),
            new("WithholdDisclosure by an operator", HttpFunctions.WithholdDisclosure, "POST", "api/regulator/disclosures/d0000/withhold", "d0000", """{"reason":"x"}""", driver.Key(Alpha)),
            new("PublicDisclosures", (r, _) => HttpFunctions.PublicDisclosures(r), "GET", "api/public/disclosures", null),
            new("PublicDisclosures as CSV", (r, _) => HttpFunctions.PublicDisclosures(r), "GET", "api/public/disclosures", null, Headers: new() { ["Accept"] = "text/csv" }),
            new("MerchantStatistics", HttpFunctions.MerchantStatistics, "GET", $"api/public/merchants/{Alpha}/stats", Alpha),
            new("MerchantStatistics of no merchant", HttpFunctions.MerchantStatistics, "GET", "api/public/merchants/m-nobody/stats", "m-nobody"),
            new("ConsumerWarnings", (r, _) => HttpFunctions.ConsumerWarnings(r), "GET", "api/public/warnings", null),
            new("SearchParties", (r, _) => HttpFunctions.SearchParties(r), "GET", "api/public/parties?query=Test", null),
            new("PublicTrends", (r, _) => IndicatorFunctions.PublicTrends(r), "GET", "api/public/trends?by=category&from=2025-01&to=2025-12", null),
            new("PublicTrends as CSV", (r, _) => IndicatorFunctions.PublicTrends(r), "GET", "api/public/trends?from=2025-01&to=2025-12&format=csv", null),
            new("PublicTrends with a bad region", (r, _) => IndicatorFunctions.PublicTrends(r), "GET", "api/public/trends?region=990000", null),
            new("MerchantHistory", IndicatorFunctions.MerchantHistory, "GET", $"api/public/merchants/{Alpha}/history?period=quarter&from=2025-01&to=2025-12", Alpha),
            new("MerchantHistory of no merchant", IndicatorFunctions.MerchantHistory, "GET", "api/public/merchants/m-nobody/history", "m-nobody"),
            new("PublicRegions", (r, _) => IndicatorFunctions.PublicRegions(r), "GET", "api/public/regions", null),
            new("RegulatorIndicators", (r, _) => IndicatorFunctions.RegulatorIndicators(r), "GET", "api/regulator/indicators?from=2025-01&to=2025-12&compareRegion=330000", null, Headers: driver.Key(Regulator)),
            new("RegulatorIndicators by an operator", (r, _) => IndicatorFunctions.RegulatorIndicators(r), "GET", "api/regulator/indicators", null, Headers: driver.Key(Alpha)),
            new("SearchParties in Chinese", (r, _) => HttpFunctions.SearchParties(r), "GET", "api/public/parties?query=" + Uri.EscapeDataString("茶 馆"), null),
            new("ExportDisclosures", (r, _) => ExportAndInspectionFunctions.ExportDisclosures(r), "GET", "api/public/disclosures/export?from=2000-01&to=2000-02", null),
            new("ExportDisclosures as JSON lines", (r, _) => ExportAndInspectionFunctions.ExportDisclosures(r), "GET", "api/public/disclosures/export?format=jsonl", null),
            new("ExportDisclosures with a bad month", (r, _) => ExportAndInspectionFunctions.ExportDisclosures(r), "GET", "api/public/disclosures/export?format=jsonl&from=2026-13", null),
            new("InspectionList", (r, _) => ExportAndInspectionFunctions.InspectionList(r), "GET", "api/regulator/inspection-list", null, Headers: driver.Key(Regulator)),
            new("InspectionList with an unknown tier", (r, _) => ExportAndInspectionFunctions.InspectionList(r), "GET", "api/regulator/inspection-list?tier=E", null, Headers: driver.Key(Regulator)),
            new("InspectionList by an operator", (r, _) => ExportAndInspectionFunctions.InspectionList(r), "GET", "api/regulator/inspection-list", null, Headers: driver.Key(Alpha)),
            new("InspectionList without credentials", (r, _) => ExportAndInspectionFunctions.InspectionList(r), "GET", "api/regulator/inspection-list", null),
            new("FileComplaint with fields missing", (r, _) => HttpFunctions.FileComplaint(r), "POST", "api/complaints", null, """{"consumer":{"name":""},"merchantId":"m-nobody"}"""),
            new("FileComplaint after a byte order mark", (r, _) => HttpFunctions.FileComplaint(r), "POST", "api/complaints", null, "\uFEFF" + """{"consumer":{"name":"Li"},"merchantId":"m-nobody"}"""),
            new("FileComplaint with a string for a number", (r, _) => HttpFunctions.FileComplaint(r), "POST", "api/complaints", null, """{"amountClaimed":{"amount":"120","currency":"CNY"}}"""),
            new("FileComplaint nested too deep", (r, _) => HttpFunctions.FileComplaint(r), "POST", "api/complaints", null, string.Concat(Enumerable.Repeat("{\"consumer\":", 40)) + "1" + new string('}', 40)),
            new("DisputeResolution without credentials", HttpFunctions.DisputeResolution, "POST", $"api/complaints/{c.Id}/dispute", c.Id, """{"reason":"No."}"""),
            new("HealthLive", (r, _) => HttpFunctions.HealthLive(r), "GET", "api/health/live", null, LocalPath: "health/live"),
            new("HealthReady", (r, _) => HttpFunctions.HealthReady(r), "GET", "api/health/ready", null, LocalPath: "health/ready"),
        };

        var differences = new List<string>();
        foreach (var @case in cases)
        {
            var function = await CallFunctionAsync(@case);
            var local = await app.CallLocalAsync(@case.Method, @case.LocalPath ?? @case.Path, @case.Json, @case.Headers);
            Compare(@case.Name, function, local, differences);
        }

        Assert.True(differences.Count == 0, $"{differences.Count} of {cases.Count} answers differ:\n{string.Join("\n", differences)}");
    }

    [Fact]
    public async Task Commands_and_filing_change_state_the_same_way_through_the_function_and_the_local_host()
    {
        var differences = new List<string>();
        var filing = FunctionsDriver.Filing(merchant: Beta);
        var byFunction = await app.CallAsync(HttpFunctions.FileComplaint, "POST", "/api/complaints", filing);
        var byLocal = await app.CallLocalAsync("POST", "api/complaints", filing);
        Compare("FileComplaint", byFunction, byLocal, differences);
        Assert.True(byFunction.Headers.ContainsKey("Location") && byLocal.Headers.ContainsKey("Location"), "both answer a filing with its Location");

        var x = new Filed(byFunction.Json.GetProperty("complaintId").GetString()!, byFunction.Json.GetProperty("trackingToken").GetString()!);
        var y = new Filed(byLocal.Json.GetProperty("complaintId").GetString()!, byLocal.Json.GetProperty("trackingToken").GetString()!);
        await driver.WaitForStatusAsync(x, "assigned");
        await driver.WaitForStatusAsync(y, "assigned");

        foreach (var (name, function, segment, json, headers) in new (string, Func<HttpRequest, string, Task<IActionResult>>, string, string?, Func<Filed, IReadOnlyDictionary<string, string>>)[]
                 {
                     ("AcknowledgeComplaint", HttpFunctions.AcknowledgeComplaint, "acknowledge", null, _ => driver.Key(Beta)),
                     ("ProposeResolution", HttpFunctions.ProposeResolution, "resolution", """{"remedy":"replace","note":"A new kettle."}""", _ => driver.Key(Beta)),
                     ("ProposeResolution revised", HttpFunctions.ProposeResolution, "resolution", """{"remedy":"replace","note":"A new kettle, delivered."}""", _ => driver.Key(Beta)),
                     ("PostMessage by the consumer", HttpFunctions.PostMessage, "messages", """{"text":"When will the kettle come?"}""", FunctionsDriver.Bearer),
                     ("PostMessage by the merchant", HttpFunctions.PostMessage, "messages", """{"text":"Next week."}""", _ => driver.Key(Beta)),
                     ("DisputeResolution", HttpFunctions.DisputeResolution, "dispute", """{"reason":"I want my money back."}""", FunctionsDriver.Bearer),
                     ("AddAttachment by the consumer", HttpFunctions.AddAttachment, "attachments", "%PDF-1.7 the receipt", f => With(FunctionsDriver.Bearer(f), ("Content-Type", "application/pdf"), Named("receipt.pdf"))),
                     ("AddAttachment by the merchant", HttpFunctions.AddAttachment, "attachments", "%PDF-1.7 the delivery note", f => With(driver.Key(Beta), ("Content-Type", "application/octet-stream"), Named("note"))),
                 })
        {
            var viaFunction = await driver.PostAsync(function, x, segment, headers(x), json);
            var viaLocal = await app.CallLocalAsync("POST", $"api/complaints/{y.Id}/{segment}", json, headers(y));
            Compare(name, viaFunction, viaLocal, differences);
            Assert.True(viaFunction.Status is 200 or 201, $"{name}: {viaFunction}");
        }

        // The attachments each host stored download the same: bytes, type, disposition, nosniff.
        foreach (var (f, l) in new[] { (x, y) })
        {
            var listed = await app.CallAsync(r => HttpFunctions.ListAttachments(r, f.Id), "GET", $"/api/complaints/{f.Id}/attachments", headers: FunctionsDriver.Bearer(f));
            var localList = await app.CallLocalAsync("GET", $"api/complaints/{l.Id}/attachments", headers: FunctionsDriver.Bearer(l));
            Compare("ListAttachments", listed, localList, differences);
            var fid = listed.Json.GetProperty("items")[0].GetProperty("attachmentId").GetString()!;
            var lid = localList.Json.GetProperty("items")[0].GetProperty("attachmentId").GetString()!;
            var viaFunction = await app.CallAsync(r => HttpFunctions.DownloadAttachment(r, f.Id, fid), "GET", $"/api/complaints/{f.Id}/attachments/{fid}", headers: FunctionsDriver.Bearer(f));
            var viaLocal = await app.CallLocalAsync("GET", $"api/complaints/{l.Id}/attachments/{lid}", headers: FunctionsDriver.Bearer(l));
            Compare("DownloadAttachment", viaFunction, viaLocal, differences);
            Assert.Equal("%PDF-1.7 the receipt", viaFunction.Body);
            foreach (var header in new[] { "Content-Disposition", "X-Content-Type-Options", "Repr-Digest", "Content-Length" })
            {
                if (viaFunction.Headers.GetValueOrDefault(header) != viaLocal.Headers.GetValueOrDefault(header))
                {
                    differences.Add($"- DownloadAttachment {header}: function '{viaFunction.Headers.GetValueOrDefault(header)}', local '{viaLocal.Headers.GetValueOrDefault(header)}'");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static readonly (string, string) Png = ("Content-Type", "image/png");

    private static (string, string) Named(string fileName) => ("Content-Disposition", $"attachment; filename=\"{fileName}\"");

    private static Dictionary<string, string> With(Dictionary<string, string> headers, params (string Name, string Value)[] more)
    {
        var all = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in more)
        {
            all[name] = value;
        }

        return all;
    }

    private Task<Answer> CallFunctionAsync(Case c) =>
        app.CallAsync(req => c.Function(req, c.RouteValue ?? string.Empty), c.Method, "/" + c.Path, c.Json, c.Headers);

    private static void Compare(string name, Answer function, Answer local, List<string> differences)
    {
        var (f, l) = (Normalize(function.Body), Normalize(local.Body));
        if (function.Status != local.Status || function.ContentType != local.ContentType || f != l)
        {
            differences.Add($"- {name}: function {function.Status} {function.ContentType} {f}\n  local    {local.Status} {local.ContentType} {l}");
        }
    }

    /// <summary>Masks what differs by nature between two complaints or two requests: ids, tokens, times, trace ids.</summary>
    private static string Normalize(string body)
    {
        var masked = TraceId().Replace(body, string.Empty);
        masked = Token().Replace(masked, "\"trackingToken\":\"<token>\"");
        masked = Id().Replace(masked, "<id>");
        return Time().Replace(masked, "<time>");
    }

    [GeneratedRegex(",?\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();

    [GeneratedRegex("\"trackingToken\":\"[^\"]*\"")]
    private static partial Regex Token();

    [GeneratedRegex("\\b[a-z][0-9a-f]{32}\\b")]
    private static partial Regex Id();

    [GeneratedRegex("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})")]
    private static partial Regex Time();

    private sealed record Case(
        string Name,
        Func<HttpRequest, string, Task<IActionResult>> Function,
        string Method,
        string Path,
        string? RouteValue,
        string? Json = null,
        Dictionary<string, string>? Headers = null,
        string? LocalPath = null);
}
