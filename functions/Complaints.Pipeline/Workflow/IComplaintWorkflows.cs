using Complaints.Core;

namespace Complaints.Pipeline.Workflow;

/// <summary>
/// The client side of the one workflow engine: each complaint is one Durable orchestration whose instance id is the
/// complaint id. Two implementations, one per host: over <c>DurableTaskClient</c> (Azure Functions, and the in-memory
/// test host) and over the Durable Task Framework's <c>TaskHubClient</c> (the local host). Nothing here carries
/// content: starts, events and reads name the complaint and versions only.
/// </summary>
public interface IComplaintWorkflows
{
    /// <summary>
    /// Starts the complaint's orchestration unless an instance with its id exists, in any state. Losing a race with
    /// another start of the same id is not an error.
    /// </summary>
    Task StartAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>Tells the orchestration that the complaint recorded events up to <paramref name="version"/>.</summary>
    Task NotifyAsync(ComplaintId id, long version, CancellationToken cancellationToken);

    /// <summary>The orchestration's status, or <c>null</c> when there is none (yet).</summary>
    Task<WorkflowInstance?> GetAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>What the engine recorded for the orchestration (its current generation), oldest first; <c>null</c> when the engine cannot say.</summary>
    Task<IReadOnlyList<WorkflowHistoryEntry>?> GetHistoryAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the status and history of every orchestration that <b>completed</b> and whose current generation started
    /// before <paramref name="startedBefore"/> (failed, terminated and running ones are kept). Returns how many went.
    /// The complaint's own events and read models are not touched: they are the record; this is the engine's trace.
    /// </summary>
    Task<int> PurgeCompletedAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken);
}

/// <summary>The orchestration's runtime status, as both engines report it.</summary>
public enum WorkflowRuntimeStatus
{
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Terminated,
    Suspended,
    Unknown,
}

/// <summary>An orchestration as the engine reports it, with the progress it last published (its custom status).</summary>
public sealed record WorkflowInstance(
    string InstanceId,
    WorkflowRuntimeStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    WorkflowProgress? Progress)
{
    /// <summary>
    /// The orchestration as the engine's instance record reports it, with one correction. The Azure Storage provider
    /// writes <c>Pending</c> when an orchestration is started and <c>Running</c> only with the first episode's
    /// instance update, which comes after that episode's history and messages; later episodes leave the status as it
    /// is. A host killed between the two leaves the record <c>Pending</c> while the orchestration runs on (its next
    /// host discards the redelivered start as a duplicate), until it completes: 13 of 2,000 orchestrations in the
    /// kill -9 run of 2026-12-01 (docs/reliability.md; the same gap as Azure/durabletask#1252 at completion). Only a
    /// running orchestration publishes a custom status, so <c>Pending</c> with a progress reads as <c>Running</c>.
    /// </summary>
    public static WorkflowInstance Reported(string instanceId, WorkflowRuntimeStatus status, DateTimeOffset createdAt, DateTimeOffset lastUpdatedAt, string? customStatus)
    {
        var progress = ReadProgress(customStatus);
        return new(instanceId, status == WorkflowRuntimeStatus.Pending && progress is not null ? WorkflowRuntimeStatus.Running : status, createdAt, lastUpdatedAt, progress);
    }

    /// <summary>Reads the engine's serialized custom status; anything that is not a <see cref="WorkflowProgress"/> reads as none.</summary>
    public static WorkflowProgress? ReadProgress(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<WorkflowProgress>(json, ProgressJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions ProgressJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Waiting for its next event or timer, or working: not ended.</summary>
    public bool IsActive => Status is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.ContinuedAsNew or WorkflowRuntimeStatus.Suspended;
}

/// <summary>
/// What the orchestration publishes as its custom status: where it stands, in versions and deadline kinds only.
/// </summary>
/// <param name="LastVersion">The last complaint event it reacted to.</param>
/// <param name="WaitingFor">The deadline armed (<c>Acknowledge</c>, <c>Resolve</c>, <c>Confirm</c>, <c>Mediation</c>), or <c>null</c> when it waits for events only.</param>
/// <param name="DueAt">When that deadline falls due.</param>
/// <param name="Generation">1 for the first generation, then one more per <c>ContinueAsNew</c>.</param>
public sealed record WorkflowProgress(long LastVersion, string? WaitingFor, DateTimeOffset? DueAt, int Generation);

/// <summary>One entry of an orchestration's history: when, what kind (activity scheduled, timer created, event raised, …) and the name it concerns.</summary>
public sealed record WorkflowHistoryEntry(DateTimeOffset At, string Kind, string? Name);
