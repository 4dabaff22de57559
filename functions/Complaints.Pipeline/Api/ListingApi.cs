using System.Globalization;
using System.Text;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Lists and public reads: the operator inbox, the regulator's queues and disclosure decisions, the public
/// disclosure feed (JSON or CSV), merchant statistics, warnings and the parties search. Host-neutral like
/// <see cref="ComplaintApi"/>.
/// </summary>
public sealed class ListingApi(
    IComplaintStore complaints,
    IReadModelStore readModels,
    IDisclosureStore disclosures,
    IPartyRegistry registry,
    CallerResolver callers,
    Cursors cursors,
    IOptions<ApiOptions> options,
    IOptions<CreditOptions> credit,
    TimeProvider clock)
{
    private const int MaxPagesPerRequest = 10;
    private (DateTimeOffset At, IReadOnlyList<WarningView> Items)? _warnings;

    private int PageSize => options.Value.PageSize;

    public async Task<IResult> OperatorInboxAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = await callers.ResolveAsync(context.Request, context.RequestAborted);
        if (caller is not Caller.Operator op)
        {
            return caller is Caller.Anonymous or Caller.Invalid ? Problems.Unauthorized() : Problems.Forbidden("The inbox is for operators of merchants and venues.");
        }

        var query = context.Request.Query;
        ComplaintStatus? status = null;
        if (query.TryGetValue("status", out var s) && !string.IsNullOrEmpty(s))
        {
            if (!ApiNames.TryParse<ComplaintStatus>(s, out var parsed) || parsed is not (ComplaintStatus.Assigned or ComplaintStatus.Acknowledged))
            {
                return Problems.Invalid("status", "must be assigned or acknowledged.");
            }

            status = parsed;
        }

        DateTimeOffset? dueBefore = null;
        if (query.TryGetValue("dueBefore", out var d) && !string.IsNullOrEmpty(d))
        {
            if (!DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.Invalid("dueBefore", "must be an ISO 8601 date and time.");
            }

            dueBefore = parsed;
        }

        return await PageAsync(context, ReadModel.Inbox, op.Party.Value, row => StorageJson.Deserialize<InboxItem>(row.Json),
            item => (status is null || item.Status == status) && (dueBefore is null || item.DueAt < dueBefore),
            item => new InboxItemView(item.ComplaintId.Value, ApiNames.Status(item.Status), item.Action, item.DueAt, ApiNames.Of(item.Category), item.FiledAt));
    }

    public async Task<IResult> RegulatorComplaintsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await RequireRegulatorAsync(context) is { } problem)
        {
            return problem;
        }

        var statusText = context.Request.Query["status"].ToString();
        if (statusText.Length == 0)
        {
            statusText = "escalated";
        }

        if (!ApiNames.TryParse<ComplaintStatus>(statusText, out var status) || status is not (ComplaintStatus.Escalated or ComplaintStatus.InMediation))
        {
            return Problems.Invalid("status", "must be escalated or in-mediation.");
        }

        return await PageAsync(context, ReadModel.RegulatorQueue, ApiNames.Status(status), row => StorageJson.Deserialize<RegulatorQueueItem>(row.Json), _ => true,
            i => new RegulatorItemView(i.ComplaintId.Value, ApiNames.Status(i.Status), i.Reason is { } r ? ApiNames.Of(r) : null, i.MediationBy, i.Merchant.Value, i.Venue?.Value, !i.Untimely));
    }

    public async Task<IResult> RegulatorDisclosuresAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await RequireRegulatorAsync(context) is { } problem)
        {
            return problem;
        }

        var statusText = context.Request.Query["status"].ToString();
        if (statusText.Length == 0)
        {
            statusText = "draft";
        }

        if (!ApiNames.TryParse<DisclosureStatus>(statusText, out var status) || status == DisclosureStatus.None)
        {
            return Problems.Invalid("status", "must be draft, published or withheld.");
        }

        return await PageAsync(context, ReadModel.Disclosures, "status-" + ApiNames.Disclosure(status), row => StorageJson.Deserialize<DisclosureListItem>(row.Json), _ => true,
            i => new RegulatorDisclosureView(i.Record.DisclosureId, i.ComplaintId.Value, ApiNames.Disclosure(i.Status), PublicDisclosureView.Of(i.Record)));
    }

    public Task<IResult> PublishAsync(HttpContext context, string disclosureId) =>
        DecideDisclosureAsync(context, disclosureId, requireReason: false);

    public Task<IResult> WithholdAsync(HttpContext context, string disclosureId) =>
        DecideDisclosureAsync(context, disclosureId, requireReason: true);

    public async Task<IResult> PublicDisclosuresAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var fields = new Dictionary<string, string[]>();
        var merchantId = Text(query, "merchantId", fields);
        var venueId = Text(query, "venueId", fields);
        Category? category = null;
        if (query["category"].ToString() is { Length: > 0 } c)
        {
            if (ApiNames.TryParse<Category>(c, out var parsed))
            {
                category = parsed;
            }
            else
            {
                fields["category"] = [$"must be one of: {string.Join(", ", ApiNames.All<Category>())}."];
            }
        }

        ComplaintOutcome? outcome = null;
        if (query["outcome"].ToString() is { Length: > 0 } o)
        {
            if (ApiNames.TryParse<ComplaintOutcome>(o, out var parsed))
            {
                outcome = parsed;
            }
            else
            {
                fields["outcome"] = [$"must be one of: {string.Join(", ", ApiNames.All<ComplaintOutcome>())}."];
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var to = Month(query, "to", fields) ?? new DateOnly(now.Year, now.Month, 1);
        var from = Month(query, "from", fields) ?? to.AddMonths(-(options.Value.PublicFeedMonths - 1));
        if (from > to)
        {
            fields["from"] = ["must not be after to."];
        }

        if (!cursors.TryDecode(query["cursor"], out var cursor))
        {
            fields["cursor"] = ["is not a cursor this API issued."];
        }

        if (fields.Count > 0)
        {
            return Problems.Invalid(fields);
        }

        bool Matches(DisclosureRecord r)
        {
            var month = DateOnly.ParseExact(r.MonthReceived + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return month >= from && month <= to
                && (venueId is null || r.VenueId?.Value == venueId)
                && (category is null || r.Category == category)
                && (outcome is null || r.Outcome == outcome)
                && (merchantId is null || r.MerchantId.Value == merchantId);
        }

        // Walk partitions newest month first (or the merchant's own partition), resuming where the cursor says. A
        // category or outcome filter has partitions of its own per month, so it reads only the rows it returns.
        var months = Enumerable.Range(0, ((to.Year - from.Year) * 12) + to.Month - from.Month + 1).Select(i => to.AddMonths(-i));
        var partitions = merchantId is not null ? [Projection.MerchantPartition(merchantId)]
            : category is { } byCategory ? months.Select(m => Projection.CategoryPartition(byCategory, m)).ToList()
            : outcome is { } byOutcome ? months.Select(m => Projection.OutcomePartition(byOutcome, m)).ToList()
            : months.Select(Projection.MonthPartition).ToList();
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
            var page = await readModels.QueryAsync(ReadModel.Disclosures, partitions[index], PageSize - items.Count, continuation, context.RequestAborted);
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
        return WantsCsv(context.Request)
            ? Results.Text(Csv.Of(views), "text/csv; charset=utf-8", Encoding.UTF8)
            : Results.Json(new PageView<PublicDisclosureView>(views, next), ApiJson.Options);
    }

    public async Task<IResult> MerchantStatsAsync(HttpContext context, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(merchantId) || merchantId.Length > 64 || await registry.FindAsync(new PartyId(merchantId), context.RequestAborted) is not Party.Merchant merchant)
        {
            return Problems.NotFound("merchant");
        }

        var record = await TrackRecordOfAsync(merchant.Id, context.RequestAborted);
        var stats = CreditPolicy.Statistics(record, credit.Value);
        return Results.Json(new MerchantStatsView(merchant.Id.Value, merchant.Name, stats is null, credit.Value.MinimumComplaintsForStatistics, stats is null ? null : StatisticsView.Of(stats)), ApiJson.Options);
    }

    public async Task<IResult> WarningsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_warnings is not { } cached || clock.GetUtcNow() - cached.At > TimeSpan.FromSeconds(30))
        {
            var list = new List<WarningView>();
            foreach (var merchant in (await registry.AllAsync(context.RequestAborted)).OfType<Party.Merchant>())
            {
                var record = await TrackRecordOfAsync(merchant.Id, context.RequestAborted);
                if (CreditPolicy.Tier(record, credit.Value) == RiskTier.D)
                {
                    list.Add(new WarningView(merchant.Id.Value, merchant.Name, merchant.CreditCode, "D",
                        "Complaints against this merchant often go unanswered, are refused or need a venue to pay first."));
                }
            }

            cached = (clock.GetUtcNow(), list);
            _warnings = cached;
        }

        return Results.Json(new PageView<WarningView>(cached.Items, null), ApiJson.Options);
    }

    public async Task<IResult> PartiesAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var q = context.Request.Query["query"].ToString();
        if (q.Length > 100 || TextRules.FindForbidden(q, multiline: false) is not null)
        {
            return Problems.Invalid("query", "must be at most 100 printable characters.");
        }

        var parties = await registry.SearchAsync(q, PageSize, context.RequestAborted);
        return Results.Json(new PageView<PartyView>([.. parties.Where(p => p is not Party.Regulator).Select(PartyView.Of)], null), ApiJson.Options);
    }

    private async Task<IResult> DecideDisclosureAsync(HttpContext context, string disclosureId, bool requireReason)
    {
        var ct = context.RequestAborted;
        var caller = await callers.ResolveAsync(context.Request, ct);
        if (caller is Caller.Anonymous or Caller.Invalid)
        {
            return Problems.Unauthorized();
        }

        if (string.IsNullOrEmpty(disclosureId) || disclosureId.Length > 64 || !disclosureId.All(char.IsAsciiLetterOrDigit)
            || await disclosures.GetAsync(disclosureId, ct) is not { } stored)
        {
            return Problems.NotFound("disclosure");
        }

        if (caller is not Caller.Regulator regulator)
        {
            return Problems.Forbidden("Only a regulator decides on disclosures.");
        }

        var (body, problem) = await RequestBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, requireReason, ct);
        if (problem is not null)
        {
            return problem;
        }

        var fields = new FieldReader(body);
        var actor = new Actor.Regulator(regulator.Party);
        var now = clock.GetUtcNow();
        ComplaintCommand? command = requireReason
            ? fields.String("reason", required: true, ComplaintDecider.MaxTextLength, multiline: true) is { } reason ? new ComplaintCommand.WithholdDisclosure(reason, actor, now) : null
            : new ComplaintCommand.PublishDisclosure(actor, now);
        if (command is null)
        {
            return Problems.Invalid(fields.Errors);
        }

        try
        {
            var outcome = await complaints.ExecuteAsync(stored.Complaint, command, ct);
            return Results.Json(new RegulatorDisclosureView(stored.Record.DisclosureId, stored.Complaint.Value, ApiNames.Disclosure(outcome.State.Disclosure), PublicDisclosureView.Of(stored.Record)), ApiJson.Options);
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation(e);
        }
    }

    private async Task<IResult?> RequireRegulatorAsync(HttpContext context)
    {
        var caller = await callers.ResolveAsync(context.Request, context.RequestAborted);
        return caller switch
        {
            Caller.Regulator => null,
            Caller.Anonymous or Caller.Invalid => Problems.Unauthorized(),
            _ => Problems.Forbidden("This list is for regulators."),
        };
    }

    private async Task<IResult> PageAsync<TItem, TView>(
        HttpContext context,
        ReadModel model,
        string partition,
        Func<ReadModelRow, TItem> read,
        Func<TItem, bool> keep,
        Func<TItem, TView> view)
    {
        if (!cursors.TryDecode(context.Request.Query["cursor"], out var cursor))
        {
            return Problems.Invalid("cursor", "is not a cursor this API issued.");
        }

        string? continuation = null;
        if (cursor is not null)
        {
            var bar = cursor.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0 || cursor[..bar] != partition)
            {
                return Problems.Invalid("cursor", "does not belong to this list.");
            }

            continuation = cursor[(bar + 1)..];
        }

        var items = new List<TView>();
        for (var pages = 0; pages < MaxPagesPerRequest && items.Count < PageSize; pages++)
        {
            var page = await readModels.QueryAsync(model, partition, PageSize - items.Count, continuation, context.RequestAborted);
            items.AddRange(page.Items.Select(read).Where(keep).Select(view));
            continuation = page.Cursor;
            if (continuation is null)
            {
                break;
            }
        }

        return Results.Json(new PageView<TView>(items, continuation is null ? null : cursors.Encode(partition + "|" + continuation)), ApiJson.Options);
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

    private static string? Text(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > 64 || TextRules.FindForbidden(value, multiline: false) is not null)
        {
            errors[name] = ["must be at most 64 printable characters."];
            return null;
        }

        return value;
    }

    private static DateOnly? Month(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
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

    private static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Partition names of the disclosure read model.</summary>
public static class Projection
{
    public static string MonthPartition(DateOnly month) => Stages.Projector.MonthPartitionPrefix + month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string MerchantPartition(string merchantId) => Stages.Projector.MerchantPartitionPrefix + merchantId;

    public static string CategoryPartition(Category category, DateOnly month) =>
        $"{Stages.Projector.CategoryPartitionPrefix}{ApiNames.Of(category)}-{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";

    public static string OutcomePartition(ComplaintOutcome outcome, DateOnly month) =>
        $"{Stages.Projector.OutcomePartitionPrefix}{ApiNames.Of(outcome)}-{month.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";
}

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

    private static string Cell(string? value)
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
