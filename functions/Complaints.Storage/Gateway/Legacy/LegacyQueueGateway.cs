using Microsoft.WindowsAzure.Storage;
using Microsoft.WindowsAzure.Storage.Queue;

namespace Complaints.Storage.Gateway.Legacy;

/// <summary>
/// <see cref="IQueueGateway"/> on the legacy WindowsAzure.Storage SDK (works against Azure Storage and Azurite).
/// Bodies are Base64-encoded on the wire, as the Azure Functions queue trigger expects, and messages never expire.
/// </summary>
public sealed class LegacyQueueGateway : IQueueGateway
{
    /// <summary>The longest initial visibility delay the service accepts.</summary>
    public static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    /// <summary>The REST API's <c>messagettl=-1</c>: the message never expires.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly CloudQueueClient client;

    public LegacyQueueGateway(string connectionString)
        : this(CloudStorageAccount.Parse(connectionString).CreateCloudQueueClient())
    {
    }

    public LegacyQueueGateway(CloudQueueClient client) => this.client = client;

    public async Task EnsureQueueAsync(string queue, CancellationToken cancellationToken) =>
        await Queue(queue).CreateIfNotExistsAsync(null, null, cancellationToken);

    public async Task SendAsync(string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        if (initialVisibilityDelay is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(initialVisibilityDelay));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, MaxVisibilityDelay, nameof(initialVisibilityDelay));
        }

        await Queue(queue).AddMessageAsync(
            new CloudQueueMessage(body), NeverExpires, initialVisibilityDelay, null, null, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        string queue,
        int maxMessages,
        TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, CloudQueueMessage.MaxNumberOfMessagesToPeek);

        var messages = await Queue(queue).GetMessagesAsync(maxMessages, visibilityTimeout, null, null, cancellationToken);
        return [.. messages.Select(m => new QueueMessage(m.Id, m.PopReceipt, m.AsString, m.DequeueCount, m.InsertionTime))];
    }

    public async Task<bool> DeleteAsync(string queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await Queue(queue).DeleteMessageAsync(messageId, popReceipt, null, null, cancellationToken);
            return true;
        }
        catch (StorageException e) when (IsGoneOrStale(e))
        {
            return false;
        }
    }

    public async Task<string?> UpdateVisibilityAsync(
        string queue,
        string messageId,
        string popReceipt,
        TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        var message = new CloudQueueMessage(messageId, popReceipt);
        try
        {
            await Queue(queue).UpdateMessageAsync(
                message, visibilityTimeout, MessageUpdateFields.Visibility, null, null, cancellationToken);
            return message.PopReceipt;
        }
        catch (StorageException e) when (IsGoneOrStale(e))
        {
            return null;
        }
    }

    public async Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken)
    {
        var reference = Queue(queue);
        await reference.FetchAttributesAsync(null, null, cancellationToken);
        return reference.ApproximateMessageCount ?? 0;
    }

    private CloudQueue Queue(string name)
    {
        var queue = client.GetQueueReference(name);
        queue.EncodeMessage = true;
        return queue;
    }

    /// <summary>404: the message is gone (or, on Azure, the pop receipt no longer matches); 400 PopReceiptMismatch: stale receipt.</summary>
    private static bool IsGoneOrStale(StorageException e) =>
        e.RequestInformation?.HttpStatusCode == 404
        || (e.RequestInformation?.HttpStatusCode == 400
            && e.RequestInformation.ExtendedErrorInformation?.ErrorCode == "PopReceiptMismatch");
}
