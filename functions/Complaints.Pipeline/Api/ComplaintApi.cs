using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Filing, reading a complaint and the commands on it, behind the endpoints of every audience (the request is bound
/// and validated by then, the caller resolved). The decider has the last word on every command.
/// </summary>
public sealed partial class ComplaintApi(
    IComplaintStore complaints,
    IContactStore contacts,
    IPartyRegistry registry,
    IIdempotencyStore idempotency,
    TrackingTokens tokens,
    TimeProvider clock,
    ILogger<ComplaintApi> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [GeneratedRegex("^c[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ComplaintIdPattern();

    /// <summary>Files a complaint. With an <c>Idempotency-Key</c>, the same filing (compared as the values it holds, not
    /// the bytes that carried them) returns the same complaint and token; a different one with the key is a 409.</summary>
    public async Task<Results<Created<FiledView>, ValidationProblem, ProblemHttpResult>> FileAsync(FileComplaintRequest body, string? idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var merchant = await registry.FindAsync(new PartyId(body.MerchantId.Trim()), ct) as Party.Merchant;
        if (merchant is null)
        {
            errors["merchantId"] = ["is not a registered merchant."];
        }

        var venueId = TextRules.Present(body.VenueId);
        var venue = venueId is null ? null : await registry.FindAsync(new PartyId(venueId), ct) as Party.Venue;
        if (venueId is not null && venue is null)
        {
            errors["venueId"] = ["is not a registered venue."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var claim = body.AmountClaimed.ToMoney();
        var content = body.ToContent();
        var contact = body.Consumer.ToContact();

        // Idempotency: the same key and filing resolve to the same complaint id (and so the same derived token).
        ComplaintId id;
        string token;
        if (idempotencyKey is not null)
        {
            if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 128 || TextRules.FindForbidden(idempotencyKey, multiline: false) is not null)
            {
                return Problems.Invalid(IdempotencyKeyHeader, "must be 1 to 128 printable characters.");
            }

            var proposed = NewComplaintId();
            var hash = FilingHash(merchant!, venue, body.Category!.Value, claim, content, contact, body.ConsentToPublishNarrative);
            var claimed = await idempotency.ClaimAsync(TrackingTokens.Hash("idempotency:" + idempotencyKey), new IdempotencyRecord(hash, proposed), ct);
            if (claimed.BodyHash != hash)
            {
                return Problems.IdempotencyConflict();
            }

            id = claimed.Complaint;
            token = tokens.DeriveFor(id);
            if (id != proposed && await complaints.GetAsync(id, ct) is { } earlier)
            {
                // A retry of a filing that was stored: the same answer, with the complaint's status now.
                return Filed(id, token, earlier.State.Status);
            }
        }
        else
        {
            id = NewComplaintId();
            token = TrackingTokens.NewRandom();
        }

        var command = new ComplaintCommand.FileComplaint(id, merchant!, venue, body.Category!.Value, claim, body.ConsentToPublishNarrative, new Actor.Consumer(id), clock.GetUtcNow());
        try
        {
            var outcome = await complaints.FileAsync(command, content, contact, TrackingTokens.Hash(token), ct);
            if (outcome.NewEvents.Count > 0)
            {
                Log.Filed(logger, id.Value);
            }

            return Filed(id, token, outcome.State.Status);
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation<Created<FiledView>>(e);
        }
    }

    private static Created<FiledView> Filed(ComplaintId id, string token, ComplaintStatus status)
    {
        var location = $"/api/complaints/{id.Value}";
        return TypedResults.Created(location, new FiledView(id.Value, token, ApiNames.Status(status), new LinksView(location)));
    }

    /// <summary>
    /// Reads a complaint as the caller may see it. The regulator may ask for the orchestration's audit trail
    /// (<c>include=workflow</c>), which costs engine reads.
    /// </summary>
    public async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(string id, Caller caller, string? include, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var access = await OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var workflow = access.Audience == ComplaintViews.Audience.Regulator && IncludesWorkflow(include)
            ? await WorkflowViewAsync(context, access.Complaint!.State.Id, ct)
            : null;
        return TypedResults.Ok(await ViewAsync(access, ct, workflow));
    }

    private static bool IncludesWorkflow(string? include) =>
        include is not null && include.Split(',').Any(p => string.Equals(p.Trim(), "workflow", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The orchestration's status and history for the regulator. The Functions app hands its per-invocation Durable
    /// client in as a request feature; the local host registers its client in the container.
    /// </summary>
    private static async Task<WorkflowView?> WorkflowViewAsync(HttpContext context, ComplaintId id, CancellationToken ct)
    {
        var workflows = context.Features.Get<IComplaintWorkflows>() ?? context.RequestServices.GetService<IComplaintWorkflows>();
        if (workflows is null || await workflows.GetAsync(id, ct) is not { } instance)
        {
            return null;
        }

        var history = await workflows.GetHistoryAsync(id, ct);
        return new WorkflowView(
            ApiNames.Of(instance.Status),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.Progress is { } p ? new WorkflowProgressView(p.LastVersion, p.WaitingFor is null ? null : JsonNamingPolicy.KebabCaseLower.ConvertName(p.WaitingFor), p.DueAt, p.Generation) : null,
            history?.Select(h => new WorkflowHistoryView(h.At, JsonNamingPolicy.KebabCaseLower.ConvertName(h.Kind), h.Name)).ToList());
    }

    /// <summary>
    /// Runs a command on a complaint the caller can open (401 and 404 as <see cref="OpenAsync"/> says) and answers with
    /// the complaint as the caller may now see it; the decider's refusal is a 403, 409 or 400.
    /// </summary>
    public async Task<Results<Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        string id,
        Caller caller,
        Func<Actor, DateTimeOffset, ComplaintCommand> command,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var access = await OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        try
        {
            var outcome = await complaints.ExecuteAsync(access.Complaint!, command(access.Actor!, clock.GetUtcNow()), ct);
            return TypedResults.Ok(await ViewAsync(access with { Complaint = access.Complaint! with { State = outcome.State } }, ct));
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation<Ok<ComplaintView>>(e);
        }
    }

    // ---- plumbing ----

    internal sealed record Access(StoredComplaint? Complaint, Actor? Actor, ComplaintViews.Audience Audience, ProblemHttpResult? Problem);

    /// <summary>
    /// Resolves the complaint for the caller. No credentials or bad credentials: 401. A complaint that does not
    /// exist, or that the credential does not open (another complaint's token, a party it does not name): 404.
    /// </summary>
    internal async Task<Access> OpenAsync(Caller caller, string id, CancellationToken ct)
    {
        if (caller is Caller.Anonymous or Caller.Invalid)
        {
            return new Access(null, null, default, Problems.Unauthorized());
        }

        if (!ComplaintIdPattern().IsMatch(id ?? string.Empty))
        {
            return new Access(null, null, default, Problems.NotFound());
        }

        var complaintId = new ComplaintId(id!);
        var stored = await complaints.GetAsync(complaintId, ct);
        if (stored is null)
        {
            return new Access(null, null, default, Problems.NotFound());
        }

        return caller switch
        {
            Caller.TokenHolder t when TrackingTokens.Matches(t.Token, stored.TrackingTokenHash) =>
                new Access(stored, new Actor.Consumer(complaintId), ComplaintViews.Audience.Consumer, null),
            Caller.Operator o when stored.State.NamedParties.Contains(o.Party) =>
                new Access(stored, new Actor.Operator(o.Party), ComplaintViews.Audience.Operator, null),
            Caller.Regulator r => new Access(stored, new Actor.Regulator(r.Party), ComplaintViews.Audience.Regulator, null),
            _ => new Access(null, null, default, Problems.NotFound()),
        };
    }

    private async Task<ComplaintView> ViewAsync(Access access, CancellationToken ct, WorkflowView? workflow = null)
    {
        // The view is folded from the events it lists, so status and timeline always agree.
        var id = access.Complaint!.State.Id;
        var events = await complaints.GetEventsAsync(id, 0, ct);
        var content = await complaints.GetContentAsync(id, ct);
        var contact = access.Audience == ComplaintViews.Audience.Consumer ? null : await contacts.GetAsync(id, ct);
        var state = Complaint.Replay(events.Select(e => e.Event));
        return ComplaintViews.Of(state, events, access.Audience, content, contact) with { Workflow = workflow };
    }

    private static ComplaintId NewComplaintId() => new("c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>
    /// The filing as values: what it would store, normalized as it would be stored, in a fixed order. Reordered keys,
    /// <c>20.0</c> for <c>20</c>, <c>cny</c> for <c>CNY</c> or white space around a value make the same filing.
    /// </summary>
    private static string FilingHash(Party.Merchant merchant, Party.Venue? venue, Category category, Money claim, ComplaintContent content, ConsumerContact contact, bool consent) =>
        TrackingTokens.Hash(JsonSerializer.Serialize(new object?[]
        {
            merchant.Id.Value, venue?.Id.Value, ApiNames.Of(category),
            claim.Amount.ToString("0.############################", CultureInfo.InvariantCulture), claim.Currency,
            content.Description, content.OrderReference, content.OccurredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            contact.Name, contact.Phone, contact.Email, consent,
        }));
}
