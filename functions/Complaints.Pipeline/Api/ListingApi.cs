using System.Globalization;
using System.Text;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The lists behind credentials: the operator's inbox and the regulator's queues of complaints and disclosures, each
/// paged through a read-model partition with a signed cursor.
/// </summary>
public sealed class ListingApi(IReadModelStore readModels, IPartyRegistry registry, Cursors cursors, IOptions<ApiOptions> options)
{
    private const int MaxPagesPerRequest = 10;

    private int PageSize => options.Value.PageSize;

    /// <param name="caller">An operator of a merchant or venue (anyone else: 403).</param>
    /// <param name="status">Already validated: empty or <c>assigned</c>/<c>acknowledged</c>.</param>
    /// <param name="dueBefore">An ISO 8601 date and time, or empty.</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<InboxItemView>>, ValidationProblem, ProblemHttpResult>> OperatorInboxAsync(
        Caller caller, string? status, string? dueBefore, string? cursor, CancellationToken ct)
    {
        if (caller is not Caller.Operator op)
        {
            return caller is Caller.Anonymous or Caller.Invalid ? Problems.Unauthorized() : Problems.Forbidden("The inbox is for operators of merchants and venues.");
        }

        ComplaintStatus? wanted = ApiNames.TryParse<ComplaintStatus>(status, out var parsed) ? parsed : null;
        DateTimeOffset? due = null;
        if (!string.IsNullOrEmpty(dueBefore))
        {
            if (!DateTimeOffset.TryParse(dueBefore, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var before))
            {
                return Problems.Invalid("dueBefore", "must be an ISO 8601 date and time.");
            }

            due = before;
        }

        return await PageAsync(ReadModel.Inbox, op.Party.Value, cursor, row => StorageJson.Deserialize<InboxItem>(row.Json),
            item => (wanted is null || item.Status == wanted) && (due is null || item.DueAt < due),
            item => new InboxItemView(item.ComplaintId.Value, ApiNames.Status(item.Status), item.Action, item.DueAt, ApiNames.Of(item.Category), item.FiledAt), ct);
    }

    /// <param name="caller">An operator of a merchant (the claims against it) or of a venue (its claims); anyone else: 403.</param>
    /// <param name="status">Already validated: empty (open) or <c>open</c>/<c>recovered</c>/<c>partly-recovered</c>/<c>unrecovered</c>.</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<RecoveryClaimItemView>>, ValidationProblem, ProblemHttpResult>> RecoveryClaimsAsync(
        Caller caller, string? status, string? cursor, CancellationToken ct)
    {
        if (caller is not Caller.Operator op)
        {
            return caller is Caller.Anonymous or Caller.Invalid ? Problems.Unauthorized() : Problems.Forbidden("Recovery claims are listed for the operators of merchants and venues.");
        }

        var wanted = ApiNames.TryParse<RecoveryClaimState>(status, out var parsed) ? parsed : RecoveryClaimState.Open;
        return await PageAsync(ReadModel.RecoveryClaims, OperatorLists.Claims(op.Party), cursor, row => StorageJson.Deserialize<RecoveryClaimItem>(row.Json),
            item => RecoveryClaimView.StateOf(item.Result) == wanted, RecoveryClaimItemView.Of, ct);
    }

    /// <param name="caller">An operator of a venue (anyone else: 403).</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<PayoutItemView>>, ValidationProblem, ProblemHttpResult>> PayoutsAsync(Caller caller, string? cursor, CancellationToken ct)
    {
        if (caller is not Caller.Operator op || await registry.FindAsync(op.Party, ct) is not Party.Venue)
        {
            return caller is Caller.Anonymous or Caller.Invalid ? Problems.Unauthorized() : Problems.Forbidden("Payouts are listed for the operators of venues.");
        }

        return await PageAsync(ReadModel.Payouts, OperatorLists.Payouts(op.Party), cursor, row => StorageJson.Deserialize<PayoutItem>(row.Json), _ => true, PayoutItemView.Of, ct);
    }

    /// <param name="caller">A regulator (anyone else: 403).</param>
    /// <param name="status">Already validated: empty (escalated) or <c>escalated</c>/<c>in-mediation</c>.</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<RegulatorItemView>>, ValidationProblem, ProblemHttpResult>> RegulatorComplaintsAsync(
        Caller caller, string? status, string? cursor, CancellationToken ct)
    {
        if (RequireRegulator(caller) is { } problem)
        {
            return problem;
        }

        var wanted = ApiNames.TryParse<ComplaintStatus>(status, out var parsed) ? parsed : ComplaintStatus.Escalated;
        return await PageAsync(ReadModel.RegulatorQueue, ApiNames.Status(wanted), cursor, row => StorageJson.Deserialize<RegulatorQueueItem>(row.Json), _ => true,
            i => new RegulatorItemView(i.ComplaintId.Value, ApiNames.Status(i.Status), i.Reason is { } r ? ApiNames.Of(r) : null, i.MediationBy, i.Merchant.Value, i.Venue?.Value, !i.Untimely), ct);
    }

    /// <param name="caller">A regulator (anyone else: 403).</param>
    /// <param name="status">Already validated: empty (draft) or <c>draft</c>/<c>published</c>/<c>withheld</c>.</param>
    /// <param name="cursor">From the previous page, or empty.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<Results<Ok<PageView<RegulatorDisclosureView>>, ValidationProblem, ProblemHttpResult>> RegulatorDisclosuresAsync(
        Caller caller, string? status, string? cursor, CancellationToken ct)
    {
        if (RequireRegulator(caller) is { } problem)
        {
            return problem;
        }

        var wanted = ApiNames.TryParse<DisclosureStatus>(status, out var parsed) ? parsed : DisclosureStatus.Draft;
        return await PageAsync(ReadModel.Disclosures, DisclosurePartitions.Status(wanted), cursor, row => StorageJson.Deserialize<DisclosureListItem>(row.Json), _ => true,
            i => new RegulatorDisclosureView(i.Record.DisclosureId, i.ComplaintId.Value, ApiNames.Disclosure(i.Status), PublicDisclosureView.Of(i.Record)), ct);
    }

    private static ProblemHttpResult? RequireRegulator(Caller caller) => caller switch
    {
        Caller.Regulator => null,
        Caller.Anonymous or Caller.Invalid => Problems.Unauthorized(),
        _ => Problems.Forbidden("This list is for regulators."),
    };

    private async Task<Results<Ok<PageView<TView>>, ValidationProblem, ProblemHttpResult>> PageAsync<TItem, TView>(
        ReadModel model,
        string partition,
        string? encodedCursor,
        Func<ReadModelRow, TItem> read,
        Func<TItem, bool> keep,
        Func<TItem, TView> view,
        CancellationToken ct)
    {
        if (!cursors.TryDecode(encodedCursor, out var cursor))
        {
            return Problems.Invalid("cursor", "is not a cursor this API issued.");
        }

        string? continuation = null;
        if (cursor is not null)
        {
            var bar = cursor.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0 || cursor[..bar] != partition)
            {
                return Problems.Invalid("cursor", "does not belong to this list.");
            }

            continuation = cursor[(bar + 1)..];
        }

        var items = new List<TView>();
        for (var pages = 0; pages < MaxPagesPerRequest && items.Count < PageSize; pages++)
        {
            var page = await readModels.QueryAsync(model, partition, PageSize - items.Count, continuation, ct);
            items.AddRange(page.Items.Select(read).Where(keep).Select(view));
            continuation = page.Cursor;
            if (continuation is null)
            {
                break;
            }
        }

        return TypedResults.Ok(new PageView<TView>(items, continuation is null ? null : cursors.Encode(partition + "|" + continuation)));
    }
}
