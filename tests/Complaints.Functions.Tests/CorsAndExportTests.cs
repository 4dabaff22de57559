using Complaints.Functions.Tests.Support;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Functions.Tests;

/// <summary>
/// The CORS answers and the export's download headers come from the shared endpoint, so a function sends what the local
/// host sends: a public read's preflight answered through its OPTIONS trigger, the allowance on its GET, none on a
/// regulator's route, and the export's Content-Disposition.
/// </summary>
[Collection(FunctionsApp.CollectionName)]
public sealed class CorsAndExportTests(FunctionsApp app)
{
    private static readonly string[] CorsHeaders =
        ["Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Expose-Headers"];

    private readonly FunctionsDriver driver = new(app);

    [Fact]
    public async Task A_public_reads_preflight_is_answered_through_its_function_as_the_local_host_answers_it()
    {
        var preflight = new Dictionary<string, string>
        {
            ["Origin"] = "https://board.example.org",
            ["Access-Control-Request-Method"] = "GET",
            ["Access-Control-Request-Headers"] = "accept",
        };

        var function = await app.CallAsync(ExportAndInspectionFunctions.ExportDisclosures, "OPTIONS", "/api/public/disclosures/export", headers: preflight);
        var local = await app.CallLocalAsync("OPTIONS", "api/public/disclosures/export", headers: preflight);

        Assert.Equal(204, function.Status);
        Assert.Equal("*", function.Headers.GetValueOrDefault("Access-Control-Allow-Origin"));
        Assert.Equal("GET", function.Headers.GetValueOrDefault("Access-Control-Allow-Methods"));
        Assert.Equal(local.Status, function.Status);
        Assert.Equal(CorsHeaders.Select(h => local.Headers.GetValueOrDefault(h)), CorsHeaders.Select(h => function.Headers.GetValueOrDefault(h)));
    }

    [Fact]
    public async Task A_public_read_allows_any_origin_and_the_export_names_its_file_and_a_regulators_route_allows_none()
    {
        var origin = new Dictionary<string, string> { ["Origin"] = "https://board.example.org" };

        var export = await app.CallAsync(ExportAndInspectionFunctions.ExportDisclosures, "GET", "/api/public/disclosures/export?from=2000-01&to=2000-03", headers: origin);
        Assert.Equal(200, export.Status);
        Assert.Equal("*", export.Headers.GetValueOrDefault("Access-Control-Allow-Origin"));
        Assert.Equal("attachment; filename=\"disclosures-2000-01-to-2000-03.csv\"", export.Headers.GetValueOrDefault("Content-Disposition"));
        Assert.StartsWith("disclosure_id,month_received,", export.Body, StringComparison.Ordinal);

        var regulator = new Dictionary<string, string>(driver.Key(Regulator)) { ["Origin"] = "https://board.example.org" };
        var list = await app.CallAsync(ExportAndInspectionFunctions.InspectionList, "GET", "/api/regulator/inspection-list", headers: regulator);
        Assert.Equal(200, list.Status);
        Assert.False(list.Headers.ContainsKey("Access-Control-Allow-Origin"), "no CORS on a route behind credentials");
    }
}
