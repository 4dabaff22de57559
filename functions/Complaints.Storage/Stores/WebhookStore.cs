using System.Globalization;
using Complaints.Core;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>
/// An operator's webhook: where its party is notified, and the secret deliveries are signed with. The secret is stored
/// as it is (a signature needs it; a hash would not do): see docs/adr/0011 for where a deployment keeps it instead.
/// </summary>
/// <param name="Party">The merchant or venue it belongs to (one registration per party).</param>
/// <param name="RegistrationId">Random; a new registration (a new secret) gets a new one.</param>
/// <param name="Url">An absolute https URL (http to loopback in Development only), checked when it was registered.</param>
/// <param name="Secret">The signing secret, shown to the operator once, when it registered.</param>
/// <param name="RegisteredAt">When.</param>
public sealed record WebhookRegistration(PartyId Party, string RegistrationId, Uri Url, string Secret, DateTimeOffset RegisteredAt);

/// <summary>Where one delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet: attempts go on.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: the retries ran out, or the endpoint's address was refused.</summary>
    Failed,

    /// <summary>The party removed its registration before the delivery got through.</summary>
    Cancelled,
}

/// <summary>
/// One notification to one party, and what became of it. <see cref="Body"/> is fixed when the delivery is planned, so
/// every attempt sends the same bytes with the same <see cref="DeliveryId"/> (the receiver's idempotency key); only the
/// signature's timestamp changes. It carries ids and event types only.
/// </summary>
public sealed record WebhookDelivery(
    PartyId Party,
    string DeliveryId,
    string ComplaintId,
    string Event,
    string Body,
    DateTimeOffset CreatedAt,
    WebhookDeliveryStatus Status = WebhookDeliveryStatus.Pending,
    int Attempts = 0,
    DateTimeOffset? LastAttemptAt = null,
    string? LastError = null,
    int? LastStatusCode = null,
    DateTimeOffset? DeliveredAt = null,
    string? ETag = null)
{
    /// <summary>The delivery's key in its party's partition: newest first (inverted ticks of <see cref="CreatedAt"/>), then the id.</summary>
    public string Key => KeyOf(CreatedAt, DeliveryId);

    public static string KeyOf(DateTimeOffset createdAt, string deliveryId) =>
        (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + deliveryId;
}

/// <summary>
/// Webhook registrations and deliveries: table <c>webhooks</c>, partition = the party, one row <c>registration</c> and
/// one row per delivery (<c>delivery|{key}</c>, newest first). A delivery is inserted once (a planning activity run
/// again finds it there) and updated under its ETag.
/// </summary>
public sealed class WebhookStore(ITableGateway tables, StorageNames names)
{
    private const string RegistrationRow = "registration";
    private const string DeliveryPrefix = "delivery|";

    public async Task<WebhookRegistration?> GetRegistrationAsync(PartyId party, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.WebhooksTable, party.Value, RegistrationRow, cancellationToken);
        return row is null
            ? null
            : new WebhookRegistration(
                party,
                row.GetString("RegistrationId")!,
                new Uri(row.GetString("Url")!, UriKind.Absolute),
                row.GetString("Secret")!,
                row.Get<DateTimeOffset>("RegisteredAt"));
    }

    /// <summary>Stores the party's registration, replacing any earlier one (and its secret).</summary>
    public Task PutRegistrationAsync(WebhookRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return tables.SubmitTransactionAsync(names.WebhooksTable, [new TableOperation.Upsert(new TableRow(registration.Party.Value, RegistrationRow, new Dictionary<string, object?>
        {
            ["RegistrationId"] = registration.RegistrationId,
            ["Url"] = registration.Url.AbsoluteUri,
            ["Secret"] = registration.Secret,
            ["RegisteredAt"] = registration.RegisteredAt,
        }))], cancellationToken);
    }

    /// <summary>Removes the party's registration; <c>false</c> when it had none.</summary>
    public async Task<bool> DeleteRegistrationAsync(PartyId party, CancellationToken cancellationToken)
    {
        try
        {
            await tables.SubmitTransactionAsync(names.WebhooksTable, [new TableOperation.Delete(party.Value, RegistrationRow, "*")], cancellationToken);
            return true;
        }
        catch (StorageConflictException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Records a planned delivery; <c>false</c> (and nothing changes) when it was recorded before.</summary>
    public Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return tables.InsertIfAbsentAsync(names.WebhooksTable, ToRow(delivery), cancellationToken);
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(PartyId party, string key, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.WebhooksTable, party.Value, DeliveryPrefix + key, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Writes the delivery over the version it was read as; <c>false</c> when it changed meanwhile.</summary>
    public async Task<bool> TryUpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            await tables.SubmitTransactionAsync(names.WebhooksTable, [new TableOperation.Replace(ToRow(delivery), delivery.ETag ?? "*")], cancellationToken);
            return true;
        }
        catch (StorageConflictException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>One page of the party's deliveries, newest first.</summary>
    public async Task<(IReadOnlyList<WebhookDelivery> Items, string? Continuation)> ListDeliveriesAsync(
        PartyId party, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartitionAsync(names.WebhooksTable, party.Value, RowKeyRange.Prefix(DeliveryPrefix), pageSize, continuation, cancellationToken);
        return ([.. page.Rows.Select(FromRow)], page.ContinuationToken);
    }

    private static TableRow ToRow(WebhookDelivery d) => new(d.Party.Value, DeliveryPrefix + d.Key, new Dictionary<string, object?>
    {
        ["DeliveryId"] = d.DeliveryId,
        ["ComplaintId"] = d.ComplaintId,
        ["Event"] = d.Event,
        ["Body"] = d.Body,
        ["CreatedAt"] = d.CreatedAt,
        ["Status"] = d.Status.ToString(),
        ["Attempts"] = d.Attempts,
        ["LastAttemptAt"] = d.LastAttemptAt,
        ["LastError"] = d.LastError,
        ["LastStatusCode"] = d.LastStatusCode,
        ["DeliveredAt"] = d.DeliveredAt,
    });

    private static WebhookDelivery FromRow(TableRow row) => new(
        new PartyId(row.PartitionKey),
        row.GetString("DeliveryId")!,
        row.GetString("ComplaintId")!,
        row.GetString("Event")!,
        row.GetString("Body")!,
        row.Get<DateTimeOffset>("CreatedAt"),
        Enum.Parse<WebhookDeliveryStatus>(row.GetString("Status")!),
        row.Get<int>("Attempts"),
        row.Get<DateTimeOffset?>("LastAttemptAt"),
        row.GetString("LastError"),
        row.Get<int?>("LastStatusCode"),
        row.Get<DateTimeOffset?>("DeliveredAt"),
        row.ETag);
}
