using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Storage;

namespace Complaints.Workflow;

/// <summary>
/// A complaint event as an activity hands it to the orchestrator: its position in the complaint's history, its
/// stable type name (<see cref="EventTypeNames"/>) and its body in <see cref="StorageJson"/>. Plain strings and
/// numbers, so any JSON serializer (Durable's data converter included) carries it unchanged.
/// </summary>
public sealed record RecordedEventEnvelope(long Version, string Type, string Json);

/// <summary>
/// A <see cref="WorkflowAction"/> flattened for the orchestration history. <see cref="Kind"/> is one of
/// <see cref="WorkflowActionKinds"/>; the other fields are set only where that kind has them. Enum values are
/// written with their C# names.
/// </summary>
public sealed record WorkflowActionEnvelope(
    string Kind,
    DateTimeOffset? At = null,
    string? Trigger = null,
    string? Reason = null,
    string? Deadline = null,
    DateTimeOffset? DueAt = null,
    string? PayoutId = null);

/// <summary>The action kinds the workflow emits. Every command it runs is issued by <see cref="Actor.System"/>.</summary>
public static class WorkflowActionKinds
{
    public const string AssignFirstResponder = "assign-first-responder";
    public const string RequestAdvanceCompensation = "request-advance-compensation";
    public const string Escalate = "escalate";
    public const string Close = "close";
    public const string OpenRecoveryClaim = "open-recovery-claim";
    public const string MissDeadline = "miss-deadline";
    public const string RunPayout = "run-payout";
    public const string DraftDisclosure = "draft-disclosure";

    public static IReadOnlyList<string> All { get; } =
        [AssignFirstResponder, RequestAdvanceCompensation, Escalate, Close, OpenRecoveryClaim, MissDeadline, RunPayout, DraftDisclosure];

    /// <summary>A command on the complaint (it records events), not a message to a stage queue.</summary>
    public static bool IsCommand(string kind) => kind is not (RunPayout or DraftDisclosure);
}

/// <summary>
/// Converts the workflow's domain values to the JSON-friendly shapes the orchestrator and its activities
/// exchange, and back. Domain JSON goes through <see cref="StorageJson"/>, the same format the stores use.
/// </summary>
public static class WorkflowEnvelopes
{
    public static RecordedEventEnvelope ToEnvelope(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new RecordedEventEnvelope(recorded.Version, recorded.Event.Type, StorageJson.SerializeEvent(recorded.Event));
    }

    /// <summary>
    /// The envelope the orchestration gets: the event without the free text people wrote (reasons, notes, comments,
    /// messages, payment references),
    /// which the workflow never reads. Activity results are kept in the orchestration history and travel on the
    /// task hub's queues, and queue messages carry ids, not content.
    /// </summary>
    public static RecordedEventEnvelope ToWorkflowEnvelope(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return ToEnvelope(recorded with { Event = WithoutFreeText(recorded.Event) });
    }

    /// <summary>The event as the workflow needs it: free text blanked, everything the reactor reads kept.</summary>
    public static ComplaintEvent WithoutFreeText(ComplaintEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return @event.WithoutFreeText();
    }

    public static RecordedEvent FromEnvelope(RecordedEventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new RecordedEvent(envelope.Version, StorageJson.DeserializeEvent(envelope.Type, envelope.Json));
    }

    /// <summary>Flattens an action.</summary>
    /// <exception cref="NotSupportedException">A command the workflow never issues, or one not issued by the system.</exception>
    public static WorkflowActionEnvelope ToEnvelope(WorkflowAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action switch
        {
            WorkflowAction.RunPayout p => new WorkflowActionEnvelope(WorkflowActionKinds.RunPayout, PayoutId: p.PayoutId),
            WorkflowAction.DraftDisclosure => new WorkflowActionEnvelope(WorkflowActionKinds.DraftDisclosure),
            WorkflowAction.Execute { Command.Actor: not Actor.System } e =>
                throw new NotSupportedException($"The workflow issues commands as the system only; {e.Command.GetType().Name} names {e.Command.Actor}."),
            WorkflowAction.Execute e => e.Command switch
            {
                ComplaintCommand.AssignFirstResponder c => new WorkflowActionEnvelope(WorkflowActionKinds.AssignFirstResponder, c.At),
                ComplaintCommand.RequestAdvanceCompensation c =>
                    new WorkflowActionEnvelope(WorkflowActionKinds.RequestAdvanceCompensation, c.At, Trigger: c.Trigger.ToString()),
                ComplaintCommand.Escalate c => new WorkflowActionEnvelope(WorkflowActionKinds.Escalate, c.At, Reason: c.Reason.ToString()),
                ComplaintCommand.Close c => new WorkflowActionEnvelope(WorkflowActionKinds.Close, c.At),
                ComplaintCommand.OpenRecoveryClaim c => new WorkflowActionEnvelope(WorkflowActionKinds.OpenRecoveryClaim, c.At),
                ComplaintCommand.MissDeadline c =>
                    new WorkflowActionEnvelope(WorkflowActionKinds.MissDeadline, c.At, Deadline: c.Kind.ToString(), DueAt: c.DueAt),
                var other => throw new NotSupportedException($"The workflow does not issue {other.GetType().Name}; it has no envelope."),
            },
            _ => throw new NotSupportedException($"Unknown workflow action {action.GetType().Name}."),
        };
    }

    /// <summary>Restores an action.</summary>
    /// <exception cref="FormatException">An unknown kind, or a field the kind needs is missing or not a known value.</exception>
    public static WorkflowAction FromEnvelope(WorkflowActionEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var system = Actor.System.Instance;
        return envelope.Kind switch
        {
            WorkflowActionKinds.RunPayout => new WorkflowAction.RunPayout(Required(envelope.PayoutId, envelope, nameof(envelope.PayoutId))),
            WorkflowActionKinds.DraftDisclosure => new WorkflowAction.DraftDisclosure(),
            WorkflowActionKinds.AssignFirstResponder => Do(new ComplaintCommand.AssignFirstResponder(system, At(envelope))),
            WorkflowActionKinds.RequestAdvanceCompensation => Do(new ComplaintCommand.RequestAdvanceCompensation(
                Parse<AdvanceCompensationTrigger>(envelope.Trigger, envelope, nameof(envelope.Trigger)), system, At(envelope))),
            WorkflowActionKinds.Escalate => Do(new ComplaintCommand.Escalate(
                Parse<EscalationReason>(envelope.Reason, envelope, nameof(envelope.Reason)), system, At(envelope))),
            WorkflowActionKinds.Close => Do(new ComplaintCommand.Close(system, At(envelope))),
            WorkflowActionKinds.OpenRecoveryClaim => Do(new ComplaintCommand.OpenRecoveryClaim(system, At(envelope))),
            WorkflowActionKinds.MissDeadline => Do(new ComplaintCommand.MissDeadline(
                Parse<DeadlineKind>(envelope.Deadline, envelope, nameof(envelope.Deadline)),
                envelope.DueAt ?? throw Missing(envelope, nameof(envelope.DueAt)),
                system,
                At(envelope))),
            _ => throw new FormatException($"Unknown workflow action kind '{envelope.Kind}'."),
        };
    }

    private static WorkflowAction.Execute Do(ComplaintCommand command) => new(command);

    private static DateTimeOffset At(WorkflowActionEnvelope envelope) => envelope.At ?? throw Missing(envelope, nameof(envelope.At));

    private static string Required(string? value, WorkflowActionEnvelope envelope, string field) =>
        string.IsNullOrEmpty(value) ? throw Missing(envelope, field) : value;

    private static T Parse<T>(string? value, WorkflowActionEnvelope envelope, string field) where T : struct, Enum =>
        Enum.TryParse<T>(Required(value, envelope, field), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            && !int.TryParse(value, out _)
            ? parsed
            : throw new FormatException($"The '{envelope.Kind}' action's {field} '{value}' is not a {typeof(T).Name}.");

    private static FormatException Missing(WorkflowActionEnvelope envelope, string field) =>
        new($"The '{envelope.Kind}' action has no {field}.");
}
