using System.Security.Cryptography;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The disclosures stage: builds the redacted public record of a closed complaint under a random public id,
/// stores it, then records the draft on the complaint. The record is stored first, so whenever the complaint
/// names a disclosure id its record exists; a retry finds the id already recorded and reuses it.
/// </summary>
public sealed class DisclosureDraftHandler(
    IComplaintStore complaints,
    IContactStore contacts,
    IDisclosureStore disclosures,
    TimeProvider clock,
    ILogger<DisclosureDraftHandler> logger)
{
    /// <summary>A message on <c>disclosures</c>.</summary>
    public Task HandleAsync(QueueMessageBody message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return HandleAsync(new ComplaintId(message.ComplaintId), cancellationToken);
    }

    public async Task HandleAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var stored = await complaints.GetAsync(id, cancellationToken);
        if (stored is null || !stored.State.IsTerminal)
        {
            Log.DisclosureTooEarly(logger, id.Value);
            return;
        }

        var state = stored.State;
        var disclosureId = state.DisclosureId ?? NewPublicId();
        if (await disclosures.GetAsync(disclosureId, cancellationToken) is null)
        {
            var content = await complaints.GetContentAsync(id, cancellationToken);
            var contact = await contacts.GetAsync(id, cancellationToken);
            var record = DisclosureBuilder.Build(state, disclosureId, content?.Description, contact);
            await disclosures.PutAsync(new StoredDisclosure(record, id), cancellationToken);
        }

        if (state.DisclosureId is null)
        {
            await complaints.ExecuteAsync(id, new ComplaintCommand.DraftDisclosure(disclosureId, Actor.System.Instance, clock.GetUtcNow()), cancellationToken);
        }

        Log.DisclosureDrafted(logger, id.Value);
    }

    /// <summary>128 random bits: nothing about the complaint can be derived from it.</summary>
    public static string NewPublicId() => "d" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
