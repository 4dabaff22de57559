using Complaints.Pipeline.Workflow;
using DurableTask.Core.History;

namespace Complaints.Workflow;

/// <summary>Turns the engine's history (the same <see cref="HistoryEvent"/> type in both engines) into entries that name kinds and task names only.</summary>
public static class WorkflowHistory
{
    /// <summary>
    /// The Azure Storage provider's history as <c>TaskHubClient.GetOrchestrationHistoryAsync</c> returns it: a JSON array
    /// of events without type names, so it is read field by field (<c>EventType</c>, <c>Timestamp</c>, <c>Name</c>,
    /// <c>FireAt</c>) rather than deserialized into the abstract <see cref="HistoryEvent"/>.
    /// </summary>
    public static IReadOnlyList<WorkflowHistoryEntry> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var entries = new List<WorkflowHistoryEntry>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var type = Property(item, "EventType") is { } t
                ? t.ValueKind == System.Text.Json.JsonValueKind.Number ? (EventType)t.GetInt32() : Enum.Parse<EventType>(t.GetString()!)
                : (EventType?)null;
            if (type is null or EventType.OrchestratorStarted or EventType.OrchestratorCompleted)
            {
                continue;
            }

            var at = Property(item, "Timestamp")?.GetDateTime() ?? default;
            var name = Property(item, "Name")?.GetString()
                ?? Property(item, "FireAt")?.GetDateTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            entries.Add(new WorkflowHistoryEntry(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), type.Value.ToString(), name));
        }

        return entries;
    }

    private static System.Text.Json.JsonElement? Property(System.Text.Json.JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null ? value : null;

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
