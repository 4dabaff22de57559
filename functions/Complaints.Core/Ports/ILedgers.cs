
namespace Complaints.Core.Ports;

/// <summary>A payment a venue made to a consumer.</summary>
public sealed record PayoutEntry(string PayoutId, ComplaintId Complaint, PartyId Venue, Money Amount, DateTimeOffset PaidAt);

/// <summary>The payouts ledger: the row key is the payout id, so a second insert means "already paid".</summary>
public interface IPayoutLedger
{
    /// <summary>Records the payout; <c>false</c> when it was already recorded (nothing is paid twice).</summary>
    Task<bool> TryRecordAsync(PayoutEntry entry, CancellationToken cancellationToken);

    Task<PayoutEntry?> GetAsync(PartyId venue, string payoutId, CancellationToken cancellationToken);

    /// <summary>Every payout a venue made (ledger reconciliation, tests).</summary>
    Task<IReadOnlyList<PayoutEntry>> ListAsync(PartyId venue, CancellationToken cancellationToken);
}


/// <summary>What an <c>Idempotency-Key</c> was first used for.</summary>
public sealed record IdempotencyRecord(string BodyHash, ComplaintId Complaint);

public interface IIdempotencyStore
{
    /// <summary>Claims the key for this body and complaint id, or returns what it was first claimed for.</summary>
    Task<IdempotencyRecord> ClaimAsync(string keyHash, IdempotencyRecord candidate, CancellationToken cancellationToken);
}
