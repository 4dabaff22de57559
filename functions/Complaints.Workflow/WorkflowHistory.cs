using Complaints.Pipeline.Workflow;
using DurableTask.Core.History;

namespace Complaints.Workflow;

/// <summary>Turns the engine's history (the same <see cref="HistoryEvent"/> type in both engines) into entries that name kinds and task names only.</summary>
public static class WorkflowHistory
{
    public static IReadOnlyList<WorkflowHistoryEntry> From(IEnumerable<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .Where(e => e.EventType is not (EventType.OrchestratorStarted or EventType.OrchestratorCompleted))
            .Select(e => new WorkflowHistoryEntry(
                new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)),
                e.EventType.ToString(),
                e switch
                {
                    ExecutionStartedEvent s => s.Name,
                    TaskScheduledEvent t => t.Name,
                    EventRaisedEvent r => r.Name,
                    EventSentEvent s => s.Name,
                    TimerCreatedEvent t => t.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    TimerFiredEvent t => t.FireAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                }))];
    }
}
