using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Workers;

/// <summary>
/// Deletes attachment blobs that no event records: an upload writes its blob first and its event second, and a crash
/// (or a storage fault the API's own clean-up could not get past) between the two leaves a blob the complaint never
/// mentions. Every <see cref="AttachmentOptions.SweepInterval"/> it lists the blobs not yet marked recorded and older
/// than <see cref="AttachmentOptions.OrphanAge"/>, reads each one's complaint events, marks the blob recorded when
/// an <see cref="ComplaintEvent.AttachmentAdded"/> names it (its mark was lost), and deletes it when none does.
/// Then the retention: for each complaint that holds blobs it reads the complaint's state once, and when the complaint
/// ended (closed or withdrawn) longer than <see cref="AttachmentOptions.RetainAfterEnd"/> ago it records
/// <see cref="ComplaintEvent.AttachmentsErased"/> through the decider first and deletes every blob of the complaint
/// second: a sweep that stops between the two leaves an erased complaint with blobs, which the next sweep deletes
/// (downloads already answer 410 from the state), never deleted blobs the timeline does not account for.
/// Idempotent: two sweeps at once delete nothing the other would keep. The local host runs it as a hosted service,
/// the Functions app from a timer trigger.
/// </summary>
public sealed class AttachmentSweeper(
    IAttachmentStore blobs,
    IComplaintStore complaints,
    IOptions<AttachmentOptions> options,
    TimeProvider clock,
    ILogger<AttachmentSweeper> logger)
    : PeriodicSweep(clock)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task SweepAsync(CancellationToken cancellationToken) => SweepOnceAsync(cancellationToken);

    /// <summary>One sweep: the orphans, then the retention; returns how many blobs it deleted.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = await SweepOrphansAsync(cancellationToken);
        return deleted + await SweepRetentionAsync(cancellationToken);
    }

    private async Task<int> SweepOrphansAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            var before = Clock.GetUtcNow() - options.Value.OrphanAge;
            await foreach (var blob in blobs.ListUnrecordedAsync(before, cancellationToken))
            {
                var events = await complaints.GetEventsAsync(blob.Complaint, 0, cancellationToken);
                if (events.Any(e => e.Event is ComplaintEvent.AttachmentAdded a && a.AttachmentId == blob.AttachmentId))
                {
                    await blobs.MarkRecordedAsync(blob.Complaint, blob.AttachmentId, cancellationToken);
                }
                else if (await blobs.DeleteAsync(blob.Complaint, blob.AttachmentId, cancellationToken))
                {
                    deleted++;
                    Log.AttachmentOrphanDeleted(logger, blob.Complaint.Value, blob.AttachmentId);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not a failed sweep.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.AttachmentSweepFailed(logger, e);
        }

        return deleted;
    }

    /// <summary>Erases the attachments of every complaint that ended longer than the retention ago; returns how many blobs went.</summary>
    private async Task<int> SweepRetentionAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            var retain = options.Value.RetainAfterEnd;
            await foreach (var id in blobs.ListComplaintsAsync(cancellationToken))
            {
                var stored = await complaints.GetAsync(id, cancellationToken);
                var now = Clock.GetUtcNow();
                if (stored?.State is not { ClosedAt: { } endedAt } state || !state.IsTerminal || now < endedAt + retain)
                {
                    continue;
                }

                var count = state.Attachments;
                if (state.AttachmentsErasedAt is null && state.Attachments > 0)
                {
                    var outcome = await complaints.ExecuteAsync(stored, new ComplaintCommand.EraseAttachments(retain, Actor.System.Instance, now), cancellationToken);
                    count = outcome.NewEvents.OfType<ComplaintEvent.AttachmentsErased>().SingleOrDefault()?.Count ?? count;
                }

                var gone = await blobs.DeleteAllAsync(id, cancellationToken);
                deleted += gone;
                Log.AttachmentsErased(logger, id.Value, count, gone);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not a failed sweep.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.AttachmentSweepFailed(logger, e);
        }

        return deleted;
    }
}
