using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Suggested inspections per year for a merchant in each risk tier (提高抽查检验频次: the higher the risk, the more often).
/// Bound from <c>Complaints:Inspection:PerYear</c> (<c>A</c>, <c>B</c>, <c>C</c>, <c>D</c>, <c>Unrated</c>).
/// </summary>
public sealed class InspectionFrequencyOptions
{
    public const string Section = "Complaints:Inspection:PerYear";

    [Range(0, 366)] public int A { get; set; } = 1;

    [Range(0, 366)] public int B { get; set; } = 2;

    [Range(0, 366)] public int C { get; set; } = 4;

    [Range(0, 366)] public int D { get; set; } = 12;

    /// <summary>Too few assessed complaints for a tier: the risk is not known, so a little more often than tier A.</summary>
    [Range(0, 366)] public int Unrated { get; set; } = 2;

    public int Of(RiskTier tier) => tier switch
    {
        RiskTier.A => A,
        RiskTier.B => B,
        RiskTier.C => C,
        RiskTier.D => D,
        _ => Unrated,
    };
}

/// <summary>One reason a merchant is where it is on the list: a kind of failure and how often it happened.</summary>
/// <param name="Code"><c>untimely</c>, <c>refusals</c>, <c>unrecoveredPayouts</c> or <c>mediationsLost</c>.</param>
/// <param name="Count">How many times.</param>
public sealed record InspectionReasonView(string Code, int Count);

/// <summary>A merchant on the inspection list.</summary>
/// <param name="MerchantId">The merchant's id.</param>
/// <param name="Name">Its name in the registry.</param>
/// <param name="Tier">A, B, C, D or Unrated: the credit tier (docs/domain-rules.md, "Credit tiers").</param>
/// <param name="Score">Points per assessed complaint; absent when unrated.</param>
/// <param name="InspectionsPerYear">The configured frequency for the tier.</param>
/// <param name="Complaints">Complaints naming the merchant.</param>
/// <param name="Reasons">The failures that weighed, with their counts, in this order: untimely, refusals, unrecoveredPayouts, mediationsLost; those that never happened are left out.</param>
public sealed record InspectionItemView(string MerchantId, string Name, string Tier, double? Score, int InspectionsPerYear, int Complaints, IReadOnlyList<InspectionReasonView> Reasons);

/// <summary>
/// The risk-based inspection list: every merchant in the registry with its credit tier from the existing track
/// records (the one credit model, <see cref="CreditPolicy"/>), worst tier first (D, C, B, A, then unrated), within a
/// tier the higher score and then the more complaints first. Cost: one partition query per merchant per page, as the
/// consumer warnings; a region filter waits for regions on parties (issue 12, deliverable 1).
/// </summary>
public sealed class InspectionList(
    IReadModelStore readModels,
    IPartyRegistry registry,
    Cursors cursors,
    IOptions<ApiOptions> options,
    IOptions<CreditOptions> credit,
    IOptions<InspectionFrequencyOptions> frequency)
{
    /// <summary>The tiers as the API names them, worst first.</summary>
    public static IReadOnlyList<string> Tiers => TierOrder;

    private static readonly string[] TierOrder = ["D", "C", "B", "A", "Unrated"];

    /// <param name="caller">A regulator (anyone else: 403).</param>
    /// <param name="tier">Already validated: empty (every tier) or one of <see cref="Tiers"/>.</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<InspectionItemView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Caller caller, string? tier, string? cursor, CancellationToken ct)
    {
        if (caller is not Caller.Regulator)
        {
            return caller is Caller.Anonymous or Caller.Invalid ? Problems.Unauthorized() : Problems.Forbidden("The inspection list is for regulators.");
        }

        var filter = string.IsNullOrEmpty(tier) ? "*" : tier;
        if (!cursors.TryDecode(cursor, out var payload))
        {
            return Problems.Invalid("cursor", "is not a cursor this API issued.");
        }

        SortKey? after = null;
        if (payload is not null)
        {
            if (SortKey.Parse(payload, filter) is not { } key)
            {
                return Problems.Invalid("cursor", "does not belong to this list.");
            }

            after = key;
        }

        var rows = new List<(SortKey Key, InspectionItemView View)>();
        foreach (var merchant in (await registry.AllAsync(ct)).OfType<Party.Merchant>())
        {
            var record = await TrackRecords.OfAsync(readModels, merchant.Id, ct);
            var assessment = CreditPolicy.Assess(record, credit.Value);
            var name = assessment.Tier.ToString();
            if (filter != "*" && filter != name)
            {
                continue;
            }

            var key = new SortKey(filter, Array.IndexOf(TierOrder, name), assessment.Score ?? 0, record.Complaints, merchant.Id.Value);
            if (after is null || key.CompareTo(after) > 0)
            {
                rows.Add((key, new InspectionItemView(merchant.Id.Value, merchant.Name, name, assessment.Score,
                    frequency.Value.Of(assessment.Tier), record.Complaints, ReasonsOf(record))));
            }
        }

        rows.Sort((x, y) => x.Key.CompareTo(y.Key));
        var page = rows.Take(options.Value.PageSize).ToList();
        var next = rows.Count > page.Count ? cursors.Encode(page[^1].Key.Format()) : null;
        return TypedResults.Ok(new PageView<InspectionItemView>([.. page.Select(r => r.View)], next));
    }

    /// <summary>The reasons, from the track record's counts: each failure the credit model weighs against a merchant.</summary>
    internal static IReadOnlyList<InspectionReasonView> ReasonsOf(TrackRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        InspectionReasonView[] all =
        [
            new("untimely", record.UntimelyResponses),
            new("refusals", record.Refusals - record.RefusalsUpheld),
            new("unrecoveredPayouts", record.Unrecovered + record.PartlyRecovered),
            new("mediationsLost", record.MediationsLost),
        ];
        return [.. all.Where(r => r.Count > 0)];
    }

    /// <summary>The list's order, and the cursor: the key of the last item of a page, under the tier filter it was made with.</summary>
    private sealed record SortKey(string Filter, int TierRank, double Score, int Complaints, string MerchantId) : IComparable<SortKey>
    {
        public int CompareTo(SortKey? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var c = TierRank.CompareTo(other.TierRank);
            c = c != 0 ? c : other.Score.CompareTo(Score);
            c = c != 0 ? c : other.Complaints.CompareTo(Complaints);
            return c != 0 ? c : string.CompareOrdinal(MerchantId, other.MerchantId);
        }

        public string Format() => string.Create(CultureInfo.InvariantCulture, $"inspection|{Filter}|{TierRank}|{Score:R}|{Complaints}|{MerchantId}");

        public static SortKey? Parse(string payload, string filter)
        {
            var parts = payload.Split('|', 6);
            return parts.Length == 6 && parts[0] == "inspection" && parts[1] == filter
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rank)
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
                && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var complaints)
                ? new SortKey(filter, rank, score, complaints, parts[5])
                : null;
        }
    }
}

/// <summary>A party's track record: the sum of its complaints' contributions, which the projection keeps one row each.</summary>
internal static class TrackRecords
{
    public static async Task<TrackRecord> OfAsync(IReadModelStore readModels, PartyId party, CancellationToken ct)
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
}

/// <summary>The inspection list's route, for regulators.</summary>
internal static class InspectionListEndpoints
{
    public static RouteGroupBuilder MapInspectionList(this RouteGroupBuilder group)
    {
        group.MapGet("regulator/inspection-list", ListAsync)
            .WithName("InspectionList")
            .WithSummary("Merchants by risk tier, with a suggested inspection frequency")
            .WithDescription("Every merchant in the registry, worst credit tier first (D, C, B, A, Unrated; within a tier the higher score, then the more complaints). inspectionsPerYear comes from Complaints:Inspection:PerYear:<tier>. reasons count the failures the credit model weighs: untimely (deadlines missed), refusals (not upheld by the regulator), unrecoveredPayouts (advance compensations not recovered in full), mediationsLost; a reason that never happened is left out. Regulators only.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    public static Task<Results<Ok<PageView<InspectionItemView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [ApiValues("D", "C", "B", "A", "Unrated"), Description("Only this tier: D, C, B, A or Unrated.")] string? tier,
        [Description("The cursor of the previous page.")] string? cursor,
        Caller caller,
        [FromServices] InspectionList list,
        CancellationToken ct) =>
        list.ListAsync(caller, tier, cursor, ct);
}
