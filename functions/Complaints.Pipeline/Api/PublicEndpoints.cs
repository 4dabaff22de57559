using System.ComponentModel;
using Complaints.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Complaints.Pipeline.Api;

/// <summary>Routes anyone may call: filing, and the public disclosure feed with its statistics, warnings and registry.</summary>
internal static class PublicEndpoints
{
    public static RouteGroupBuilder MapPublicEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("complaints", FileAsync)
            .WithName("FileComplaint")
            .WithSummary("File a complaint")
            .WithDescription("No credentials are needed. The answer carries the tracking token, once. A retry with the same Idempotency-Key and the same filing gets the same answer; the key with another filing is a 409. Filings are rate-limited per client address (429).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(ApiRoutes.FilingRateLimitPolicy);
        group.MapGet("public/disclosures", DisclosuresAsync)
            .WithName("PublicDisclosures")
            .WithSummary("Published disclosures")
            .WithDescription("Published records only, newest month first, as JSON, or as CSV for Accept: text/csv. A page that is not the last says where the next starts: the JSON's cursor (pass it back), and for both forms a Link header, <...&cursor=...>; rel=\"next\" (RFC 8288). Every record at once, unpaged: /api/public/disclosures/export.");
        group.MapGet("public/merchants/{id}/stats", MerchantStatisticsAsync)
            .WithName("MerchantStatistics")
            .WithSummary("A merchant's statistics")
            .WithDescription("Withheld (withheld: true) below the minimum number of complaints.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("public/warnings", ([FromServices] PublicFeed feed, CancellationToken ct) => feed.WarningsAsync(ct))
            .WithName("ConsumerWarnings")
            .WithSummary("Consumer warnings")
            .WithDescription("Merchants in the highest risk tier.");
        group.MapGet("public/parties", PartiesAsync)
            .WithName("SearchParties")
            .WithSummary("Search the parties registry")
            .WithDescription("Merchants and venues to name when filing, with venues' advance-compensation terms.")
            .ProducesValidationProblem();
        return group;
    }

    public static Task<Results<Created<FiledView>, ValidationProblem, ProblemHttpResult>> FileAsync(
        FileComplaintRequest body,
        [FromHeader(Name = ComplaintApi.IdempotencyKeyHeader), Description("Makes retries safe: the same key and filing return the same complaint (1 to 128 printable characters).")] string? idempotencyKey,
        [FromServices] ComplaintApi complaints,
        CancellationToken ct) =>
        complaints.FileAsync(body, idempotencyKey, ct);

    public static Task<Results<Ok<PageView<PublicDisclosureView>>, ContentHttpResult, ValidationProblem>> DisclosuresAsync(
        [Text(64), Description("Only this merchant's records.")] string? merchantId,
        [Text(64), Description("Only records of purchases through this venue.")] string? venueId,
        [ApiEnum<Category>, Description("Only this category.")] string? category,
        [ApiEnum<ComplaintOutcome>, Description("Only this outcome.")] string? outcome,
        [Description("The first month, yyyy-MM (or a date in it); by default 36 months before to.")] string? from,
        [Description("The last month, yyyy-MM (or a date in it); by default this month.")] string? to,
        [Description("The cursor of the previous page.")] string? cursor,
        HttpRequest request,
        [FromServices] PublicFeed feed,
        CancellationToken ct) =>
        feed.DisclosuresAsync(new PublicFeedQuery(merchantId, venueId, category, outcome, from, to, cursor), WantsCsv(request), request, ct);

    public static Task<Results<Ok<MerchantStatsView>, ProblemHttpResult>> MerchantStatisticsAsync(
        [Description("The merchant's id.")] string id, [FromServices] PublicFeed feed, CancellationToken ct) =>
        feed.MerchantStatsAsync(id, ct);

    public static Task<Ok<PageView<PartyView>>> PartiesAsync(
        [Text(100), Description("Words of a party's name or id; empty lists the first page.")] string? query, [FromServices] PublicFeed feed, CancellationToken ct) =>
        feed.PartiesAsync(query, ct);

    private static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
}
