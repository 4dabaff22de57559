using Microsoft.Extensions.Logging;

namespace Complaints.Workflow;

/// <summary>Source-generated log messages of the orchestration and its activities. Ids, kinds and versions only.</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(1201, LogLevel.Information, "Orchestration {ComplaintId} ended: {Result} at version {Version}")]
    public static partial void Ended(ILogger logger, string complaintId, string result, long version);

    [LoggerMessage(1202, LogLevel.Information, "Orchestration {ComplaintId} continues as new (generation {Generation}) at version {Version}")]
    public static partial void ContinuedAsNew(ILogger logger, string complaintId, int generation, long version);

    [LoggerMessage(1203, LogLevel.Information, "Orchestration {ComplaintId} already exists; not started again")]
    public static partial void AlreadyStarted(ILogger logger, string complaintId);

    [LoggerMessage(1204, LogLevel.Information, "Orchestration {ComplaintId} started")]
    public static partial void Started(ILogger logger, string complaintId);
}
