using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The complaint routes, host-neutral: each takes the <see cref="HttpContext"/> (and route values) and returns an
/// <see cref="IResult"/>. The local host maps them as minimal APIs; the Functions app calls them from HTTP triggers.
/// </summary>
public sealed partial class ComplaintApi(
    IComplaintStore complaints,
    IContactStore contacts,
    IPartyRegistry registry,
    IIdempotencyStore idempotency,
    CallerResolver callers,
    TrackingTokens tokens,
    IOptions<ApiOptions> options,
    TimeProvider clock,
    ILogger<ComplaintApi> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxDescription = DisclosureBuilder.MaxNarrativeLength;

    [GeneratedRegex("^c[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ComplaintIdPattern();

    private ApiOptions Options => options.Value;

    // ---- consumers ----

    public async Task<IResult> FileAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var (body, problem) = await RequestBody.ReadAsync(context.Request, Options.MaxBodyBytes, required: true, ct);
        if (problem is not null)
        {
            return problem;
        }

        var fields = new FieldReader(body);
        var consumer = fields.Nested("consumer", required: true);
        var name = consumer.String("name", required: true, 100);
        var phone = consumer.String("phone", required: false, 32);
        var email = consumer.String("email", required: false, 254);
        if (phone is not null && !ContactDetails.TryNormalizePhone(phone, out phone))
        {
            consumer.Fail("phone", "must be a phone number: 5 to 15 digits in groups, with spaces, dashes, dots, slashes or brackets between them and an optional leading +.");
        }

        if (email is not null && !ContactDetails.TryNormalizeEmail(email, out email))
        {
            consumer.Fail("email", "must be an e-mail address.");
        }

        if (name is not null && phone is null && email is null && consumer.IsValid)
        {
            consumer.Fail("phone", "give at least one contact: phone or email.");
        }

        fields.Absorb(consumer);
        var merchantId = fields.String("merchantId", required: true, 64);
        var venueId = fields.String("venueId", required: false, 64);
        var category = fields.Enum<Category>("category", required: true);
        var description = fields.String("description", required: true, MaxDescription, multiline: true);
        var claim = fields.Money("amountClaimed", required: true);
        var orderReference = fields.String("orderReference", required: false, 100);
        var occurredOn = fields.Date("occurredOn");
        var consent = fields.Bool("consentToPublishNarrative", required: false) ?? false;
        if (occurredOn is { } on && on > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1)))
        {
            fields.Fail("occurredOn", "must not be in the future.");
        }

        var merchant = merchantId is null ? null : await registry.FindAsync(new PartyId(merchantId), ct) as Party.Merchant;
        if (merchantId is not null && merchant is null)
        {
            fields.Fail("merchantId", "is not a registered merchant.");
        }

        var venue = venueId is null ? null : await registry.FindAsync(new PartyId(venueId), ct) as Party.Venue;
        if (venueId is not null && venue is null)
        {
            fields.Fail("venueId", "is not a registered venue.");
        }

        if (!fields.IsValid)
        {
            return Problems.Invalid(fields.Errors);
        }

        // Idempotency: the same key and body resolve to the same complaint id (and so the same derived token).
        ComplaintId id;
        string token;
        if (context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            var key = keyValues.Count == 1 ? keyValues[0] : null;
            if (string.IsNullOrWhiteSpace(key) || key.Length > 128 || TextRules.FindForbidden(key, multiline: false) is not null)
            {
                return Problems.Invalid(IdempotencyKeyHeader, "must be 1 to 128 printable characters.");
            }

            var proposed = NewComplaintId();
            var claimed = await idempotency.ClaimAsync(
                TrackingTokens.Hash("idempotency:" + key),
                new IdempotencyRecord(BodyHash(body!.Value), proposed),
                ct);
            if (claimed.BodyHash != BodyHash(body.Value))
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

        var now = clock.GetUtcNow();
        var command = new ComplaintCommand.FileComplaint(id, merchant!, venue, category!.Value, claim!, consent, new Actor.Consumer(id), now);
        try
        {
            var outcome = await complaints.FileAsync(
                command, new ComplaintContent(description!, orderReference, occurredOn), new ConsumerContact(name!, phone, email), TrackingTokens.Hash(token), ct);
            if (outcome.NewEvents.Count > 0)
            {
                Log.Filed(logger, id.Value);
            }

            return Filed(id, token, outcome.State.Status);
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation(e);
        }
    }

    private static IResult Filed(ComplaintId id, string token, ComplaintStatus status)
    {
        var location = $"/api/complaints/{id.Value}";
        return Results.Json(new FiledView(id.Value, token, ApiNames.Status(status), new LinksView(location)), ApiJson.Options, statusCode: StatusCodes.Status201Created)
            .WithLocation(location);
    }

    public async Task<IResult> GetAsync(HttpContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        var access = await OpenAsync(context, id);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        // The orchestration's audit trail costs engine reads, so it is asked for: ?include=workflow (regulators only).
        var workflow = access.Audience == ComplaintViews.Audience.Regulator && IncludesWorkflow(context.Request)
            ? await WorkflowViewAsync(context, access.Complaint!.State.Id, context.RequestAborted)
            : null;
        return await ViewAsync(access, context.RequestAborted, workflow);
    }

    private static bool IncludesWorkflow(HttpRequest request) =>
        request.Query["include"].Any(v => v is not null && v.Split(',').Any(p => string.Equals(p.Trim(), "workflow", StringComparison.OrdinalIgnoreCase)));

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

    public Task<IResult> ConfirmAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: false, (_, actor, now) => new ComplaintCommand.Confirm(actor, now));

    public Task<IResult> DisputeAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: true, (f, actor, now) =>
            f.String("reason", required: true, ComplaintDecider.MaxTextLength, multiline: true) is { } reason ? new ComplaintCommand.Dispute(reason, actor, now) : null);

    public Task<IResult> WithdrawAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: false, (_, actor, now) => new ComplaintCommand.Withdraw(actor, now));

    public Task<IResult> EvaluateAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: true, (f, actor, now) =>
        {
            var rating = f.Int("rating", required: true, 1, 5);
            var comment = f.String("comment", required: false, ComplaintDecider.MaxTextLength, multiline: true);
            return rating is { } r ? new ComplaintCommand.Evaluate(r, comment, actor, now) : null;
        });

    // ---- operators ----

    public Task<IResult> AcknowledgeAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: false, (_, actor, now) => new ComplaintCommand.Acknowledge(actor, now));

    public Task<IResult> ProposeResolutionAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: true, (f, actor, now) =>
        {
            var remedy = f.Enum<Remedy>("remedy", required: true);
            var amount = f.Money("amount", required: false);
            var note = f.String("note", required: false, ComplaintDecider.MaxTextLength, multiline: true);
            return remedy is { } r && f.IsValid ? new ComplaintCommand.ProposeResolution(r, amount, note, actor, now) : null;
        });

    public Task<IResult> RefuseAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: true, (f, actor, now) =>
            f.String("reason", required: true, ComplaintDecider.MaxTextLength, multiline: true) is { } reason ? new ComplaintCommand.Refuse(reason, actor, now) : null);

    // ---- regulators ----

    public Task<IResult> RecordMediationOutcomeAsync(HttpContext context, string id) =>
        CommandAsync(context, id, bodyRequired: true, (f, actor, now) =>
        {
            var outcome = f.Enum<MediationOutcome>("outcome", required: true);
            var order = f.Bool("orderAdvanceCompensation", required: false) ?? false;
            return outcome is { } o && f.IsValid ? new ComplaintCommand.RecordMediationOutcome(o, order, actor, now) : null;
        });

    // ---- plumbing ----

    internal sealed record Access(StoredComplaint? Complaint, Actor? Actor, ComplaintViews.Audience Audience, IResult? Problem);

    /// <summary>
    /// Resolves the caller and the complaint. No credentials or bad credentials: 401. A complaint that does not
    /// exist, or that the credential does not open (another complaint's token, a party it does not name): 404.
    /// </summary>
    internal async Task<Access> OpenAsync(HttpContext context, string id)
    {
        var ct = context.RequestAborted;
        var caller = await callers.ResolveAsync(context.Request, ct);
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

    private async Task<IResult> CommandAsync(
        HttpContext context,
        string id,
        bool bodyRequired,
        Func<FieldReader, Actor, DateTimeOffset, ComplaintCommand?> build)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var access = await OpenAsync(context, id);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var (body, problem) = await RequestBody.ReadAsync(context.Request, Options.MaxBodyBytes, bodyRequired, ct);
        if (problem is not null)
        {
            return problem;
        }

        var fields = new FieldReader(body);
        var command = build(fields, access.Actor!, clock.GetUtcNow());
        if (!fields.IsValid || command is null)
        {
            return Problems.Invalid(fields.Errors.Count > 0 ? fields.Errors : new Dictionary<string, string[]> { ["body"] = ["is not valid."] });
        }

        try
        {
            var outcome = await complaints.ExecuteAsync(access.Complaint!, command, ct);
            return await ViewAsync(access with { Complaint = access.Complaint! with { State = outcome.State } }, ct);
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation(e);
        }
    }

    private async Task<IResult> ViewAsync(Access access, CancellationToken ct, WorkflowView? workflow = null)
    {
        // The view is folded from the events it lists, so status and timeline always agree.
        var id = access.Complaint!.State.Id;
        var events = await complaints.GetEventsAsync(id, 0, ct);
        var content = await complaints.GetContentAsync(id, ct);
        var contact = access.Audience == ComplaintViews.Audience.Consumer ? null : await contacts.GetAsync(id, ct);
        var state = Complaint.Replay(events.Select(e => e.Event));
        return Results.Json(ComplaintViews.Of(state, events, access.Audience, content, contact) with { Workflow = workflow }, ApiJson.Options);
    }

    private static ComplaintId NewComplaintId() => new("c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    private static string BodyHash(System.Text.Json.JsonElement body) =>
        TrackingTokens.Hash(System.Text.Json.JsonSerializer.Serialize(body));
}

internal static class ResultExtensions
{
    /// <summary>Adds a Location header to a result.</summary>
    public static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
