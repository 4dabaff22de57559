using Complaints.Functions.ParityTests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Complaints.Functions.ParityTests;

/// <summary>
/// An orchestrator is replayed from its history, so it (and the pure code it calls) must not read the clock, mint
/// ids, sleep, do I/O or leave the orchestrator thread. Scanned: the orchestrator's file, and the shared code its loop
/// runs (the fold step, the envelopes, the workflow reactor).
/// </summary>
public class DeterminismTests
{
    private static readonly Dictionary<string, string[]> BannedMembers = new(StringComparer.Ordinal)
    {
        ["DateTime"] = ["Now", "UtcNow", "Today"],
        ["DateTimeOffset"] = ["Now", "UtcNow"],
        ["Guid"] = ["NewGuid"],
        ["Task"] = ["Delay", "Run", "Yield", "Factory"],
    };

    private static readonly HashSet<string> BannedTypes = new(StringComparer.Ordinal)
    {
        "Random", "RandomNumberGenerator", "Environment", "File", "Directory", "FileStream", "HttpClient", "TimeProvider",
        "Stopwatch", "Thread", "ThreadPool", "Timer", "PeriodicTimer", "Parallel", "Process", "Console",
    };

    public static TheoryData<string> ScannedFiles => new(
        "functions/Complaints.Functions/ComplaintOrchestrator.cs",
        "functions/Complaints.Pipeline/Durable/DurableWorkflowStep.cs",
        "functions/Complaints.Pipeline/Durable/WorkflowEnvelopes.cs",
        "functions/Complaints.Core/Workflow/ComplaintWorkflow.cs");

    [Theory]
    [MemberData(nameof(ScannedFiles))]
    public void Orchestrator_code_makes_no_non_deterministic_calls(string file)
    {
        var offences = Offences(File.ReadAllText(Repo.PathOf(file.Split('/'))), file);
        Assert.True(offences.Count == 0, $"Non-deterministic code in {file}:{Environment.NewLine}{string.Join(Environment.NewLine, offences)}");
    }

    [Theory]
    [InlineData("var now = DateTime.UtcNow;", "DateTime.UtcNow")]
    [InlineData("var now = DateTimeOffset.Now;", "DateTimeOffset.Now")]
    [InlineData("var id = Guid.NewGuid();", "Guid.NewGuid")]
    [InlineData("await Task.Delay(10);", "Task.Delay")]
    [InlineData("Thread.Sleep(10);", "Thread")]
    [InlineData("var r = new Random();", "Random")]
    [InlineData("var e = Environment.GetEnvironmentVariable(\"X\");", "Environment")]
    [InlineData("var t = File.ReadAllText(\"x\");", "File")]
    [InlineData("using var c = new HttpClient();", "HttpClient")]
    [InlineData("var n = TimeProvider.System.GetUtcNow();", "TimeProvider")]
    [InlineData("await work.ConfigureAwait(false);", "ConfigureAwait(false)")]
    public void The_scan_catches_each_banned_call(string statement, string expected)
    {
        var offences = Offences($"class C {{ async System.Threading.Tasks.Task M(System.Threading.Tasks.Task work) {{ {statement} }} }}", "sample.cs");
        Assert.Contains(offences, o => o.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_scan_allows_the_orchestration_clock_and_durable_timers()
    {
        var offences = Offences(
            "class C { async System.Threading.Tasks.Task M(Ctx context) { var now = context.CurrentUtcDateTime; await System.Threading.Tasks.Task.WhenAny(context.CreateTimer(now, default)); var d = DateTime.SpecifyKind(now, DateTimeKind.Utc); } }",
            "sample.cs");
        Assert.Empty(offences);
    }

    private static List<string> Offences(string source, string file)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: file).GetRoot();
        var offences = new List<string>();
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type } member
                    when BannedMembers.TryGetValue(type.Identifier.Text, out var members) && members.Contains(member.Name.Identifier.Text):
                    offences.Add($"  {Where(node, file)}: {type.Identifier.Text}.{member.Name.Identifier.Text}");
                    break;
                case IdentifierNameSyntax id when BannedTypes.Contains(id.Identifier.Text):
                    offences.Add($"  {Where(node, file)}: {id.Identifier.Text} ({node.Parent})");
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ConfigureAwait" } } call
                    when call.ArgumentList.Arguments.Count == 1 && call.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression):
                    offences.Add($"  {Where(node, file)}: ConfigureAwait(false) leaves the orchestrator thread");
                    break;
            }
        }

        return offences;
    }

    private static string Where(SyntaxNode node, string file) => $"{file}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
}
