using System.Globalization;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Storage;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The public feed's filters, validated once, and the read-model partitions they read: newest month first, or the
/// merchant's own partition; a category or outcome filter reads its own partition per month, so it reads only the
/// rows it returns. The paged feed (<see cref="PublicFeed"/>) and the full export (<see cref="DisclosureExport"/>)
/// both walk this plan, so they select the same rows in the same order.
/// </summary>
internal sealed class PublicFeedPlan
{
    private readonly string? _merchantId;
    private readonly string? _venueId;
    private readonly Category? _category;
    private readonly ComplaintOutcome? _outcome;

    private PublicFeedPlan(string? merchantId, string? venueId, Category? category, ComplaintOutcome? outcome, DateOnly from, DateOnly to)
    {
        (_merchantId, _venueId, _category, _outcome, From, To) = (merchantId, venueId, category, outcome, from, to);
        var months = Enumerable.Range(0, ((to.Year - from.Year) * 12) + to.Month - from.Month + 1).Select(i => to.AddMonths(-i));
        Partitions = merchantId is not null ? [DisclosurePartitions.Merchant(merchantId)]
            : category is { } byCategory ? [.. months.Select(m => DisclosurePartitions.Category(byCategory, m))]
            : outcome is { } byOutcome ? [.. months.Select(m => DisclosurePartitions.Outcome(byOutcome, m))]
            : [.. months.Select(DisclosurePartitions.Month)];
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    /// <summary>The partitions to read, in the order the feed lists them.</summary>
    public IReadOnlyList<string> Partitions { get; }

    /// <summary>Where <paramref name="partition"/> (from a cursor) is in <see cref="Partitions"/>; -1 when this query does not read it.</summary>
    public int IndexOf(string partition)
    {
        for (var i = 0; i < Partitions.Count; i++)
        {
            if (string.Equals(Partitions[i], partition, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The plan for <paramref name="query"/> (its cursor aside), or the problems with it by field: a month that is not
    /// one, <c>from</c> after <c>to</c>. The other filters were validated by the endpoint's annotations.
    /// </summary>
    public static PublicFeedPlan? TryCreate(PublicFeedQuery query, DateTimeOffset now, int defaultMonths, Dictionary<string, string[]> fields)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(fields);
        var merchantId = TextRules.Present(query.MerchantId) is null ? null : query.MerchantId;
        var venueId = TextRules.Present(query.VenueId) is null ? null : query.VenueId;
        Category? category = ApiNames.TryParse<Category>(query.Category, out var c) ? c : null;
        ComplaintOutcome? outcome = ApiNames.TryParse<ComplaintOutcome>(query.Outcome, out var o) ? o : null;
        var utc = now.UtcDateTime;
        var to = Month(query.To, "to", fields) ?? new DateOnly(utc.Year, utc.Month, 1);
        var from = Month(query.From, "from", fields) ?? to.AddMonths(-(defaultMonths - 1));
        if (from > to)
        {
            fields["from"] = ["must not be after to."];
        }

        return fields.Count > 0 ? null : new PublicFeedPlan(merchantId, venueId, category, outcome, from, to);
    }

    /// <summary>Whether a record read from one of <see cref="Partitions"/> passes every filter.</summary>
    public bool Matches(DisclosureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var month = DisclosurePartitions.MonthOf(record);
        return month >= From && month <= To
            && (_venueId is null || record.VenueId?.Value == _venueId)
            && (_category is null || record.Category == _category)
            && (_outcome is null || record.Outcome == _outcome)
            && (_merchantId is null || record.MerchantId.Value == _merchantId);
    }

    /// <summary>
    /// Every matching record, one storage page at a time (<paramref name="pageSize"/> rows): nothing is kept once it
    /// has been yielded, so the caller decides how much is held (a page, or nothing at all when it streams).
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<DisclosureRecord>> ReadAllAsync(
        IReadModelStore readModels, int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(readModels);
        foreach (var partition in Partitions)
        {
            string? continuation = null;
            do
            {
                var page = await readModels.QueryAsync(ReadModel.Disclosures, partition, pageSize, continuation, ct);
                var matching = page.Items.Select(r => StorageJson.Deserialize<DisclosureRecord>(r.Json)).Where(Matches).ToList();
                if (matching.Count > 0)
                {
                    yield return matching;
                }

                continuation = page.Cursor;
            }
            while (continuation is not null);
        }
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
