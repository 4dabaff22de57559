using System.Text.Json;
using System.Xml.Linq;
using Complaints.Functions.ParityTests.Support;

namespace Complaints.Functions.ParityTests;

/// <summary>The functions stay thin; the project, host.json and the solutions are set up as the design says.</summary>
public class ProjectShapeTests
{
    private const int MaxStatementsPerFunction = 3;

    private static readonly FunctionsSource Source = FunctionsSource.Load();

    private static readonly string[] RequiredPackages =
    [
        "Microsoft.Azure.Functions.Worker",
        "Microsoft.Azure.Functions.Worker.Sdk",
        "Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore",
        "Microsoft.Azure.Functions.Worker.Extensions.Storage.Queues",
        "Microsoft.Azure.Functions.Worker.Extensions.DurableTask",
    ];

    [Fact]
    public void Every_function_except_the_orchestrator_is_a_few_statements()
    {
        var fat = Source.Functions
            .Where(f => f.Trigger("OrchestrationTrigger") is null && f.StatementCount > MaxStatementsPerFunction)
            .Select(f => $"{f.Where}: {f.StatementCount} statements")
            .ToList();
        Assert.True(fat.Count == 0, $"Functions must hand off to shared code in at most {MaxStatementsPerFunction} statements: {string.Join("; ", fat)}.");
    }

    [Fact]
    public void Every_http_trigger_is_one_statement()
    {
        var fat = Source.WithTrigger("HttpTrigger").Where(f => f.StatementCount != 1).Select(f => $"{f.Where}: {f.StatementCount} statements").ToList();
        Assert.True(fat.Count == 0, $"HTTP triggers hand off in one line: {string.Join("; ", fat)}.");
    }

    [Fact]
    public void The_project_is_an_isolated_worker_exe_with_the_verified_packages_and_no_versions()
    {
        var project = XDocument.Load(Path.Combine(FunctionsSource.Directory, "Complaints.Functions.csproj"));
        Assert.Equal("Exe", project.Descendants("OutputType").SingleOrDefault()?.Value);
        Assert.Equal("v4", project.Descendants("AzureFunctionsVersion").SingleOrDefault()?.Value);

        var references = project.Descendants("PackageReference").ToList();
        var versioned = references.Where(r => r.Attribute("Version") is not null || r.Element("Version") is not null).Select(r => r.Attribute("Include")?.Value).ToList();
        Assert.True(versioned.Count == 0, $"Versions belong in Directory.Packages.props, not the csproj: {string.Join(", ", versioned)}.");

        var included = references.Select(r => r.Attribute("Include")?.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = RequiredPackages.Where(p => !included.Contains(p)).ToList();
        Assert.True(missing.Count == 0, $"Complaints.Functions.csproj lacks {string.Join(", ", missing)}.");

        var pinned = XDocument.Load(Repo.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Select(v => v.Attribute("Include")?.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unpinned = included.Where(p => p is not null && !pinned.Contains(p)).ToList();
        Assert.True(unpinned.Count == 0, $"No version pinned in Directory.Packages.props for {string.Join(", ", unpinned)}.");
    }

    [Fact]
    public void Host_json_moves_a_message_to_poison_after_five_attempts_and_sets_batching()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsSource.Directory, "host.json")));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.True(queues.TryGetProperty("batchSize", out _), "host.json extensions.queues.batchSize is not set.");
        Assert.True(queues.TryGetProperty("visibilityTimeout", out _), "host.json extensions.queues.visibilityTimeout is not set.");
        // The gateways write Base64 bodies (docs/functions-sdk-reference.md, "Queue trigger").
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.True(host.RootElement.GetProperty("extensions").TryGetProperty("durableTask", out _), "host.json has no durableTask section.");
    }

    [Fact]
    public void The_functions_app_is_in_the_full_solution_only_and_this_test_is_in_both()
    {
        var solution = File.ReadAllText(Repo.PathOf("Complaints.sln"));
        var filter = File.ReadAllText(Repo.PathOf("Complaints.Local.slnf"));
        Assert.Contains(@"functions\Complaints.Functions\Complaints.Functions.csproj", solution, StringComparison.Ordinal);
        Assert.DoesNotContain("Complaints.Functions/Complaints.Functions.csproj", filter, StringComparison.Ordinal);
        Assert.Contains(@"tests\Complaints.Functions.ParityTests\Complaints.Functions.ParityTests.csproj", solution, StringComparison.Ordinal);
        Assert.Contains("tests/Complaints.Functions.ParityTests/Complaints.Functions.ParityTests.csproj", filter, StringComparison.Ordinal);
    }
}
