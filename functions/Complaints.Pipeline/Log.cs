using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline;

/// <summary>Source-generated log messages with fixed event ids. They carry ids and kinds only: never content or contact details.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Complaint {ComplaintId} filed")]
    public static partial void Filed(ILogger logger, string complaintId);

    [LoggerMessage(1003, LogLevel.Debug, "Workflow command {Command} on {ComplaintId} was refused: {Kind} (a repeated reaction, or the complaint moved on)")]
    public static partial void WorkflowCommandRefused(ILogger logger, string command, string complaintId, string kind);

    [LoggerMessage(1004, LogLevel.Debug, "Projection row of {ComplaintId} moved under us; retrying (attempt {Attempt})")]
    public static partial void ProjectionRace(ILogger logger, string complaintId, int attempt);

    [LoggerMessage(1005, LogLevel.Information, "Payout {PayoutId} for {ComplaintId} recorded (first time: {First})")]
    public static partial void PayoutRecorded(ILogger logger, string payoutId, string complaintId, bool first);

    [LoggerMessage(1006, LogLevel.Warning, "Payout message for {ComplaintId} names {PayoutId}, which is not due; ignored")]
    public static partial void PayoutNotDue(ILogger logger, string complaintId, string payoutId);

    [LoggerMessage(1007, LogLevel.Information, "Disclosure draft for {ComplaintId} stored")]
    public static partial void DisclosureDrafted(ILogger logger, string complaintId);

    [LoggerMessage(1008, LogLevel.Warning, "Message {MessageId} on {Queue} failed on attempt {Attempt}: {ErrorType}")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string messageId, string queue, long attempt, string errorType);

    [LoggerMessage(1009, LogLevel.Error, "Message {MessageId} on {Queue} moved to the poison queue after {Attempt} attempts: {ErrorType}")]
    public static partial void MessagePoisoned(ILogger logger, string messageId, string queue, long attempt, string errorType);

    [LoggerMessage(1010, LogLevel.Information, "Outbox sweeper re-sent the outbox of {ComplaintId}")]
    public static partial void OutboxSwept(ILogger logger, string complaintId);

    [LoggerMessage(1017, LogLevel.Information, "Outbox sweeper rang the intake doorbell for {Shard}: a filing there waited past the sweep age")]
    public static partial void IntakeSwept(ILogger logger, string shard);

    [LoggerMessage(1011, LogLevel.Information, "Queue worker for {Queue} started")]
    public static partial void WorkerStarted(ILogger logger, string queue);

    [LoggerMessage(1012, LogLevel.Information, "Queue worker for {Queue} stopped; {Returned} in-flight messages returned to the queue")]
    public static partial void WorkerStopped(ILogger logger, string queue, int returned);

    [LoggerMessage(1013, LogLevel.Error, "Queue worker for {Queue} could not reach storage")]
    public static partial void WorkerStorageError(ILogger logger, Exception exception, string queue);

    [LoggerMessage(1014, LogLevel.Warning, "Disclosure message for {ComplaintId}, which is not closed; ignored")]
    public static partial void DisclosureTooEarly(ILogger logger, string complaintId);

    [LoggerMessage(1015, LogLevel.Warning, "Outbox sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(1018, LogLevel.Debug, "Change of {ComplaintId} before its orchestration exists; it reads every event when it starts")]
    public static partial void NoOrchestrationYet(ILogger logger, string complaintId);

    [LoggerMessage(1019, LogLevel.Warning, "Change of {ComplaintId} not delivered: its orchestration is {Status} (an operator restarts or rewinds it)")]
    public static partial void NotifyNotDelivered(ILogger logger, string complaintId, string status);

    [LoggerMessage(1301, LogLevel.Information, "Attachment {AttachmentId} added to {ComplaintId}: {MediaType}, {Size} bytes")]
    public static partial void AttachmentAdded(ILogger logger, string complaintId, string attachmentId, string mediaType, long size);

    [LoggerMessage(1302, LogLevel.Warning, "Attachment {AttachmentId} of {ComplaintId} could not be marked recorded; the sweep will")]
    public static partial void AttachmentNotMarked(ILogger logger, Exception exception, string complaintId, string attachmentId);

    [LoggerMessage(1303, LogLevel.Warning, "Attachment blob {AttachmentId} of {ComplaintId} could not be deleted after a failed upload; the sweep will")]
    public static partial void AttachmentNotDeleted(ILogger logger, Exception exception, string complaintId, string attachmentId);

    [LoggerMessage(1304, LogLevel.Warning, "Attachment sweep deleted blob {AttachmentId} of {ComplaintId}: no event recorded it")]
    public static partial void AttachmentOrphanDeleted(ILogger logger, string complaintId, string attachmentId);

    [LoggerMessage(1305, LogLevel.Warning, "Attachment sweep failed")]
    public static partial void AttachmentSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(1306, LogLevel.Warning, "An attachment upload to {ComplaintId} ended before its body did (the client went away or sent less than announced); nothing was stored")]
    public static partial void AttachmentIncomplete(ILogger logger, string complaintId);

    [LoggerMessage(1306, LogLevel.Information, "Attachments of {ComplaintId} erased at the end of their retention: {Recorded} recorded, {Deleted} blobs deleted")]
    public static partial void AttachmentsErased(ILogger logger, string complaintId, int recorded, int deleted);
}
