using System.Diagnostics;
using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// The OpenAPI document the local host serves, as its ecosystem reads it: Redocly's linter with the recommended rules
/// (<c>redocly.yaml</c>), and NSwag, whose client generated from it is committed and drives the pipeline in
/// <see cref="GeneratedClientTests"/>.
/// </summary>
public sealed class OpenApiDocumentTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task The_served_document_passes_Redocly_lint_with_the_recommended_rules()
    {
        var document = await DocumentAsync();
        var root = AzuriteFixture.RepositoryRoot();
        var file = Path.Combine(Path.GetTempPath(), $"complaints-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document, Cancel);
        try
        {
            var redocly = Path.Combine(root, "node_modules", ".bin", "redocly");
            Assert.True(File.Exists(redocly), $"no {redocly}: run npm ci (./test.sh does)");
            var start = new ProcessStartInfo(redocly) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "lint", file, "--config", Path.Combine(root, "redocly.yaml"), "--format", "json" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(start)!;
            var stdout = lint.StandardOutput.ReadToEndAsync(Cancel);
            var stderr = lint.StandardError.ReadToEndAsync(Cancel);
            await lint.WaitForExitAsync(Cancel);
            var report = await stdout;
            Output.WriteLine(report);
            Output.WriteLine(await stderr);
            using var json = System.Text.Json.JsonDocument.Parse(report);
            var totals = json.RootElement.GetProperty("totals");
            var problems = string.Join("\n", json.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"));
            Assert.True(lint.ExitCode == 0 && totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0,
                $"redocly lint (exit {lint.ExitCode}) found {totals}:\n{problems}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Regenerate with <c>REGENERATE_CLIENT=1 dotnet test tests/Complaints.Api.Tests --filter FullyQualifiedName~committed_client</c>.</summary>
    [Fact]
    public async Task The_committed_client_is_what_NSwag_generates_from_the_served_document()
    {
        var generated = await ClientGeneration.GenerateAsync(await DocumentAsync());
        var path = ClientGeneration.CommittedPath;
        if (System.Environment.GetEnvironmentVariable("REGENERATE_CLIENT") == "1")
        {
            await File.WriteAllTextAsync(path, generated, Cancel);
        }

        var committed = File.Exists(path) ? ClientGeneration.Normalize(await File.ReadAllTextAsync(path, Cancel)) : string.Empty;
        Assert.True(committed == generated,
            $"{path} is not what NSwag generates from the served document (the API changed, or the generator settings did). "
            + "Regenerate it: REGENERATE_CLIENT=1 dotnet test tests/Complaints.Api.Tests --filter FullyQualifiedName~committed_client, and review the diff.");
    }

    /// <summary>
    /// The seeded bad-input battery (<see cref="BadInputBattery"/>) over every route: each status an operation answers is
    /// one its document declares. Routing's own 405 (a method the route does not take), Kestrel's bare 400 for a NUL
    /// in the path and its 414 for a request line over its limit (8 KiB) come before any endpoint and are not an operation's.
    /// </summary>
    [Fact]
    public async Task Every_status_the_bad_input_battery_meets_is_declared_for_its_operation()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await DocumentAsync());
        var declared = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .ToDictionary(
                operation => operation.Value.GetProperty("operationId").GetString()!,
                operation => operation.Value.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
        var api = await ApiAsync(quiet: true);
        var report = await (await BadInputBattery.PrepareAsync(api)).RunAsync(seed: 20_261_201, requests: 600, parallelism: 4);
        Output.WriteLine(report.Summary());
        var undeclared = report.Seen
            .Where(s => s.Key.Status is not (405 or 414) && !(s.Key.Status == 400 && s.Value.Path.Contains("%00", StringComparison.Ordinal)))
            .Where(s => !declared[s.Key.Route].Contains(s.Key.Status))
            .Select(s => $"{s.Key.Route} answered {s.Key.Status} (first for {s.Value})")
            .ToList();
        Assert.True(undeclared.Count == 0, $"statuses the document does not declare:\n{string.Join("\n", undeclared)}");
    }

    /// <summary>Every 429 says when to retry, and so does every 503 but the readiness probe's (a state, not a retry).</summary>
    [Fact]
    public async Task Answers_that_ask_the_client_to_wait_declare_Retry_After()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await DocumentAsync());
        var answers = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .SelectMany(operation => operation.Value.GetProperty("responses").EnumerateObject()
                .Where(r => r.Name is "429" or "503")
                .Select(r => (Operation: operation.Value.GetProperty("operationId").GetString()!, Status: r.Name, Declares: r.Value.TryGetProperty("headers", out var h) && h.TryGetProperty("Retry-After", out _))))
            .ToList();
        Assert.Contains(answers, a => a is { Operation: "PostMessage", Status: "429", Declares: true });
        Assert.Contains(answers, a => a is { Operation: "FileComplaint", Status: "429", Declares: true });
        var wrong = answers.Where(a => a.Declares == (a is { Operation: "HealthReady", Status: "503" })).ToList();
        Assert.True(wrong.Count == 0, $"Retry-After declared where it is not sent, or missing where it is: {string.Join(", ", wrong)}");
    }

    private async Task<string> DocumentAsync()
    {
        var api = await ApiAsync();
        return (await api.Http.GetAsync("openapi/v1.json")).Expect(HttpStatusCode.OK).Body;
    }
}
