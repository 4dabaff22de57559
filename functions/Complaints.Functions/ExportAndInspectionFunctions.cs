using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>
/// The HTTP triggers of the full export and the inspection list, as <see cref="HttpFunctions"/>: one line each to the
/// shared endpoint of the same name. A public read also takes OPTIONS, so that its CORS preflight reaches the shared
/// endpoint, which answers it (Complaints.Pipeline.Api.PublicReads).
/// </summary>
public static class ExportAndInspectionFunctions
{
    /// <summary>Streams every matching record: the endpoint writes the body to the integration's response as it reads storage.</summary>
    [Function(nameof(ExportDisclosures))]
    public static Task<IActionResult> ExportDisclosures([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/disclosures/export")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(ExportDisclosures), req);

    [Function(nameof(InspectionList))]
    public static Task<IActionResult> InspectionList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "regulator/inspection-list")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(InspectionList), req);
}
