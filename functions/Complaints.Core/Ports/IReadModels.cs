using Complaints.Core.Credit;
using Complaints.Core.Disclosure;

namespace Complaints.Core.Ports;

/// <summary>A page of results and the opaque cursor for the next one (<c>null</c> at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Cursor);

/// <summary>The canonical disclosure record (draft or published), with the complaint it came from (never public).</summary>
public sealed record StoredDisclosure(DisclosureRecord Record, ComplaintId Complaint);

public interface IDisclosureStore
{
    Task PutAsync(StoredDisclosure disclosure, CancellationToken cancellationToken);

    Task<StoredDisclosure?> GetAsync(string disclosureId, CancellationToken cancellationToken);
}

/// <summary>The read models the projection keeps up to date; each is a table of small rows.</summary>
public enum ReadModel
{
    /// <summary>Operator inbox: partition = party id, row = complaint id.</summary>
    Inbox,

    /// <summary>Regulator queue: partition = status, row = complaint id.</summary>
    RegulatorQueue,

    /// <summary>Disclosure lists: partition = "status-…", "month-yyyy-MM" or "merchant-…", row = disclosure id.</summary>
    Disclosures,

    /// <summary>Per-party track records: partition = party id, row = complaint id.</summary>
    TrackRecords,

    /// <summary>Recovery claims as the venue and the merchant list them: partition = party id (both), row = complaint id.</summary>
    RecoveryClaims,

    /// <summary>A venue's payouts (requested and settled): partition = venue id, row = complaint id.</summary>
    Payouts,
}

/// <summary>One read-model row, with its content as JSON.</summary>
public sealed record ReadModelRow(ReadModel Model, string Partition, string Row, string Json)
{
    public string Key => $"{Model}|{Partition}|{Row}";
}

public interface IReadModelStore
{
    Task UpsertAsync(ReadModelRow row, CancellationToken cancellationToken);

    Task DeleteAsync(ReadModel model, string partition, string row, CancellationToken cancellationToken);

    /// <summary>One page of a read-model partition, in row order.</summary>
    Task<Page<ReadModelRow>> QueryAsync(ReadModel model, string partition, int pageSize, string? cursor, CancellationToken cancellationToken);
}

/// <summary>An operator's inbox item: a complaint waiting on this party.</summary>
public sealed record InboxItem(ComplaintId ComplaintId, ComplaintStatus Status, string Action, DateTimeOffset DueAt, Category Category, DateTimeOffset FiledAt);

/// <summary>A complaint before the regulator.</summary>
public sealed record RegulatorQueueItem(ComplaintId ComplaintId, ComplaintStatus Status, EscalationReason? Reason, DateTimeOffset? MediationBy, PartyId Merchant, PartyId? Venue, bool Untimely);

/// <summary>A disclosure as the regulator lists it.</summary>
public sealed record DisclosureListItem(DisclosureRecord Record, ComplaintId ComplaintId, DisclosureStatus Status);

/// <summary>A recovery claim as its venue and its merchant list it (no consumer data: ids, amounts, dates).</summary>
public sealed record RecoveryClaimItem(
    string ClaimId,
    ComplaintId ComplaintId,
    PartyId Venue,
    PartyId Merchant,
    Money Amount,
    Money? Repaid,
    Money? PendingRepayment,
    RecoveryResult? Result,
    DateTimeOffset OpenedAt,
    DateTimeOffset RecoverBy,
    DateTimeOffset? EndedAt);

/// <summary>A payout a venue was asked to make (settled once, idempotently).</summary>
public sealed record PayoutItem(
    string PayoutId,
    ComplaintId ComplaintId,
    PartyId Venue,
    Money Amount,
    AdvanceCompensationTrigger Trigger,
    bool Statutory,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SettledAt);

/// <summary>One complaint's contribution to a party's track record.</summary>
public sealed record TrackRecordRow(TrackRecord Contribution);
