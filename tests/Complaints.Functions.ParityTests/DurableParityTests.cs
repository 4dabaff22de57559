using Complaints.Functions.ParityTests.Support;
using Complaints.Storage;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Complaints.Functions.ParityTests;

/// <summary>Queue triggers cover the pipeline's queues; the orchestrator's activities, name and events line up.</summary>
public class DurableParityTests
{
    private static readonly FunctionsSource Source = FunctionsSource.Load();

    public static TheoryData<string> Queues => new(new StorageNames().Queues);

    [Theory]
    [MemberData(nameof(Queues))]
    public void Every_pipeline_queue_has_a_queue_trigger(string queue)
    {
        var triggers = QueueTriggers().Where(t => t.Queue == queue).ToList();
        Assert.True(triggers.Count == 1, $"Expected one [QueueTrigger(\"{queue}\")] in functions/Complaints.Functions, saw {triggers.Count}.");
    }

    [Fact]
    public void Every_queue_trigger_names_a_pipeline_queue()
    {
        var queues = new StorageNames().Queues.ToHashSet(StringComparer.Ordinal);
        var unknown = QueueTriggers().Where(t => t.Queue is null || !queues.Contains(t.Queue)).Select(t => $"{t.Function.Where} -> {t.Queue ?? "<unreadable>"}").ToList();
        Assert.True(unknown.Count == 0, $"Queue triggers on queues the pipeline does not use: {string.Join("; ", unknown)}.");
    }

    [Fact]
    public void There_is_exactly_one_orchestrator_and_it_is_a_static_function()
    {
        var orchestrators = Source.WithTrigger("OrchestrationTrigger").ToList();
        Assert.True(orchestrators.Count == 1, $"Expected one [OrchestrationTrigger] function, saw {orchestrators.Count}: {string.Join("; ", orchestrators.Select(o => o.Where))}.");
        Assert.True(orchestrators[0].IsStaticClass, $"{orchestrators[0].Where}: the orchestrator class must be static (no injected services, no I/O).");
    }

    [Fact]
    public void Every_activity_the_orchestrator_calls_exists_as_an_activity_trigger()
    {
        var activities = Source.WithTrigger("ActivityTrigger").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var calls = OrchestratorTree().GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => MethodName(i) == "CallActivityAsync")
            .ToList();
        Assert.NotEmpty(calls);
        foreach (var call in calls)
        {
            var name = Source.StringValue(call.ArgumentList.Arguments[0].Expression);
            Assert.True(name is not null, $"{FunctionsSource.Location(call)}: cannot read the activity name '{call.ArgumentList.Arguments[0]}'.");
            Assert.True(activities.Contains(name), $"{FunctionsSource.Location(call)}: calls activity '{name}', but no [Function(\"{name}\")] has an [ActivityTrigger]. Activities: {string.Join(", ", activities)}.");
        }
    }

    [Fact]
    public void Every_activity_trigger_is_called_by_the_orchestrator()
    {
        var called = OrchestratorTree().GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => MethodName(i) == "CallActivityAsync")
            .Select(i => Source.StringValue(i.ArgumentList.Arguments[0].Expression))
            .ToHashSet(StringComparer.Ordinal);
        var unused = Source.WithTrigger("ActivityTrigger").Where(f => !called.Contains(f.Name)).Select(f => f.Where).ToList();
        Assert.True(unused.Count == 0, $"Activities the orchestrator never calls: {string.Join("; ", unused)}.");
    }

    [Fact]
    public void The_client_schedules_the_orchestrator_by_its_function_name()
    {
        var orchestrator = Source.WithTrigger("OrchestrationTrigger").Single().Name;
        var schedules = Invocations("ScheduleNewOrchestrationInstanceAsync").ToList();
        Assert.NotEmpty(schedules);
        foreach (var call in schedules)
        {
            var name = Source.StringValue(call.ArgumentList.Arguments[0].Expression);
            Assert.True(name == orchestrator, $"{FunctionsSource.Location(call)}: schedules '{name}', but the orchestrator function is '{orchestrator}'.");
            Assert.Contains(call.ArgumentList.Arguments, a => a.ToString().Contains("StartOrchestrationOptions(", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_event_the_client_raises_is_the_event_the_orchestrator_waits_for()
    {
        var raised = Invocations("RaiseEventAsync").Select(i => Source.StringValue(i.ArgumentList.Arguments[1].Expression)).ToHashSet();
        var awaited = OrchestratorTree().GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => MethodName(i) == "WaitForExternalEvent")
            .Select(i => Source.StringValue(i.ArgumentList.Arguments[0].Expression))
            .ToHashSet();
        Assert.NotEmpty(raised);
        Assert.DoesNotContain(null, raised);
        Assert.True(raised.SetEquals(awaited), $"Raised [{string.Join(", ", raised)}] but the orchestrator waits for [{string.Join(", ", awaited)}].");
    }

    [Fact]
    public void Every_durable_client_parameter_is_a_DurableTaskClient()
    {
        var wrong = Source.Functions.SelectMany(f => f.Parameters.Where(p => p.Attribute("DurableClient") is not null && p.Type != "DurableTaskClient")
            .Select(p => $"{f.Where}: {p.Type} {p.Name}")).ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        Assert.Contains(Source.Functions, f => f.Parameters.Any(p => p.Attribute("DurableClient") is not null));
    }

    [Fact]
    public void Function_names_are_unique()
    {
        var duplicates = Source.Functions.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(f => f.Where))}").ToList();
        Assert.True(duplicates.Count == 0, $"Duplicate function names: {string.Join("; ", duplicates)}.");
    }

    private static Microsoft.CodeAnalysis.SyntaxTree OrchestratorTree()
    {
        var orchestrator = Source.WithTrigger("OrchestrationTrigger").Single();
        return orchestrator.Method.SyntaxTree;
    }

    private static IEnumerable<InvocationExpressionSyntax> Invocations(string method) =>
        Source.Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()).Where(i => MethodName(i) == method);

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax { Name: GenericNameSyntax g } => g.Identifier.Text,
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        IdentifierNameSyntax i => i.Identifier.Text,
        _ => null,
    };

    private static IEnumerable<(FunctionUse Function, string? Queue)> QueueTriggers() =>
        Source.WithTrigger("QueueTrigger").Select(f =>
        {
            var attribute = f.Trigger("QueueTrigger")!.Attribute("QueueTrigger")!;
            return (f, attribute.Positional.Count > 0 ? Source.StringValue(attribute.Positional[0]) : null);
        });
}
