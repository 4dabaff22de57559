using Azure;
using Azure.Storage.Queues;

namespace Complaints.Storage.Gateway;

/// <summary>
/// <see cref="IQueueGateway"/> on Azure.Storage.Queues. The service client must be created with
/// <see cref="CreateClientOptions"/> (Base64 bodies, as the Functions queue trigger expects by default).
/// </summary>
public sealed class AzureQueueGateway : IQueueGateway
{
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    // Put Message: messagettl=-1 means the message never expires (service version 2017-07-29 and later).
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueServiceClient _service;

    public AzureQueueGateway(QueueServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
    }

    /// <summary>Client options every queue client of this gateway uses: Base64 message bodies.</summary>
    public static QueueClientOptions CreateClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public async Task EnsureQueueAsync(string queue, CancellationToken cancellationToken) =>
        await _service.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task SendAsync(
        string queue, string body, TimeSpan? initialVisibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (initialVisibilityDelay is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(initialVisibilityDelay));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, MaxVisibility, nameof(initialVisibilityDelay));
        }

        await _service.GetQueueClient(queue)
            .SendMessageAsync(body, initialVisibilityDelay, NeverExpires, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);

        var response = await _service.GetQueueClient(queue)
            .ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken)
            .ConfigureAwait(false);

        return response.Value
            .Select(m => new QueueMessage(m.MessageId, m.PopReceipt, m.MessageText, m.DequeueCount, m.InsertedOn))
            .ToList();
    }

    public async Task<bool> DeleteAsync(
        string queue, string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await _service.GetQueueClient(queue)
                .DeleteMessageAsync(messageId, popReceipt, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (IsGoneOrStale(ex))
        {
            return false;
        }
    }

    public async Task<string?> UpdateVisibilityAsync(
        string queue, string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visibilityTimeout, MaxVisibility);
        try
        {
            // messageText null leaves the body as it is; only the visibility changes.
            var response = await _service.GetQueueClient(queue)
                .UpdateMessageAsync(messageId, popReceipt, messageText: null, visibilityTimeout, cancellationToken)
                .ConfigureAwait(false);
            return response.Value.PopReceipt;
        }
        catch (RequestFailedException ex) when (IsGoneOrStale(ex))
        {
            return null;
        }
    }

    public async Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken)
    {
        var response = await _service.GetQueueClient(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return response.Value.ApproximateMessagesCount;
    }

    // A deleted message answers 404 (MessageNotFound); a pop receipt that no longer matches may answer 404 or
    // 400 PopReceiptMismatch, so both mean "gone or stale".
    private static bool IsGoneOrStale(RequestFailedException ex) =>
        ex.Status == 404 || (ex.Status == 400 && ex.ErrorCode == "PopReceiptMismatch");
}
