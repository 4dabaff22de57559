using System.ComponentModel;
using Complaints.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Trends and indicators from the per-slice counters (docs/indicators.md, docs/adr/0012): public trends, a merchant's
/// history and the region names in the Public group; any slice, with a comparison, for regulators.
/// </summary>
internal static class IndicatorEndpoints
{
    public static RouteGroupBuilder MapPublicIndicatorEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("public/trends", TrendsAsync)
            .WithName("PublicTrends")
            .WithSummary("Complaint trends by month, category or region")
            .WithDescription("The indicators of docs/indicators.md for each month (or quarter, or year), each category, or each division one level below region (provinces without one), over from..to (the last 12 months by default). Slices below minimumCount show counts only. JSON, or CSV for Accept: text/csv or format=csv.")
            .ProducesValidationProblem();
        group.MapGet("public/merchants/{id}/history", MerchantHistoryAsync)
            .WithName("MerchantHistory")
            .WithSummary("A merchant's indicators by period")
            .WithDescription("The trend shape, for one merchant, by month (or quarter, or year). JSON, or CSV for Accept: text/csv or format=csv.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("public/regions", ([FromServices] IndicatorsApi indicators, CancellationToken ct) => indicators.RegionsAsync(ct))
            .WithName("PublicRegions")
            .WithSummary("Administrative divisions, named in Chinese and English")
            .WithDescription("Every province-level division, and every city and county a party in the registry is in (GB/T 2260 codes).");
        return group;
    }

    public static RouteGroupBuilder MapRegulatorIndicatorEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("regulator/indicators", RegulatorIndicatorsAsync)
            .WithName("RegulatorIndicators")
            .WithSummary("Indicators of any slice, with a comparison")
            .WithDescription("Filters combine; region rolls up (a province holds its cities and counties). compareRegion and/or compareFrom with compareTo ask for a second slice, the other filters kept.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    public static Task<Results<Ok<TrendsView>, ContentHttpResult, ValidationProblem>> TrendsAsync(
        [ApiEnum<TrendBy>, Description("month (the default), category or region.")] string? by,
        [ApiEnum<TrendPeriod>, Description("month (the default), quarter or year: how months are grouped when by=month.")] string? period,
        [Description("The first month, yyyy-MM; by default 11 months before to.")] string? from,
        [Description("The last month, yyyy-MM; by default this month.")] string? to,
        [Description("Only this GB/T 2260 division (6 digits): a province, city or county; rolls up.")] string? region,
        [ApiEnum<Category>, Description("Only this category.")] string? category,
        [ApiEnum<TrendFormat>, Description("csv answers CSV, as Accept: text/csv does.")] string? format,
        HttpRequest request,
        [FromServices] IndicatorsApi indicators,
        CancellationToken ct) =>
        indicators.TrendsAsync(new TrendsQuery(by, period, from, to, region, category), WantsCsv(request, format), ct);

    public static Task<Results<Ok<TrendsView>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> MerchantHistoryAsync(
        [Description("The merchant's id.")] string id,
        [ApiEnum<TrendPeriod>, Description("month (the default), quarter or year.")] string? period,
        [Description("The first month, yyyy-MM; by default 11 months before to.")] string? from,
        [Description("The last month, yyyy-MM; by default this month.")] string? to,
        [ApiEnum<TrendFormat>, Description("csv answers CSV, as Accept: text/csv does.")] string? format,
        HttpRequest request,
        [FromServices] IndicatorsApi indicators,
        CancellationToken ct) =>
        indicators.MerchantHistoryAsync(id, period, from, to, WantsCsv(request, format), ct);

    public static Task<Results<Ok<RegulatorIndicatorsView>, ValidationProblem, ProblemHttpResult>> RegulatorIndicatorsAsync(
        [Description("Only this GB/T 2260 division (6 digits); rolls up.")] string? region,
        [ApiEnum<Category>, Description("Only this category.")] string? category,
        [Text(64), Description("Only this merchant.")] string? merchantId,
        [Text(64), Description("Only purchases through this venue.")] string? venueId,
        [ApiEnum<TrendPeriod>, Description("Without from and to: the current month, quarter or year to date.")] string? period,
        [Description("The first month, yyyy-MM; by default 11 months before to.")] string? from,
        [Description("The last month, yyyy-MM; by default this month.")] string? to,
        [Description("Compare with this division, the other filters kept.")] string? compareRegion,
        [Description("Compare with the period from this month (yyyy-MM), with compareTo.")] string? compareFrom,
        [Description("Compare with the period to this month (yyyy-MM), with compareFrom.")] string? compareTo,
        Caller caller,
        [FromServices] IndicatorsApi indicators,
        CancellationToken ct) =>
        indicators.RegulatorAsync(caller, new RegulatorIndicatorsQuery(region, category, merchantId, venueId, period, from, to, compareRegion, compareFrom, compareTo), ct);

    private static bool WantsCsv(HttpRequest request, string? format) =>
        format == "csv" || (format is null or "" && request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase)));
}
