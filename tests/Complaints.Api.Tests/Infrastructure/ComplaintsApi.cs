using System.Net;
using System.Text.Json;
using Complaints.Testing;

namespace Complaints.Api.Tests.Infrastructure;

/// <summary>A filed complaint as the consumer holds it: its id and the tracking token shown once.</summary>
public sealed record Filed(string Id, string Token)
{
    public Credential Consumer => Credential.Token("consumer", Token);

    public string Path => $"api/complaints/{Id}";
}

/// <summary>
/// The three roles' moves, as HTTP calls, plus waiting (with <see cref="Eventually"/>) for the stages that run on
/// the queues. Every move returns the raw <see cref="ApiResponse"/>; the <c>...Ok</c> forms assert success.
/// </summary>
public sealed class ComplaintsApi(ApiClient http, ConfiguredParties parties)
{
    /// <summary>How long a queue-driven stage may take on a busy machine.</summary>
    public static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(45);

    public ApiClient Http => http;

    public ConfiguredParties Parties => parties;

    public Credential Regulator => parties.RegulatorKey();

    public Credential Operator(string party) => parties.Of(party);

    /// <summary>A valid filing body; change what a test needs.</summary>
    public static Dictionary<string, object?> Filing(
        string merchant = ConfiguredParties.Alpha,
        string? venue = null,
        string category = "goods-quality",
        decimal amount = 120.50m,
        string currency = "CNY",
        string? description = null,
        bool consent = false,
        string name = "Li Wei",
        string? phone = "+86 138 0013 8000",
        string? email = "li.wei@example.com")
    {
        var consumer = new Dictionary<string, object?> { ["name"] = name };
        if (phone is not null)
        {
            consumer["phone"] = phone;
        }

        if (email is not null)
        {
            consumer["email"] = email;
        }

        var body = new Dictionary<string, object?>
        {
            ["consumer"] = consumer,
            ["merchantId"] = merchant,
            ["category"] = category,
            ["description"] = description ?? "The kettle I bought stopped working after two days and the shop will not reply.",
            ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = amount, ["currency"] = currency },
            ["orderReference"] = "ORD-2026-0001",
            ["occurredOn"] = "2026-01-15",
            ["consentToPublishNarrative"] = consent,
        };
        if (venue is not null)
        {
            body["venueId"] = venue;
        }

        return body;
    }

    // ---- consumer ----

    public Task<ApiResponse> FileRawAsync(object body, string? idempotencyKey = null) =>
        http.PostAsync("api/complaints", Credential.None, body, idempotencyKey is null ? null : r => r.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey));

    public async Task<Filed> FileAsync(object body, string? idempotencyKey = null)
    {
        var response = (await FileRawAsync(body, idempotencyKey)).Expect(HttpStatusCode.Created, "filing a valid complaint");
        var json = response.Json();
        return new Filed(json.GetProperty("complaintId").GetString()!, json.GetProperty("trackingToken").GetString()!);
    }

    public Task<ApiResponse> ConfirmAsync(Filed c, Credential? as_ = null) => http.PostAsync($"{c.Path}/confirmation", as_ ?? c.Consumer);

    public Task<ApiResponse> DisputeAsync(Filed c, string reason = "The refund does not cover the delivery cost.", Credential? as_ = null) =>
        http.PostAsync($"{c.Path}/dispute", as_ ?? c.Consumer, new { reason });

    public Task<ApiResponse> WithdrawAsync(Filed c, Credential? as_ = null) => http.PostAsync($"{c.Path}/withdrawal", as_ ?? c.Consumer);

    public Task<ApiResponse> EvaluateAsync(Filed c, int rating, string? comment = null, Credential? as_ = null) =>
        http.PostAsync($"{c.Path}/evaluation", as_ ?? c.Consumer, new { rating, comment });

    // ---- operators ----

    public Task<ApiResponse> AcknowledgeAsync(Filed c, string party) => http.PostAsync($"{c.Path}/acknowledge", Operator(party));

    public Task<ApiResponse> ProposeAsync(Filed c, string party, string remedy = "refund", decimal? amount = 100m, string? note = "Full refund of the price.") =>
        http.PostAsync($"{c.Path}/resolution", Operator(party), amount is { } a
            ? new { remedy, amount = new { amount = a, currency = "CNY" }, note }
            : new { remedy, amount = (object?)null, note });

    public Task<ApiResponse> RefuseAsync(Filed c, string party, string reason = "The goods were used beyond the return policy.") =>
        http.PostAsync($"{c.Path}/refusal", Operator(party), new { reason });

    // ---- the recovery claim (merchant and venue) ----

    public Task<ApiResponse> RecordRepaymentAsync(Filed c, string merchant, decimal amount, string? reference = "TRX-0001", string currency = "CNY") =>
        http.PostAsync($"{c.Path}/recovery/repayment", Operator(merchant), new { amount = new { amount, currency }, reference });

    public Task<ApiResponse> ConfirmRepaymentAsync(Filed c, string venue) => http.PostAsync($"{c.Path}/recovery/repayment/confirmation", Operator(venue));

    /// <summary>The venue records what it recovered in all; <c>null</c>: nothing.</summary>
    public Task<ApiResponse> RecordRecoveryAsync(Filed c, string venue, decimal? amount) =>
        http.PostAsync($"{c.Path}/recovery", Operator(venue), amount is { } a
            ? new { amount = new { amount = a, currency = "CNY" } }
            : new { nothingRecovered = true });

    // ---- the message thread ----

    public Task<ApiResponse> PostMessageAsync(Filed c, Credential author, string text) => http.PostAsync($"{c.Path}/messages", author, new { text });

    public Task<ApiResponse> MessagesAsync(Filed c, Credential reader) => http.GetAsync($"{c.Path}/messages", reader);

    // ---- regulator ----

    public Task<ApiResponse> MediateAsync(Filed c, string outcome = "consumer-upheld", bool orderAdvanceCompensation = false, Credential? as_ = null) =>
        http.PostAsync($"{c.Path}/mediation-outcome", as_ ?? Regulator, new { outcome, orderAdvanceCompensation });

    public Task<ApiResponse> PublishAsync(string disclosureId, Credential? as_ = null) =>
        http.PostAsync($"api/regulator/disclosures/{disclosureId}/publish", as_ ?? Regulator);

    public Task<ApiResponse> WithholdAsync(string disclosureId, string reason = "The narrative names a third party.", Credential? as_ = null) =>
        http.PostAsync($"api/regulator/disclosures/{disclosureId}/withhold", as_ ?? Regulator, new { reason });

    // ---- reading and waiting ----

    public Task<ApiResponse> GetAsync(Filed c, Credential reader) => http.GetAsync(c.Path, reader);

    /// <summary>The complaint as the regulator sees it (everything but nothing hidden from the regulator).</summary>
    public async Task<JsonElement> ViewAsync(Filed c) => (await GetAsync(c, Regulator)).Expect(HttpStatusCode.OK).Json();

    /// <summary>Polls the regulator's view until <paramref name="done"/> holds.</summary>
    public async Task<JsonElement> WaitUntilAsync(Filed c, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null) =>
        (await Eventually.Until(
            async () => new Seen(await ViewAsync(c)),
            seen => done(seen.View),
            timeout ?? StageTimeout,
            $"complaint {c.Id} on host '{http.Host.Name}': {what}",
            http.Cancellation)).View;

    public Task<JsonElement> WaitForStatusAsync(Filed c, string status, TimeSpan? timeout = null) =>
        WaitUntilAsync(c, v => Status(v) == status, $"status '{status}'", timeout);

    /// <summary>Polls until the disclosure is drafted; returns its public id.</summary>
    public async Task<string> WaitForDisclosureAsync(Filed c)
    {
        var view = await WaitUntilAsync(c, v => v.TryGetProperty("disclosure", out _), "a disclosure draft");
        return view.GetProperty("disclosure").GetProperty("disclosureId").GetString()!;
    }

    /// <summary>Walks every page of a list; returns the items.</summary>
    public async Task<List<JsonElement>> AllPagesAsync(string path, Credential reader, int maxPages = 50)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var url = cursor is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}cursor={Uri.EscapeDataString(cursor)}";
            var json = (await http.GetAsync(url, reader)).Expect(HttpStatusCode.OK).Json();
            items.AddRange(json.GetProperty("items").EnumerateArray());
            cursor = json.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (cursor is null)
            {
                return items;
            }
        }

        throw new Xunit.Sdk.XunitException($"{path}: more than {maxPages} pages.");
    }

    /// <summary>Polls a list (all its pages) until an item satisfies <paramref name="match"/>; returns that item.</summary>
    public async Task<JsonElement> WaitForListItemAsync(string path, Credential reader, Func<JsonElement, bool> match, string what)
    {
        var found = await Eventually.Until(
            async () => (await AllPagesAsync(path, reader)).Where(match).ToList(),
            items => items.Count > 0,
            StageTimeout,
            $"{path} on host '{http.Host.Name}' to list {what}",
            http.Cancellation);
        return found[0];
    }

    // ---- walks: a fresh complaint brought to a state ----

    public async Task<Filed> AssignedAsync(object filing)
    {
        var c = await FileAsync(filing);
        await WaitForStatusAsync(c, "assigned");
        return c;
    }

    public async Task<Filed> AcknowledgedAsync(object filing, string firstResponder)
    {
        var c = await AssignedAsync(filing);
        (await AcknowledgeAsync(c, firstResponder)).Expect(HttpStatusCode.OK, "the first responder acknowledges");
        return c;
    }

    public async Task<Filed> ResolutionProposedAsync(object filing, string firstResponder, string proposer)
    {
        var c = await AcknowledgedAsync(filing, firstResponder);
        (await ProposeAsync(c, proposer)).Expect(HttpStatusCode.OK, "the merchant proposes a resolution");
        return c;
    }

    public async Task<Filed> ClosedAsync(object filing, string merchant)
    {
        var c = await ResolutionProposedAsync(filing, merchant, merchant);
        (await ConfirmAsync(c)).Expect(HttpStatusCode.OK, "the consumer confirms");
        await WaitForStatusAsync(c, "closed");
        return c;
    }

    public async Task<Filed> InMediationAsync(object filing, string firstResponder, string proposer)
    {
        var c = await ResolutionProposedAsync(filing, firstResponder, proposer);
        (await DisputeAsync(c)).Expect(HttpStatusCode.OK, "the consumer disputes");
        return c;
    }

    /// <summary>
    /// A complaint the merchant refused after the venue acknowledged it: the venue pays first, the complaint closes
    /// advance-compensated and the venue's recovery claim is open.
    /// </summary>
    public async Task<Filed> RecoveryOpenAsync(object filing, string venue, string merchant)
    {
        var c = await AcknowledgedAsync(filing, venue);
        (await RefuseAsync(c, merchant)).Expect(HttpStatusCode.OK, "the merchant refuses");
        await WaitUntilAsync(c, v => Status(v) == "closed" && Str(v, "recoveryClaim", "status") == "open", "closed with the recovery claim open");
        return c;
    }

    /// <summary>A complaint withdrawn right after assignment, with its disclosure drafted.</summary>
    public async Task<(Filed Complaint, string DisclosureId)> DraftDisclosureAsync(object filing)
    {
        var c = await AssignedAsync(filing);
        (await WithdrawAsync(c)).Expect(HttpStatusCode.OK, "the consumer withdraws");
        return (c, await WaitForDisclosureAsync(c));
    }

    public static string? Status(JsonElement view) => view.TryGetProperty("status", out var s) ? s.GetString() : null;

    public static string? Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString();
    }

    public static bool Has(JsonElement e, string property) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>Wraps a view so that Eventually's "last seen" message shows status and timeline.</summary>
    private sealed record Seen(JsonElement View)
    {
        public override string ToString() =>
            $"status={Status(View)}, timeline=[{string.Join(", ", View.TryGetProperty("timeline", out var t) ? t.EnumerateArray().Select(e => Str(e, "type")) : [])}]";
    }
}
