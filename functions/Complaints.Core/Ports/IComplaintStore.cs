using Complaints.Core.Disclosure;

namespace Complaints.Core.Ports;

/// <summary>
/// A complaint as stored: its state, the hash of the consumer's tracking token, and the state row's ETag (the
/// version a command decided on this state may overwrite; <c>null</c> when unknown).
/// </summary>
public sealed record StoredComplaint(Complaint State, string TrackingTokenHash, string? ETag = null);

/// <summary>An event with its position in the complaint's history (1-based).</summary>
public sealed record RecordedEvent(long Version, ComplaintEvent Event);

/// <summary>The consumer's own words and references, kept apart from the decision state.</summary>
public sealed record ComplaintContent(string Description, string? OrderReference, DateOnly? OccurredOn);

/// <summary>The result of a command: the state after it and the events it added (none for a repeat).</summary>
public sealed record CommandOutcome(Complaint State, IReadOnlyList<ComplaintEvent> NewEvents);

/// <summary>
/// The complaint aggregate's store. Each write puts the state row, the new event rows and an outbox row in one
/// entity-group transaction guarded by the state row's ETag; a lost race decides again on fresh state.
/// </summary>
public interface IComplaintStore
{
    Task<StoredComplaint?> GetAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>
    /// Files a new complaint: the rules decide at once (<see cref="ComplaintRuleViolation"/>), the filing is stored
    /// durably, and the complaint can be read from then on; the pipeline records it and starts its workflow shortly
    /// after. Filing an id again while its first filing waits is a no-op that answers with the first filing's state;
    /// a repeat after that never records a second filing (callers that retry look the id up first).
    /// </summary>
    Task<CommandOutcome> FileAsync(
        ComplaintCommand.FileComplaint command,
        ComplaintContent content,
        ConsumerContact contact,
        string trackingTokenHash,
        CancellationToken cancellationToken);

    /// <summary>Decides <paramref name="command"/> on fresh state and stores the events.</summary>
    /// <exception cref="ComplaintRuleViolation">The rules refuse the command.</exception>
    /// <exception cref="ComplaintNotFoundException">No such complaint.</exception>
    Task<CommandOutcome> ExecuteAsync(ComplaintId id, ComplaintCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// Decides <paramref name="command"/> on <paramref name="known"/>, state the caller has just read, which saves a
    /// read; when the stored state has moved on since (its ETag no longer matches) it decides again on fresh state.
    /// </summary>
    /// <exception cref="ComplaintRuleViolation">The rules refuse the command.</exception>
    /// <exception cref="ComplaintNotFoundException">No such complaint.</exception>
    Task<CommandOutcome> ExecuteAsync(StoredComplaint known, ComplaintCommand command, CancellationToken cancellationToken);

    /// <summary>
    /// A command the workflow runs for itself. Stored like any other, but without a nudge to the workflow: the caller
    /// reads the new events in its next round, and if it dies first, its own message or replay brings it back.
    /// </summary>
    /// <exception cref="ComplaintRuleViolation">The rules refuse the command.</exception>
    /// <exception cref="ComplaintNotFoundException">No such complaint.</exception>
    Task<CommandOutcome> ExecuteForWorkflowAsync(ComplaintId id, ComplaintCommand command, CancellationToken cancellationToken);

    /// <summary>The events after <paramref name="afterVersion"/>, in order.</summary>
    Task<IReadOnlyList<RecordedEvent>> GetEventsAsync(ComplaintId id, long afterVersion, CancellationToken cancellationToken);

    Task<ComplaintContent?> GetContentAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>Sends the complaint's undelivered outbox messages and removes them (at least once).</summary>
    Task FlushOutboxAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>Complaints whose outbox may hold messages older than <paramref name="olderThan"/> (a crash left them).</summary>
    Task<IReadOnlyList<ComplaintId>> FindStaleOutboxesAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}

public sealed class ComplaintNotFoundException : Exception
{
    public ComplaintNotFoundException() : base("No such complaint.") { }

    public ComplaintNotFoundException(string message) : base(message) { }

    public ComplaintNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Consumer contact details, in their own table. Read only by the named parties and the regulator.</summary>
public interface IContactStore
{
    Task PutAsync(ComplaintId id, ConsumerContact contact, CancellationToken cancellationToken);

    Task<ConsumerContact?> GetAsync(ComplaintId id, CancellationToken cancellationToken);
}
