using System.Text.Json;
using Complaints.Core;

namespace Complaints.Storage;

/// <summary>
/// What travels on the queues: ids and kinds only, never content or contact details. An intake doorbell names
/// shards of the intake table instead of a complaint (its <see cref="ComplaintId"/> is empty); a per-complaint intake
/// message (written by the outbox before the intake table existed) is still read and starts that workflow.
/// </summary>
public sealed record QueueMessageBody(
    string ComplaintId,
    string? Kind = null,
    long? Version = null,
    bool AfterDraft = false,
    string? PayoutId = null,
    IReadOnlyList<string>? Shards = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsIntakeDoorbell => Kind == QueueMessages.IntakeKind && Shards is { Count: > 0 };
}

public static class QueueMessages
{
    public const string ChangedKind = "changed";
    public const string IntakeKind = "intake";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    /// <summary>Filings wait in these shards of the intake table.</summary>
    public static string IntakeShards(IReadOnlyList<string> shards) => Write(new QueueMessageBody(string.Empty, IntakeKind, Shards: shards));

    /// <summary>
    /// The complaint recorded events up to <paramref name="version"/>; <paramref name="afterDraft"/> when its disclosure
    /// was already drafted (the orchestration may have ended, see the events stage).
    /// </summary>
    public static string Changed(ComplaintId id, long version, bool afterDraft) =>
        Write(new QueueMessageBody(id.Value, ChangedKind, version, afterDraft));

    public static string Payout(ComplaintId id, string payoutId) => Write(new QueueMessageBody(id.Value, PayoutId: payoutId));

    public static string Disclosure(ComplaintId id) => Write(new QueueMessageBody(id.Value));

    /// <summary>Reads a message body; a body that is not one of ours throws <see cref="FormatException"/>.</summary>
    public static QueueMessageBody Read(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<QueueMessageBody>(body, Json);
            return message is { ComplaintId.Length: > 0 } || message?.IsIntakeDoorbell == true
                ? message!
                : throw new FormatException("The message names no complaint.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The message is not valid JSON.", e);
        }
    }

    private static string Write(QueueMessageBody body) => JsonSerializer.Serialize(body, Json);
}
