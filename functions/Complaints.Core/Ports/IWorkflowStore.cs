using Complaints.Core.Workflow;

namespace Complaints.Core.Ports;

/// <summary>
/// The local process manager's per-complaint row: workflow state plus the projection rows it last wrote.
/// <see cref="ETag"/> guards the next save.
/// </summary>
public sealed record WorkflowRecord(WorkflowState State, IReadOnlyDictionary<string, string> ProjectedRows, string? ETag)
{
    public static WorkflowRecord New(ComplaintId id) =>
        new(WorkflowState.Start(id), new Dictionary<string, string>(), null);
}

public interface IWorkflowStore
{
    Task<WorkflowRecord?> GetAsync(ComplaintId id, CancellationToken cancellationToken);

    /// <summary>Saves; returns <c>false</c> when another process saved first (the ETag moved).</summary>
    Task<bool> TrySaveAsync(WorkflowRecord record, CancellationToken cancellationToken);
}
