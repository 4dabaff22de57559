using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Webhooks;

namespace Complaints.Workflow;

/// <summary>
/// The pure part of notifying operators, beside <see cref="WorkflowStep"/>: which notices a batch of new events gives
/// rise to, and when the armed acknowledge or resolve deadline's "approaching" notice is due. No I/O, no clock.
/// </summary>
public static class OperatorNotices
{
    /// <summary>
    /// The notices of the events after <paramref name="afterVersion"/> (in version order), and the warning to keep:
    /// an acknowledge or resolve deadline armed by these events gets one at <paramref name="share"/> of its time
    /// (from the arming event to the due time); a warning whose deadline is no longer the one armed in
    /// <paramref name="after"/> (answered, replaced, passed) is dropped.
    /// </summary>
    public static (IReadOnlyList<OperatorNotice> Notices, DeadlineWarning? Warning) Observe(
        IReadOnlyList<RecordedEventEnvelope> events, long afterVersion, DeadlineWarning? warning, WorkflowState after, double share)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(after);
        var notices = new List<OperatorNotice>();
        foreach (var envelope in events.Where(e => e.Version > afterVersion).OrderBy(e => e.Version))
        {
            var @event = WorkflowEnvelopes.FromEnvelope(envelope).Event;
            if (OperatorNotice.For(@event, envelope.Version) is { } notice)
            {
                notices.Add(notice);
            }

            warning = @event switch
            {
                ComplaintEvent.FirstResponderAssigned a => Warn(DeadlineKind.Acknowledge, a.At, a.AcknowledgeBy, share),
                ComplaintEvent.Acknowledged a => Warn(DeadlineKind.Resolve, a.At, a.ResolveBy, share),
                _ => warning,
            };
        }

        return (notices, Current(warning, after));
    }

    /// <summary>The warning, if its deadline is still the one armed.</summary>
    public static DeadlineWarning? Current(DeadlineWarning? warning, WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return warning is not null && state.Deadline is { } armed && armed.Kind.ToString() == warning.Deadline && armed.DueAt == warning.DueAt
            ? warning
            : null;
    }

    /// <summary>The notice a warning sends.</summary>
    public static OperatorNotice NoticeOf(DeadlineWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return OperatorNotice.Approaching(Enum.Parse<DeadlineKind>(warning.Deadline), warning.DueAt, warning.WarnAt);
    }

    private static DeadlineWarning Warn(DeadlineKind kind, DateTimeOffset armedAt, DateTimeOffset dueAt, double share) =>
        new(kind.ToString(), dueAt, armedAt + ((dueAt > armedAt ? dueAt - armedAt : TimeSpan.Zero) * share));
}
