using Complaints.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Complaints.Functions;

/// <summary>
/// The HTTP triggers of the trends and indicators routes (<c>IndicatorEndpoints</c> in Complaints.Pipeline), each
/// handing off in one line to the local host's endpoint of the same name, as <see cref="HttpFunctions"/> does.
/// </summary>
public static class IndicatorFunctions
{
    [Function(nameof(PublicTrends))]
    public static Task<IActionResult> PublicTrends([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/trends")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(PublicTrends), req);

    [Function(nameof(MerchantHistory))]
    public static Task<IActionResult> MerchantHistory([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/merchants/{id}/history")] HttpRequest req, string id) =>
        HttpApi.InvokeAsync(nameof(MerchantHistory), req, (nameof(id), id));

    [Function(nameof(PublicRegions))]
    public static Task<IActionResult> PublicRegions([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = "public/regions")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(PublicRegions), req);

    [Function(nameof(RegulatorIndicators))]
    public static Task<IActionResult> RegulatorIndicators([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "regulator/indicators")] HttpRequest req) =>
        HttpApi.InvokeAsync(nameof(RegulatorIndicators), req);
}
