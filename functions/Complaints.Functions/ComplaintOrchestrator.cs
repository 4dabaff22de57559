using Complaints.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Complaints.Functions;

/// <summary>The orchestrator trigger: the shared <see cref="ComplaintOrchestration"/>, under its own name, unchanged.</summary>
public static class ComplaintOrchestrator
{
    [Function(ComplaintOrchestration.Name)]
    public static Task<ComplaintOrchestrationOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ComplaintOrchestration().RunAsync(context, context.GetInput<ComplaintOrchestrationInput>());
    }
}
