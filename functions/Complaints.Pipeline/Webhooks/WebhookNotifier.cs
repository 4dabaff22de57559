using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage.Stores;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Webhooks;

/// <summary>The event types a webhook delivery carries (<c>Complaints-Event</c> and the body's <c>event</c>).</summary>
public static class WebhookEvents
{
    /// <summary>A new complaint was assigned to the party (its first responder).</summary>
    public const string ComplaintAssigned = "complaint.assigned";

    /// <summary>The acknowledge or resolve deadline the party must meet is approaching.</summary>
    public const string DeadlineApproaching = "complaint.deadline-approaching";

    /// <summary>The complaint went to the regulator (both named parties hear of it).</summary>
    public const string ComplaintEscalated = "complaint.escalated";

    /// <summary>The venue is asked to pay the consumer first (advance compensation).</summary>
    public const string PayoutRequested = "payout.requested";

    /// <summary>A venue opened a recovery claim against the merchant.</summary>
    public const string RecoveryClaimOpened = "recovery-claim.opened";

    public static IReadOnlyList<string> All { get; } = [ComplaintAssigned, DeadlineApproaching, ComplaintEscalated, PayoutRequested, RecoveryClaimOpened];
}

/// <summary>
/// Something operators are told about, as the orchestration found it: ids, kinds and instants only (it travels in the
/// orchestration history). <paramref name="Key"/> makes it unique within its complaint (the event's version, or the
/// deadline), so that planning it again plans the same deliveries.
/// </summary>
/// <param name="Event">One of <see cref="WebhookEvents"/>.</param>
/// <param name="Key">Unique per complaint: <c>v{version}</c> for an event, <c>{deadline}@{due ticks}</c> for a deadline.</param>
/// <param name="OccurredAt">When it happened (the event's time, or the warning's).</param>
/// <param name="Party">The one party to tell, when the event names it; otherwise the complaint decides.</param>
/// <param name="Deadline">For <see cref="WebhookEvents.DeadlineApproaching"/>: acknowledge or resolve.</param>
/// <param name="DueAt">The deadline's due time.</param>
/// <param name="PayoutId">For <see cref="WebhookEvents.PayoutRequested"/>.</param>
/// <param name="ClaimId">For <see cref="WebhookEvents.RecoveryClaimOpened"/>.</param>
public sealed record OperatorNotice(
    string Event,
    string Key,
    DateTimeOffset OccurredAt,
    string? Party = null,
    string? Deadline = null,
    DateTimeOffset? DueAt = null,
    string? PayoutId = null,
    string? ClaimId = null)
{
    /// <summary>The notice an event gives rise to, if any (the free text of events never matters here).</summary>
    public static OperatorNotice? For(ComplaintEvent @event, long version) => @event switch
    {
        ComplaintEvent.FirstResponderAssigned a => new(WebhookEvents.ComplaintAssigned, $"v{version}", a.At, a.Responder.Value),
        ComplaintEvent.Escalated e => new(WebhookEvents.ComplaintEscalated, $"v{version}", e.At),
        ComplaintEvent.AdvanceCompensationRequested r => new(WebhookEvents.PayoutRequested, $"v{version}", r.At, r.Venue.Value, PayoutId: r.PayoutId),
        ComplaintEvent.RecoveryClaimOpened o => new(WebhookEvents.RecoveryClaimOpened, $"v{version}", o.At, o.Merchant.Value, ClaimId: o.ClaimId),
        _ => null,
    };

    /// <summary>The warning that a deadline is approaching.</summary>
    public static OperatorNotice Approaching(DeadlineKind kind, DateTimeOffset dueAt, DateTimeOffset warnAt) =>
        new(WebhookEvents.DeadlineApproaching, $"{ApiNames.Of(kind)}@{dueAt.UtcTicks}", warnAt, Deadline: ApiNames.Of(kind), DueAt: dueAt);
}

/// <summary>One planned delivery, as the orchestration hands it to the delivery activity: the party and the delivery's key.</summary>
public sealed record WebhookDeliveryRef(string Party, string Key);

/// <summary>
/// Plans the deliveries of notices: who is told (the party the event names, the first responder for an approaching
/// acknowledge deadline, the merchant and the first responder for a resolve deadline, both named parties for an
/// escalation), and for each one with a webhook, one delivery row with its body, inserted once. Run again, it plans
/// the same deliveries (the delivery id is derived from the complaint, the notice's key and the party).
/// </summary>
public sealed partial class WebhookNotifier(IComplaintStore complaints, WebhookStore webhooks, ILogger<WebhookNotifier> logger)
{
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<IReadOnlyList<WebhookDeliveryRef>> PlanAsync(ComplaintId id, IReadOnlyList<OperatorNotice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        if (notices.Count == 0 || await complaints.GetAsync(id, cancellationToken) is not { } stored)
        {
            return [];
        }

        var registrations = new Dictionary<PartyId, WebhookRegistration?>();
        var planned = new List<WebhookDeliveryRef>();
        foreach (var notice in notices)
        {
            foreach (var party in Recipients(notice, stored.State).Distinct())
            {
                if (!registrations.TryGetValue(party, out var registration))
                {
                    registrations[party] = registration = await webhooks.GetRegistrationAsync(party, cancellationToken);
                }

                if (registration is null)
                {
                    continue;
                }

                var deliveryId = DeliveryIdFor(id, notice.Key, party);
                var delivery = new WebhookDelivery(party, deliveryId, id.Value, notice.Event, Body(deliveryId, id, party, notice), notice.OccurredAt);
                var first = await webhooks.AddDeliveryAsync(delivery, cancellationToken);
                LogPlanned(logger, deliveryId, notice.Event, id.Value, party.Value, first);
                planned.Add(new WebhookDeliveryRef(party.Value, delivery.Key));
            }
        }

        return planned;
    }

    /// <summary>Stable across retries and replays: the same complaint, notice and party give the same id.</summary>
    public static string DeliveryIdFor(ComplaintId id, string noticeKey, PartyId party) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id.Value}\n{noticeKey}\n{party.Value}")))[..32];

    private static IEnumerable<PartyId> Recipients(OperatorNotice notice, Complaint state)
    {
        if (notice.Party is { } named)
        {
            yield return new PartyId(named);
            yield break;
        }

        switch (notice.Event)
        {
            case WebhookEvents.DeadlineApproaching when notice.Deadline == ApiNames.Of(DeadlineKind.Acknowledge):
                if (state.FirstResponder is { } responder)
                {
                    yield return responder;
                }

                break;
            case WebhookEvents.DeadlineApproaching:
                yield return state.Merchant.Id;
                if (state.FirstResponder is { } first)
                {
                    yield return first;
                }

                break;
            case WebhookEvents.ComplaintEscalated:
                foreach (var party in state.NamedParties)
                {
                    yield return party;
                }

                break;
        }
    }

    /// <summary>The body: ids, the event type, instants. Nothing a person wrote, no contact details, no amounts.</summary>
    private static string Body(string deliveryId, ComplaintId id, PartyId party, OperatorNotice notice) =>
        JsonSerializer.Serialize(new WebhookBody(deliveryId, notice.Event, notice.OccurredAt, party.Value, id.Value, notice.Deadline, notice.DueAt, notice.PayoutId, notice.ClaimId), BodyJson);

    [LoggerMessage(3201, LogLevel.Information, "Webhook delivery {DeliveryId} ({Event}) of {ComplaintId} planned for {PartyId} (first time: {First})")]
    private static partial void LogPlanned(ILogger logger, string deliveryId, string @event, string complaintId, string partyId, bool first);
}

/// <summary>What a receiver gets, as JSON (camelCase; absent fields left out).</summary>
public sealed record WebhookBody(
    string DeliveryId,
    string Event,
    DateTimeOffset OccurredAt,
    string PartyId,
    string ComplaintId,
    string? Deadline = null,
    DateTimeOffset? DueAt = null,
    string? PayoutId = null,
    string? ClaimId = null);
