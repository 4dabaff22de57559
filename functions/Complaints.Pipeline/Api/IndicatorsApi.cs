using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Complaints.Core;
using Complaints.Core.Indicators;
using Complaints.Core.Ports;
using Complaints.Core.Regions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>Indicator settings. Bound from <c>Complaints:Indicators</c>.</summary>
public sealed class IndicatorOptions
{
    public const string Section = "Complaints:Indicators";

    /// <summary>Below this many complaints received, a slice shows counts only, never rates (FOS uses 30).</summary>
    [Range(1, 1_000_000)] public int MinimumCount { get; set; } = 30;

    /// <summary>The longest range one request may cover, in months.</summary>
    [Range(1, 600)] public int MaxMonths { get; set; } = 120;
}

/// <summary>What a trend's series runs over.</summary>
public enum TrendBy
{
    Month,
    Category,
    Region,
}

/// <summary>How months are grouped.</summary>
public enum TrendPeriod
{
    Month,
    Quarter,
    Year,
}

/// <summary>How a trend is answered.</summary>
public enum TrendFormat
{
    Json,
    Csv,
}

/// <summary>
/// The indicators of a slice (docs/indicators.md). Below <c>minimumCount</c> received, every rate, share, average and
/// percentile is <c>null</c> and <see cref="BelowMinimum"/> is <c>true</c>; they are always written, <c>null</c> or not.
/// </summary>
public sealed record IndicatorsView(
    int Received,
    bool BelowMinimum,
    int Acknowledged,
    int AcknowledgedOnTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? AcknowledgedOnTimeShare,
    int Resolved,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? ResolvedShare,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? DaysToResolveMedian,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? DaysToResolveP90,
    int AdvanceCompensations,
    MoneyView AdvanceCompensationAmount,
    int Mediations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? MediationRate,
    int Ratings,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? AverageRating,
    int Untimely,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? UntimelyShare,
    int AcknowledgementsDue,
    int Withdrawn,
    int Closed,
    int Open)
{
    public static IndicatorsView Of(IndicatorSet s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new IndicatorsView(
            s.Received, s.BelowMinimum, s.Acknowledged, s.AcknowledgedOnTime, s.AcknowledgedOnTimeShare, s.Resolved, s.ResolvedShare,
            s.DaysToResolveMedian, s.DaysToResolveP90, s.AdvanceCompensations, new MoneyView(s.AdvanceCompensationAmountCny, "CNY"),
            s.Mediations, s.MediationRate, s.Ratings, s.AverageRating, s.Untimely, s.UntimelyShare, s.AcknowledgementsDue, s.Withdrawn, s.Closed, s.Open);
    }
}

/// <summary>One point of a trend: a period (<c>2026-11</c>, <c>2026-Q4</c>, <c>2026</c>), a category or a region.</summary>
/// <param name="Key">The period, the category's kebab-case name, or the region's GB/T 2260 code.</param>
/// <param name="Label">The period or category again, or the region's name in Chinese.</param>
/// <param name="LabelEn">The region's name in English (regions only).</param>
/// <param name="Indicators">The slice's indicators.</param>
public sealed record TrendPointView(string Key, string Label, string? LabelEn, IndicatorsView Indicators);

/// <summary>A trend: the query as understood, and the series.</summary>
public sealed record TrendsView(
    string By,
    string Period,
    string From,
    string To,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Region,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Category,
    string? MerchantId,
    int MinimumCount,
    IReadOnlyList<TrendPointView> Series);

/// <summary>The slice a regulator asked for; every filter <c>null</c> when not given.</summary>
public sealed record SliceView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Region,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Category,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? MerchantId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? VenueId,
    string From,
    string To);

public sealed record SliceIndicatorsView(SliceView Slice, IndicatorsView Indicators);

/// <summary>A slice's indicators and, when asked, another slice's beside them.</summary>
public sealed record RegulatorIndicatorsView(
    SliceView Slice,
    IndicatorsView Indicators,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] SliceIndicatorsView? Comparison,
    int MinimumCount);

/// <summary>An administrative division, to label codes in both languages.</summary>
/// <param name="Code">GB/T 2260 code.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Level">province, city or county.</param>
/// <param name="Parent">The division above it (<c>null</c> for a province).</param>
public sealed record RegionView(string Code, string Name, string NameEn, string Level, string? Parent);

/// <summary>The trends query as the query string gives it (checked by <see cref="IndicatorsApi"/>).</summary>
public sealed record TrendsQuery(string? By, string? Period, string? From, string? To, string? Region, string? Category);

/// <summary>The regulator's slice query as the query string gives it.</summary>
public sealed record RegulatorIndicatorsQuery(
    string? Region, string? Category, string? MerchantId, string? VenueId, string? Period, string? From, string? To,
    string? CompareRegion, string? CompareFrom, string? CompareTo);

/// <summary>
/// Trends, merchant histories and regulators' slices, all from the per-slice counters (<see cref="IIndicatorStore"/>):
/// a request reads one partition per month of its range, whatever the number of complaints, and every figure comes
/// from the one definition (<see cref="IndicatorSet"/>).
/// </summary>
public sealed class IndicatorsApi(IIndicatorStore store, IPartyRegistry registry, IOptions<IndicatorOptions> options, TimeProvider clock)
{
    private const int ParallelReads = 6;

    private int Minimum => options.Value.MinimumCount;

    public async Task<Results<Ok<TrendsView>, ContentHttpResult, ValidationProblem>> TrendsAsync(TrendsQuery query, bool csv, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var by = Enum(query.By, "by", TrendBy.Month, errors);
        var period = Enum(query.Period, "period", TrendPeriod.Month, errors);
        var range = Range(query.From, query.To, "from", "to", errors);
        var region = Region(query.Region, "region", errors);
        Category? category = string.IsNullOrEmpty(query.Category) ? null : Enum(query.Category, "category", Core.Category.Other, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var filter = new SliceFilter(region, category);
        var cells = await ReadAsync(range, null, ct);
        var series = by switch
        {
            TrendBy.Month => ByPeriod(cells, filter, range, period),
            TrendBy.Category => [.. System.Enum.GetValues<Category>().Select(c =>
                Point(ApiNames.Of(c), ApiNames.Of(c), null, cells, filter with { Category = c }))],
            _ => await ByRegionAsync(cells, filter, region, ct),
        };
        var view = new TrendsView(ApiNames.Of(by), ApiNames.Of(period), MonthText(range.From), MonthText(range.To), region,
            category is { } cat ? ApiNames.Of(cat) : null, null, Minimum, series);
        return csv ? Csv(view) : TypedResults.Ok(view);
    }

    public async Task<Results<Ok<TrendsView>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> MerchantHistoryAsync(
        string id, string? period, string? from, string? to, bool csv, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || TextRules.FindForbidden(id, multiline: false) is not null
            || await registry.FindAsync(new PartyId(id), ct) is not Party.Merchant merchant)
        {
            return Problems.NotFound("merchant");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var grouping = Enum(period, "period", TrendPeriod.Month, errors);
        var range = Range(from, to, "from", "to", errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var cells = await ReadAsync(range, merchant.Id, ct);
        var view = new TrendsView(ApiNames.Of(TrendBy.Month), ApiNames.Of(grouping), MonthText(range.From), MonthText(range.To), null, null,
            merchant.Id.Value, Minimum, ByPeriod(cells, new SliceFilter(Merchant: merchant.Id), range, grouping));
        return csv ? Csv(view) : TypedResults.Ok(view);
    }

    public async Task<Results<Ok<RegulatorIndicatorsView>, ValidationProblem, ProblemHttpResult>> RegulatorAsync(
        Caller caller, RegulatorIndicatorsQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (caller is not Caller.Regulator)
        {
            return Problems.Forbidden("Only a regulator reads indicators by slice.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var region = Region(query.Region, "region", errors);
        Category? category = string.IsNullOrEmpty(query.Category) ? null : Enum(query.Category, "category", Core.Category.Other, errors);
        var period = string.IsNullOrEmpty(query.Period) ? (TrendPeriod?)null : Enum(query.Period, "period", TrendPeriod.Month, errors);
        var range = period is { } p && string.IsNullOrEmpty(query.From) && string.IsNullOrEmpty(query.To)
            ? CurrentPeriod(p)
            : Range(query.From, query.To, "from", "to", errors);
        var compareRegion = Region(query.CompareRegion, "compareRegion", errors);
        (DateOnly From, DateOnly To)? compareRange = null;
        if (!string.IsNullOrEmpty(query.CompareFrom) || !string.IsNullOrEmpty(query.CompareTo))
        {
            if (string.IsNullOrEmpty(query.CompareFrom) || string.IsNullOrEmpty(query.CompareTo))
            {
                errors[string.IsNullOrEmpty(query.CompareFrom) ? "compareFrom" : "compareTo"] = ["must be given with the other end of the comparison period."];
            }
            else
            {
                compareRange = Range(query.CompareFrom, query.CompareTo, "compareFrom", "compareTo", errors);
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var merchant = string.IsNullOrEmpty(query.MerchantId) ? (PartyId?)null : new PartyId(query.MerchantId);
        var venue = string.IsNullOrEmpty(query.VenueId) ? (PartyId?)null : new PartyId(query.VenueId);
        var filter = new SliceFilter(region, category, merchant, venue);
        var main = await SliceAsync(filter, range, ct);
        SliceIndicatorsView? comparison = null;
        if (compareRegion is not null || compareRange is not null)
        {
            comparison = await SliceAsync(filter with { Region = compareRegion ?? region }, compareRange ?? range, ct);
        }

        return TypedResults.Ok(new RegulatorIndicatorsView(main.Slice, main.Indicators, comparison, Minimum));
    }

    /// <summary>Every province, and every city and county a party in the registry is in (with the divisions above it).</summary>
    public async Task<Ok<IReadOnlyList<RegionView>>> RegionsAsync(CancellationToken ct)
    {
        var codes = new SortedSet<string>(RegionCatalogue.Provinces.Select(p => p.Code), StringComparer.Ordinal);
        foreach (var party in await registry.AllAsync(ct))
        {
            if (RegionOf(party) is { } code)
            {
                codes.UnionWith(RegionCode.WithAncestors(code));
            }
        }

        return TypedResults.Ok<IReadOnlyList<RegionView>>([.. codes.Select(ViewOf)]);
    }

    private static string? RegionOf(Party party) => party switch
    {
        Party.Merchant m => m.Region,
        Party.Venue v => v.Region,
        _ => null,
    };

    private static RegionView ViewOf(string code)
    {
        var region = RegionCatalogue.Of(code);
        var level = RegionCode.LevelOf(code);
        var parent = level switch
        {
            RegionLevel.Province => null,
            RegionLevel.City => RegionCode.ProvinceOf(code),
            _ => code[..4] + "00",
        };
        return new RegionView(code, region.Name, region.NameEn, ApiNames.Of(level), parent);
    }

    private async Task<SliceIndicatorsView> SliceAsync(SliceFilter filter, (DateOnly From, DateOnly To) range, CancellationToken ct)
    {
        var cells = await ReadAsync(range, filter.Merchant, ct);
        var slice = new SliceView(filter.Region, filter.Category is { } c ? ApiNames.Of(c) : null, filter.Merchant?.Value, filter.Venue?.Value,
            MonthText(range.From), MonthText(range.To));
        return new SliceIndicatorsView(slice, Indicators(cells, filter));
    }

    private IndicatorsView Indicators(IEnumerable<IndicatorCellCounts> cells, SliceFilter filter) =>
        IndicatorsView.Of(IndicatorSet.Of(IndicatorCounts.Sum(cells.Where(c => filter.Matches(c.Cell)).Select(c => c.Counts)), Minimum));

    private TrendPointView Point(string key, string label, string? labelEn, IEnumerable<IndicatorCellCounts> cells, SliceFilter filter) =>
        new(key, label, labelEn, Indicators(cells, filter));

    private List<TrendPointView> ByPeriod(IReadOnlyList<IndicatorCellCounts> cells, SliceFilter filter, (DateOnly From, DateOnly To) range, TrendPeriod period)
    {
        var byKey = cells.ToLookup(c => PeriodKey(c.Month, period), StringComparer.Ordinal);
        return [.. Months(range).Select(m => PeriodKey(m, period)).Distinct(StringComparer.Ordinal).Select(k => Point(k, k, null, byKey[k], filter))];
    }

    /// <summary>The divisions one level below the filter (provinces without one) that the data or the registry has.</summary>
    private async Task<List<TrendPointView>> ByRegionAsync(IReadOnlyList<IndicatorCellCounts> cells, SliceFilter filter, string? region, CancellationToken ct)
    {
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            if (RegionCode.ChildOf(region, cell.Cell.Region) is { } child)
            {
                children.Add(child);
            }
        }

        foreach (var party in await registry.AllAsync(ct))
        {
            if (RegionCode.ChildOf(region, RegionOf(party)) is { } child)
            {
                children.Add(child);
            }
        }

        return [.. children.Select(code =>
        {
            var named = RegionCatalogue.Of(code);
            return Point(code, named.Name, named.NameEn, cells, filter with { Region = code });
        })];
    }

    private async Task<IReadOnlyList<IndicatorCellCounts>> ReadAsync((DateOnly From, DateOnly To) range, PartyId? merchant, CancellationToken ct)
    {
        var months = Months(range).ToList();
        var results = new IReadOnlyList<IndicatorCellCounts>[months.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, months.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => results[i] = await store.ReadMonthAsync(months[i], merchant, token));
        return [.. results.SelectMany(r => r)];
    }

    private static IEnumerable<DateOnly> Months((DateOnly From, DateOnly To) range)
    {
        for (var m = range.From; m <= range.To; m = m.AddMonths(1))
        {
            yield return m;
        }
    }

    private static string PeriodKey(DateOnly month, TrendPeriod period) => period switch
    {
        TrendPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{month.Year}-Q{((month.Month - 1) / 3) + 1}"),
        TrendPeriod.Year => month.Year.ToString(CultureInfo.InvariantCulture),
        _ => MonthText(month),
    };

    private static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private DateOnly ThisMonth()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateOnly(now.Year, now.Month, 1);
    }

    /// <summary>The current month, quarter or year, to this month.</summary>
    private (DateOnly From, DateOnly To) CurrentPeriod(TrendPeriod period)
    {
        var now = ThisMonth();
        return period switch
        {
            TrendPeriod.Quarter => (new DateOnly(now.Year, (((now.Month - 1) / 3) * 3) + 1, 1), now),
            TrendPeriod.Year => (new DateOnly(now.Year, 1, 1), now),
            _ => (now, now),
        };
    }

    /// <summary><paramref name="fromText"/>..<paramref name="toText"/> as months; by default the 12 months to this one.</summary>
    private (DateOnly From, DateOnly To) Range(string? fromText, string? toText, string fromName, string toName, Dictionary<string, string[]> errors)
    {
        var to = Month(toText, toName, errors) ?? ThisMonth();
        var from = Month(fromText, fromName, errors) ?? to.AddMonths(-11);
        var span = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
        if (span < 1)
        {
            errors[fromName] = [$"must not be after {toName}."];
        }
        else if (span > options.Value.MaxMonths)
        {
            errors[fromName] = [$"must be at most {options.Value.MaxMonths} months before {toName}."];
        }

        return errors.ContainsKey(fromName) || errors.ContainsKey(toName) ? (to, to) : (from, to);
    }

    private static DateOnly? Month(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100)
        {
            return date;
        }

        errors[name] = ["must be a month, yyyy-MM, between 2000 and 2100."];
        return null;
    }

    private static string? Region(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (RegionCode.IsValid(value, out var error))
        {
            return value;
        }

        errors[name] = [error!];
        return null;
    }

    private static TEnum Enum<TEnum>(string? value, string name, TEnum fallback, Dictionary<string, string[]> errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (ApiNames.TryParse<TEnum>(value, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"must be one of: {string.Join(", ", ApiNames.All<TEnum>())}."];
        return fallback;
    }

    private static readonly string[] CsvHeader =
    [
        "key", "label", "label_en", "received", "below_minimum", "acknowledgements_due", "acknowledged", "acknowledged_on_time",
        "acknowledged_on_time_share", "withdrawn", "resolved", "resolved_share", "days_to_resolve_median", "days_to_resolve_p90",
        "advance_compensations", "advance_compensation_amount_cny", "mediations", "mediation_rate", "ratings", "average_rating",
        "untimely", "untimely_share", "closed", "open",
    ];

    /// <summary>RFC 4180 CSV of a trend: a header row, then one row per point; an empty cell for a withheld rate.</summary>
    private static ContentHttpResult Csv(TrendsView view)
    {
        static string? N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);
        static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendJoin(',', CsvHeader).Append("\r\n");
        foreach (var p in view.Series)
        {
            var x = p.Indicators;
            string?[] cells =
            [
                p.Key, p.Label, p.LabelEn, I(x.Received), x.BelowMinimum ? "yes" : "no", I(x.AcknowledgementsDue), I(x.Acknowledged),
                I(x.AcknowledgedOnTime), N(x.AcknowledgedOnTimeShare), I(x.Withdrawn), I(x.Resolved), N(x.ResolvedShare),
                x.DaysToResolveMedian?.ToString(CultureInfo.InvariantCulture), x.DaysToResolveP90?.ToString(CultureInfo.InvariantCulture),
                I(x.AdvanceCompensations), N(x.AdvanceCompensationAmount.Amount), I(x.Mediations), N(x.MediationRate), I(x.Ratings),
                N(x.AverageRating), I(x.Untimely), N(x.UntimelyShare), I(x.Closed), I(x.Open),
            ];
            sb.AppendJoin(',', cells.Select(Api.Csv.Cell)).Append("\r\n");
        }

        return TypedResults.Text(sb.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}
