using Microsoft.Extensions.Logging;

namespace Complaints.Functions;

/// <summary>Source-generated log messages of the Azure host, with fixed event ids. Ids and kinds only, never content.</summary>
internal static partial class FunctionsLog
{
    [LoggerMessage(1201, LogLevel.Information, "Orchestration of {ComplaintId} started")]
    public static partial void Started(ILogger logger, string complaintId);

    [LoggerMessage(1202, LogLevel.Debug, "Orchestration of {ComplaintId} already exists; intake message ignored")]
    public static partial void AlreadyStarted(ILogger logger, string complaintId);

    [LoggerMessage(1203, LogLevel.Warning, "Orchestration of {ComplaintId} is {Status}; the change nudge was not delivered")]
    public static partial void NudgeNotDelivered(ILogger logger, string complaintId, string status);

    [LoggerMessage(1204, LogLevel.Information, "Orchestration of {ComplaintId} ended at version {Version} (workflow complete: {Completed})")]
    public static partial void OrchestrationEnded(ILogger logger, string complaintId, long version, bool completed);
}
