using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Pipeline.Api;

/// <summary>Who may call a route: the basis of the authorization matrix and the OpenAPI description.</summary>
public enum RouteAudience
{
    Public,
    Consumer,
    Operator,
    Regulator,
    ComplaintReader,
}

/// <summary>One API route. <see cref="Pattern"/> is relative to <c>/api</c>, as the Functions HTTP triggers declare it.</summary>
public sealed record ApiRoute(string Method, string Pattern, string Name, RouteAudience Audience, string Summary, Type? RequestBody, Type? Response, int SuccessStatus = 200);

/// <summary>
/// The route table both hosts serve. The local host maps it here; the Functions app declares one HTTP trigger per
/// entry, and a parity test holds the two in step.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("POST", "complaints", "FileComplaint", RouteAudience.Public, "File a complaint (no credentials; honours Idempotency-Key).", typeof(FileComplaintRequest), typeof(FiledView), 201),
        new("GET", "complaints/{id}", "GetComplaint", RouteAudience.ComplaintReader, "Read a complaint: its consumer, an operator of a named party, or a regulator.", null, typeof(ComplaintView)),
        new("POST", "complaints/{id}/confirmation", "ConfirmResolution", RouteAudience.Consumer, "The consumer accepts the proposed resolution.", null, typeof(ComplaintView)),
        new("POST", "complaints/{id}/dispute", "DisputeResolution", RouteAudience.Consumer, "The consumer disputes the proposed resolution; the regulator mediates.", typeof(ReasonRequest), typeof(ComplaintView)),
        new("POST", "complaints/{id}/withdrawal", "WithdrawComplaint", RouteAudience.Consumer, "The consumer withdraws the complaint.", null, typeof(ComplaintView)),
        new("POST", "complaints/{id}/evaluation", "EvaluateHandling", RouteAudience.Consumer, "The consumer rates the handling (within 30 days of closing).", typeof(EvaluationRequest), typeof(ComplaintView)),
        new("POST", "complaints/{id}/acknowledge", "AcknowledgeComplaint", RouteAudience.Operator, "The first responder acknowledges.", null, typeof(ComplaintView)),
        new("POST", "complaints/{id}/resolution", "ProposeResolution", RouteAudience.Operator, "The merchant (or the first responder for it) proposes a resolution.", typeof(ResolutionRequest), typeof(ComplaintView)),
        new("POST", "complaints/{id}/refusal", "RefuseComplaint", RouteAudience.Operator, "The merchant (or the first responder for it) refuses.", typeof(ReasonRequest), typeof(ComplaintView)),
        new("POST", "complaints/{id}/mediation-outcome", "RecordMediationOutcome", RouteAudience.Regulator, "The regulator records the mediation outcome.", typeof(MediationOutcomeRequest), typeof(ComplaintView)),
        new("GET", "operators/me/complaints", "OperatorInbox", RouteAudience.Operator, "The complaints this operator must act on, with deadlines.", null, typeof(PageView<InboxItemView>)),
        new("GET", "regulator/complaints", "RegulatorComplaints", RouteAudience.Regulator, "Complaints before the regulator (status=escalated|in-mediation).", null, typeof(PageView<RegulatorItemView>)),
        new("GET", "regulator/disclosures", "RegulatorDisclosures", RouteAudience.Regulator, "Disclosures by status (draft|published|withheld).", null, typeof(PageView<RegulatorDisclosureView>)),
        new("POST", "regulator/disclosures/{disclosureId}/publish", "PublishDisclosure", RouteAudience.Regulator, "Publish a reviewed disclosure.", null, typeof(RegulatorDisclosureView)),
        new("POST", "regulator/disclosures/{disclosureId}/withhold", "WithholdDisclosure", RouteAudience.Regulator, "Withhold a disclosure, giving a reason.", typeof(ReasonRequest), typeof(RegulatorDisclosureView)),
        new("GET", "public/disclosures", "PublicDisclosures", RouteAudience.Public, "Published disclosures (JSON, or CSV for Accept: text/csv).", null, typeof(PageView<PublicDisclosureView>)),
        new("GET", "public/merchants/{id}/stats", "MerchantStatistics", RouteAudience.Public, "A merchant's statistics, withheld below the minimum count.", null, typeof(MerchantStatsView)),
        new("GET", "public/warnings", "ConsumerWarnings", RouteAudience.Public, "Merchants in the highest risk tier.", null, typeof(PageView<WarningView>)),
        new("GET", "public/parties", "SearchParties", RouteAudience.Public, "Search the parties registry when filing.", null, typeof(PageView<PartyView>)),
    ];

    /// <summary>Calls the shared handler for a route. Both hosts go through here.</summary>
    public static Task<IResult> InvokeAsync(string name, HttpContext context, string? routeValue)
    {
        ArgumentNullException.ThrowIfNull(context);
        var complaints = context.RequestServices.GetRequiredService<ComplaintApi>();
        var lists = context.RequestServices.GetRequiredService<ListingApi>();
        var id = routeValue ?? string.Empty;
        return name switch
        {
            "FileComplaint" => complaints.FileAsync(context),
            "GetComplaint" => complaints.GetAsync(context, id),
            "ConfirmResolution" => complaints.ConfirmAsync(context, id),
            "DisputeResolution" => complaints.DisputeAsync(context, id),
            "WithdrawComplaint" => complaints.WithdrawAsync(context, id),
            "EvaluateHandling" => complaints.EvaluateAsync(context, id),
            "AcknowledgeComplaint" => complaints.AcknowledgeAsync(context, id),
            "ProposeResolution" => complaints.ProposeResolutionAsync(context, id),
            "RefuseComplaint" => complaints.RefuseAsync(context, id),
            "RecordMediationOutcome" => complaints.RecordMediationOutcomeAsync(context, id),
            "OperatorInbox" => lists.OperatorInboxAsync(context),
            "RegulatorComplaints" => lists.RegulatorComplaintsAsync(context),
            "RegulatorDisclosures" => lists.RegulatorDisclosuresAsync(context),
            "PublishDisclosure" => lists.PublishAsync(context, id),
            "WithholdDisclosure" => lists.WithholdAsync(context, id),
            "PublicDisclosures" => lists.PublicDisclosuresAsync(context),
            "MerchantStatistics" => lists.MerchantStatsAsync(context, id),
            "ConsumerWarnings" => lists.WarningsAsync(context),
            "SearchParties" => lists.PartiesAsync(context),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown route"),
        };
    }

    /// <summary>Maps every route under <c>/api</c>, plus <c>/health/live</c> and <c>/health/ready</c>.</summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="configure">Host-specific conventions per route (the local host adds rate limiting to filing).</param>
    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder endpoints, Action<ApiRoute, RouteHandlerBuilder>? configure = null)
    {
        var api = endpoints.MapGroup(Prefix);
        foreach (var route in All)
        {
            var parameter = route.Pattern.Contains("{disclosureId}", StringComparison.Ordinal) ? "disclosureId" : "id";
            Func<HttpContext, Task<IResult>> handler = context => InvokeAsync(route.Name, context, context.Request.RouteValues[parameter] as string);
            var builder = api.MapMethods(route.Pattern, [route.Method], (Delegate)handler)
                .WithName(route.Name)
                .WithSummary(route.Summary)
                .WithTags(route.Audience.ToString())
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .Produces(route.SuccessStatus, route.Response, "application/json");
            if (route.RequestBody is not null)
            {
                builder.Accepts(route.RequestBody, "application/json");
            }

            if (route.Audience != RouteAudience.Public)
            {
                builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
            }

            if (route.Pattern.Contains('{', StringComparison.Ordinal))
            {
                builder.ProducesProblem(StatusCodes.Status404NotFound);
            }

            if (route.Method == "POST" && route.Pattern.StartsWith("complaints/{", StringComparison.Ordinal))
            {
                builder.ProducesProblem(StatusCodes.Status409Conflict);
            }

            configure?.Invoke(route, builder);
        }

        endpoints.MapGet("/health/live", () => Results.Ok(new { status = "live" })).WithTags("Health");
        endpoints.MapGet("/health/ready", (Delegate)ReadyAsync).WithTags("Health");
        return endpoints;
    }

    /// <summary>Ready when storage answers (a point read on the parties table).</summary>
    public static async Task<IResult> ReadyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tables = context.RequestServices.GetRequiredService<ITableGateway>();
        var names = context.RequestServices.GetRequiredService<StorageNames>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await tables.GetAsync(names.PartiesTable, "health", "probe", timeout.Token);
            return Results.Ok(new { status = "ready" });
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is not reachable.");
        }
    }
}

// Request shapes, for the OpenAPI document. The handlers read bodies field by field to name every offending field.
public sealed record ConsumerRequest(string Name, string? Phone, string? Email);

public sealed record FileComplaintRequest(
    ConsumerRequest Consumer,
    string MerchantId,
    string? VenueId,
    string Category,
    string Description,
    MoneyView AmountClaimed,
    string? OrderReference,
    DateOnly? OccurredOn,
    bool ConsentToPublishNarrative);

public sealed record ReasonRequest(string Reason);

public sealed record EvaluationRequest(int Rating, string? Comment);

public sealed record ResolutionRequest(string Remedy, MoneyView? Amount, string? Note);

public sealed record MediationOutcomeRequest(string Outcome, bool OrderAdvanceCompensation);
