using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The payouts stage. The ledger row is keyed by the payout id, so however often the message is delivered,
/// concurrently or not, exactly one payout is recorded; then the complaint is told the payout settled.
/// </summary>
public sealed class PayoutHandler(IComplaintStore complaints, IPayoutLedger ledger, TimeProvider clock, ILogger<PayoutHandler> logger)
{
    /// <summary>A message on <c>payouts</c>.</summary>
    public Task HandleAsync(QueueMessageBody message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return HandleAsync(new ComplaintId(message.ComplaintId), message.PayoutId ?? throw new FormatException("The payout message names no payout."), cancellationToken);
    }

    public async Task HandleAsync(ComplaintId id, string payoutId, CancellationToken cancellationToken)
    {
        var stored = await complaints.GetAsync(id, cancellationToken);
        if (stored?.State.Payout is not { } payout || payout.PayoutId != payoutId)
        {
            Log.PayoutNotDue(logger, id.Value, payoutId);
            return;
        }

        if (payout.SettledAt is null)
        {
            var first = await ledger.TryRecordAsync(new PayoutEntry(payoutId, id, payout.Venue, payout.Amount, clock.GetUtcNow()), cancellationToken);
            Log.PayoutRecorded(logger, payoutId, id.Value, first);
            await complaints.ExecuteAsync(id, new ComplaintCommand.SettlePayout(payoutId, Actor.System.Instance, clock.GetUtcNow()), cancellationToken);
        }
    }
}
