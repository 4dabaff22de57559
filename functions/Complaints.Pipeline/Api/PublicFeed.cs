using System.Globalization;
using System.Text;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// What anyone may read: the published disclosures (JSON, or CSV), a merchant's statistics, the consumer warnings and
/// the parties registry. Nothing here is behind credentials, and nothing links a record back to a complaint.
/// </summary>
public sealed class PublicFeed(
    IReadModelStore readModels,
    IPartyRegistry registry,
    Cursors cursors,
    IOptions<ApiOptions> options,
    IOptions<CreditOptions> credit,
    TimeProvider clock)
{
    private const int MaxPagesPerRequest = 10;
    private (DateTimeOffset At, IReadOnlyList<WarningView> Items)? _warnings;

    private int PageSize => options.Value.PageSize;

    /// <summary>
    /// One page of published records, newest month first, filtered; <paramref name="csv"/> answers RFC 4180 CSV
    /// instead of JSON. Either way a page that is not the last says where the next one starts: the JSON's
    /// <c>cursor</c>, and a <c>Link: &lt;…&amp;cursor=…&gt;; rel="next"</c> header (the only way for CSV, which has no
    /// place for it). The full result, unpaged, is <see cref="DisclosureExport"/>'s.
    /// </summary>
    public async Task<Results<Ok<PageView<PublicDisclosureView>>, ContentHttpResult, ValidationProblem>> DisclosuresAsync(
        PublicFeedQuery query, bool csv, HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(request);
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var plan = PublicFeedPlan.TryCreate(query, clock.GetUtcNow(), options.Value.PublicFeedMonths, fields);
        if (!cursors.TryDecode(query.Cursor, out var cursor))
        {
            fields["cursor"] = ["is not a cursor this API issued."];
        }

        if (plan is null || fields.Count > 0)
        {
            return Problems.Invalid(fields);
        }

        // Walk the plan's partitions, resuming where the cursor says.
        var partitions = plan.Partitions;
        var (startPartition, continuation) = ParseFeedCursor(cursor);
        var index = startPartition is null ? 0 : plan.IndexOf(startPartition);
        if (index < 0)
        {
            return Problems.Invalid("cursor", "does not belong to this query.");
        }

        var items = new List<DisclosureRecord>();
        string? next = null;
        for (var pages = 0; index < partitions.Count && items.Count < PageSize; pages++)
        {
            if (pages >= MaxPagesPerRequest * 4)
            {
                next = cursors.Encode(partitions[index] + "|" + continuation);
                break;
            }

            // Ask for no more rows than the page still has room for, so a page never exceeds the page size and the
            // cursor resumes exactly after the last row read.
            var page = await readModels.QueryAsync(ReadModel.Disclosures, partitions[index], PageSize - items.Count, continuation, ct);
            items.AddRange(page.Items.Select(r => StorageJson.Deserialize<DisclosureRecord>(r.Json)).Where(plan.Matches));
            continuation = page.Cursor;
            if (continuation is null)
            {
                index++;
            }

            if (items.Count >= PageSize && index < partitions.Count)
            {
                next = cursors.Encode(partitions[index] + "|" + continuation);
            }
        }

        if (next is not null)
        {
            request.HttpContext.Response.Headers.Link = NextLink(request, next);
        }

        var views = items.Select(PublicDisclosureView.Of).ToList();
        return csv
            ? TypedResults.Text(Csv.Of(views), Csv.MediaType, Encoding.UTF8)
            : TypedResults.Ok(new PageView<PublicDisclosureView>(views, next));
    }

    /// <summary>RFC 8288: the same request with the next page's cursor, as a reference relative to this host.</summary>
    private static string NextLink(HttpRequest request, string cursor)
    {
        var query = request.Query.Where(q => q.Key != "cursor").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("cursor", (string?)cursor));
        var target = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString((request.PathBase + request.Path).ToUriComponent(), query);
        return "<" + target + ">; rel=\"next\"";
    }

    public async Task<Results<Ok<MerchantStatsView>, ProblemHttpResult>> MerchantStatsAsync(string merchantId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(merchantId) || merchantId.Length > 64 || await registry.FindAsync(new PartyId(merchantId), ct) is not Party.Merchant merchant)
        {
            return Problems.NotFound("merchant");
        }

        var record = await TrackRecordOfAsync(merchant.Id, ct);
        var stats = CreditPolicy.Statistics(record, credit.Value);
        return TypedResults.Ok(new MerchantStatsView(merchant.Id.Value, merchant.Name, stats is null, credit.Value.MinimumComplaintsForStatistics, stats is null ? null : StatisticsView.Of(stats)));
    }

    public async Task<Ok<PageView<WarningView>>> WarningsAsync(CancellationToken ct)
    {
        if (_warnings is not { } cached || clock.GetUtcNow() - cached.At > TimeSpan.FromSeconds(30))
        {
            var list = new List<WarningView>();
            foreach (var merchant in (await registry.AllAsync(ct)).OfType<Party.Merchant>())
            {
                var record = await TrackRecordOfAsync(merchant.Id, ct);
                if (CreditPolicy.Assess(record, credit.Value) is { ConsumerWarning: true } assessment)
                {
                    list.Add(new WarningView(merchant.Id.Value, merchant.Name, merchant.CreditCode, assessment.Tier.ToString(),
                        "Complaints against this merchant often go unanswered, are refused or need a venue to pay first.", CreditAssessmentView.Of(assessment)));
                }
            }

            cached = (clock.GetUtcNow(), list);
            _warnings = cached;
        }

        return TypedResults.Ok(new PageView<WarningView>(cached.Items, null));
    }

    /// <param name="query">Already validated: at most 100 printable characters.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Ok<PageView<PartyView>>> PartiesAsync(string? query, CancellationToken ct)
    {
        var parties = await registry.SearchAsync(query ?? string.Empty, PageSize, ct);
        return TypedResults.Ok(new PageView<PartyView>([.. parties.Where(p => p is not Party.Regulator).Select(PartyView.Of)], null));
    }

    private Task<TrackRecord> TrackRecordOfAsync(PartyId party, CancellationToken ct) => TrackRecords.OfAsync(readModels, party, ct);

    private static (string? Partition, string? Continuation) ParseFeedCursor(string? cursor)
    {
        if (cursor is null)
        {
            return (null, null);
        }

        var bar = cursor.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (cursor, null) : (cursor[..bar], cursor[(bar + 1)..] is { Length: > 0 } c ? c : null);
    }
}

/// <summary>The public feed's filters, as the query string gives them (validated by the endpoint's annotations).</summary>
public sealed record PublicFeedQuery(string? MerchantId, string? VenueId, string? Category, string? Outcome, string? From, string? To, string? Cursor);

/// <summary>RFC 4180 CSV of the public feed, with cells that a spreadsheet would run as formulas defused.</summary>
internal static class Csv
{
    private static readonly string[] Header =
    [
        "disclosure_id", "month_received", "merchant_id", "merchant_name", "merchant_credit_code", "venue_id", "venue_name",
        "category", "how_handled", "outcome", "timely", "days_to_resolve", "paid_by", "consumer_rating", "narrative",
    ];

    public const string MediaType = "text/csv; charset=utf-8";

    /// <summary>The header line, with its CRLF.</summary>
    public static string HeaderLine { get; } = string.Join(',', Header) + "\r\n";

    public static string Of(IEnumerable<PublicDisclosureView> rows)
    {
        var sb = new StringBuilder(HeaderLine);
        foreach (var r in rows)
        {
            AppendRow(sb, r);
        }

        return sb.ToString();
    }

    /// <summary>Appends one record's line, with its CRLF.</summary>
    public static void AppendRow(StringBuilder sb, PublicDisclosureView r)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(r);
        string?[] cells =
        [
            r.DisclosureId, r.MonthReceived, r.Merchant.Id, r.Merchant.Name, r.MerchantCreditCode, r.Venue?.Id, r.Venue?.Name,
            r.Category, r.HowHandled, r.Outcome, r.Timely ? "yes" : "no", r.DaysToResolve.ToString(CultureInfo.InvariantCulture),
            r.PaidBy, r.ConsumerRating?.ToString(CultureInfo.InvariantCulture), r.Narrative,
        ];
        sb.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
