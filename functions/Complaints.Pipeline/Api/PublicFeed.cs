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

    /// <summary>Published records, newest month first, filtered; <paramref name="csv"/> answers RFC 4180 CSV instead of JSON.</summary>
    public async Task<Results<Ok<PageView<PublicDisclosureView>>, ContentHttpResult, ValidationProblem>> DisclosuresAsync(
        PublicFeedQuery query, bool csv, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var merchantId = TextRules.Present(query.MerchantId) is null ? null : query.MerchantId;
        var venueId = TextRules.Present(query.VenueId) is null ? null : query.VenueId;
        Category? category = ApiNames.TryParse<Category>(query.Category, out var c) ? c : null;
        ComplaintOutcome? outcome = ApiNames.TryParse<ComplaintOutcome>(query.Outcome, out var o) ? o : null;
        var now = clock.GetUtcNow().UtcDateTime;
        var to = Month(query.To, "to", fields) ?? new DateOnly(now.Year, now.Month, 1);
        var from = Month(query.From, "from", fields) ?? to.AddMonths(-(options.Value.PublicFeedMonths - 1));
        if (from > to)
        {
            fields["from"] = ["must not be after to."];
        }

        if (!cursors.TryDecode(query.Cursor, out var cursor))
        {
            fields["cursor"] = ["is not a cursor this API issued."];
        }

        if (fields.Count > 0)
        {
            return Problems.Invalid(fields);
        }

        bool Matches(DisclosureRecord r)
        {
            var month = DisclosurePartitions.MonthOf(r);
            return month >= from && month <= to
                && (venueId is null || r.VenueId?.Value == venueId)
                && (category is null || r.Category == category)
                && (outcome is null || r.Outcome == outcome)
                && (merchantId is null || r.MerchantId.Value == merchantId);
        }

        // Walk partitions newest month first (or the merchant's own partition), resuming where the cursor says. A
        // category or outcome filter has partitions of its own per month, so it reads only the rows it returns.
        var months = Enumerable.Range(0, ((to.Year - from.Year) * 12) + to.Month - from.Month + 1).Select(i => to.AddMonths(-i));
        var partitions = merchantId is not null ? [DisclosurePartitions.Merchant(merchantId)]
            : category is { } byCategory ? months.Select(m => DisclosurePartitions.Category(byCategory, m)).ToList()
            : outcome is { } byOutcome ? months.Select(m => DisclosurePartitions.Outcome(byOutcome, m)).ToList()
            : months.Select(DisclosurePartitions.Month).ToList();
        var (startPartition, continuation) = ParseFeedCursor(cursor);
        var index = startPartition is null ? 0 : partitions.IndexOf(startPartition);
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
            items.AddRange(page.Items.Select(r => StorageJson.Deserialize<DisclosureRecord>(r.Json)).Where(Matches));
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

        var views = items.Select(PublicDisclosureView.Of).ToList();
        return csv
            ? TypedResults.Text(Csv.Of(views), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(new PageView<PublicDisclosureView>(views, next));
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

    private async Task<TrackRecord> TrackRecordOfAsync(PartyId party, CancellationToken ct)
    {
        var total = TrackRecord.Empty;
        string? continuation = null;
        do
        {
            var page = await readModels.QueryAsync(ReadModel.TrackRecords, party.Value, 1000, continuation, ct);
            total = page.Items.Aggregate(total, (sum, row) => sum + StorageJson.Deserialize<TrackRecordRow>(row.Json).Contribution);
            continuation = page.Cursor;
        }
        while (continuation is not null);
        return total;
    }

    private static (string? Partition, string? Continuation) ParseFeedCursor(string? cursor)
    {
        if (cursor is null)
        {
            return (null, null);
        }

        var bar = cursor.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (cursor, null) : (cursor[..bar], cursor[(bar + 1)..] is { Length: > 0 } c ? c : null);
    }

    private static DateOnly? Month(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, ["yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 2000 and <= 2100)
        {
            return new DateOnly(date.Year, date.Month, 1);
        }

        errors[name] = ["must be a month (yyyy-MM) or a date (yyyy-MM-dd) between 2000 and 2100."];
        return null;
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

    public static string Of(IEnumerable<PublicDisclosureView> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append("\r\n");
        foreach (var r in rows)
        {
            string?[] cells =
            [
                r.DisclosureId, r.MonthReceived, r.Merchant.Id, r.Merchant.Name, r.MerchantCreditCode, r.Venue?.Id, r.Venue?.Name,
                r.Category, r.HowHandled, r.Outcome, r.Timely ? "yes" : "no", r.DaysToResolve.ToString(CultureInfo.InvariantCulture),
                r.PaidBy, r.ConsumerRating?.ToString(CultureInfo.InvariantCulture), r.Narrative,
            ];
            sb.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return sb.ToString();
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
