using System.Net;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Tiers with their reasons on the public routes (issue 14), on a host of their own whose acknowledgement deadline
/// is seconds long: a merchant that lets 30 acknowledgements pass is rated D, warned against, and both the statistics
/// and the warning say why, with the counts.
/// </summary>
public sealed class CreditTierTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    private const int Threshold = 30;

    protected override TimeSpan Timeout => TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_merchant_rated_D_shows_its_tier_with_the_counts_it_rests_on_in_its_statistics_and_its_warning()
    {
        var api = await ApiAsync(ApiEnvironment.CreditHost, quiet: true);
        var stats = (await api.Http.GetAsync($"api/public/merchants/{Gamma}/stats", Credential.None)).Expect(HttpStatusCode.OK).Json();
        Assert.True(stats.GetProperty("withheld").GetBoolean(), $"no complaints yet: {stats}");

        // Thirty complaints without a venue, none acknowledged: each is assessed for the merchant, each a late acknowledgement.
        await Task.WhenAll(Enumerable.Range(0, Threshold).Select(_ => api.FileAsync(ComplaintsApi.Filing(merchant: Gamma, category: "pricing"))));
        stats = await Complaints.Testing.Eventually.Until(
            async () => (await api.Http.GetAsync($"api/public/merchants/{Gamma}/stats", Credential.None)).Expect(HttpStatusCode.OK).Json(),
            s => ComplaintsApi.Str(s, "statistics", "assessment", "assessed") == Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromMinutes(3),
            "30 assessed complaints in the merchant's statistics",
            Cancel);
        Output.WriteLine(stats.ToString());

        var statistics = stats.GetProperty("statistics");
        Views.Equal("D", statistics, "riskTier");
        var assessment = statistics.GetProperty("assessment");
        AssertRatedDForLateAcknowledgements(assessment);
        Assert.Equal(Threshold, statistics.GetProperty("acknowledgementsDue").GetInt32());
        Assert.Equal(0d, statistics.GetProperty("shareAcknowledgedOnTime").GetDouble());

        var warnings = (await api.Http.GetAsync("api/public/warnings", Credential.None)).Expect(HttpStatusCode.OK).Json();
        var warning = warnings.GetProperty("items").EnumerateArray().Single(w => ComplaintsApi.Str(w, "merchantId") == Gamma);
        Views.Equal("D", warning, "riskTier");
        AssertRatedDForLateAcknowledgements(warning.GetProperty("assessment"));
        Assert.DoesNotContain(warnings.GetProperty("items").EnumerateArray(), w => ComplaintsApi.Str(w, "merchantId") is Alpha or Beta);
    }

    private static void AssertRatedDForLateAcknowledgements(JsonElement assessment)
    {
        Views.Equal("D", assessment, "riskTier");
        Assert.True(assessment.GetProperty("rated").GetBoolean(), $"rated: {assessment}");
        Assert.Equal(Threshold, assessment.GetProperty("threshold").GetInt32());
        Assert.Equal(Threshold, assessment.GetProperty("complaints").GetInt32());
        Assert.Equal(0, assessment.GetProperty("withdrawn").GetInt32());
        Assert.Equal(1d, assessment.GetProperty("score").GetDouble());
        var late = assessment.GetProperty("factors").EnumerateArray().Single(f => ComplaintsApi.Str(f, "factor") == "late-acknowledgement");
        Assert.Equal(Threshold, late.GetProperty("count").GetDecimal());
        Assert.Equal(Threshold, late.GetProperty("outOf").GetInt32());
        Assert.Equal(Threshold, late.GetProperty("points").GetDouble());
        var reasons = assessment.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.True(reasons.Count >= 2, $"a reason per factor that weighed, and the score: [{string.Join(" | ", reasons)}]");
        Assert.Contains(reasons, r => r.Contains("tier D", StringComparison.Ordinal));
    }
}
