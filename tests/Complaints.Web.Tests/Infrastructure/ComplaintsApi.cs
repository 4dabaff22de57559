using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Complaints.Testing;

namespace Complaints.Web.Tests.Infrastructure;

/// <summary>
/// The other parties' side of a journey, over the API: what the merchant and the regulator do while the test drives the
/// consumer's or the public's pages (and the setup a page needs, such as a published record).
/// </summary>
public sealed class ComplaintsApi(Uri address, ConfiguredParties parties) : IDisposable
{
    private static readonly TimeSpan StageWork = TimeSpan.FromSeconds(60);

    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public string KeyOf(string partyId) => parties.KeyOf(partyId);

    public async Task<(string Id, string Token)> FileAsync(string merchantId, string description, CancellationToken ct, string category = "goods-quality")
    {
        var body = new
        {
            consumer = new { name = "Test Consumer", phone = "13800138000" },
            merchantId,
            category,
            description,
            amountClaimed = new { amount = 120, currency = "CNY" },
            consentToPublishNarrative = true,
        };
        using var response = await http.PostAsJsonAsync("api/complaints", body, ct);
        var json = await ReadAsync(response, HttpStatusCode.Created, "filing", ct);
        return (json.GetProperty("complaintId").GetString()!, json.GetProperty("trackingToken").GetString()!);
    }

    /// <summary>Waits until the complaint is assigned to its merchant (the intake stage ran).</summary>
    public Task WaitForStatusAsync(string id, string status, CancellationToken ct) =>
        Eventually.Until(async () => await StatusAsync(id, ct) == status, StageWork, $"complaint {id} to be {status}", ct);

    public async Task<string> StatusAsync(string id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/complaints/{id}");
        request.Headers.Add("X-Api-Key", KeyOf(ConfiguredParties.Regulator));
        using var response = await http.SendAsync(request, ct);
        return (await ReadAsync(response, HttpStatusCode.OK, "reading the complaint", ct)).GetProperty("status").GetString()!;
    }

    /// <summary>The merchant acknowledges and proposes a refund of the amount claimed.</summary>
    public async Task MerchantProposesRefundAsync(string id, string merchantId, CancellationToken ct)
    {
        await WaitForStatusAsync(id, "assigned", ct);
        await PostAsync($"api/complaints/{id}/acknowledge", merchantId, new { }, ct);
        await PostAsync($"api/complaints/{id}/resolution", merchantId, new { remedy = "refund", amount = new { amount = 120, currency = "CNY" }, note = "Sorry: refunded in full." }, ct);
    }

    /// <summary>The consumer accepts (with the tracking token).</summary>
    public async Task ConfirmAsync(string id, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/complaints/{id}/confirmation") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Authorization", "Bearer " + token);
        using var response = await http.SendAsync(request, ct);
        await ReadAsync(response, HttpStatusCode.OK, "confirming", ct);
    }

    /// <summary>The draft disclosure of a complaint, once the disclosure stage drafted it.</summary>
    public Task<string> DraftOfAsync(string complaintId, CancellationToken ct) =>
        Eventually.Until(() => FindDraftAsync(complaintId, ct), id => id is not null, StageWork, $"a draft disclosure of {complaintId}", ct)!;

    /// <summary>The regulator publishes, and the record reaches the public feed (the projection runs after the command, from its queue).</summary>
    public async Task PublishAsync(string disclosureId, string merchantId, CancellationToken ct)
    {
        await PostAsync($"api/regulator/disclosures/{disclosureId}/publish", ConfiguredParties.Regulator, new { }, ct);
        await WaitForPublicAsync(disclosureId, merchantId, ct);
    }

    /// <summary>
    /// Waits until the public feed lists the record under its merchant: publishing answers once the command is recorded,
    /// and the public partitions follow from the complaint-events stage, so a page opened at once may not show it yet.
    /// </summary>
    public Task WaitForPublicAsync(string disclosureId, string merchantId, CancellationToken ct) =>
        Eventually.Until(
            async () =>
            {
                using var response = await http.GetAsync($"api/public/disclosures?merchantId={Uri.EscapeDataString(merchantId)}", ct);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                return json.RootElement.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("disclosureId").GetString() == disclosureId);
            },
            StageWork,
            $"the public feed to list {disclosureId} under {merchantId}",
            ct);

    /// <summary>A complaint filed, resolved, confirmed and drafted; returns the draft's id.</summary>
    public async Task<string> DraftedComplaintAsync(string merchantId, string description, CancellationToken ct, string category = "goods-quality")
    {
        var (id, token) = await FileAsync(merchantId, description, ct, category);
        await MerchantProposesRefundAsync(id, merchantId, ct);
        await ConfirmAsync(id, token, ct);
        return await DraftOfAsync(id, ct);
    }

    /// <summary>GET on the host, with no credentials (a public route), for its status.</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return response.StatusCode;
    }

    public async Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => await http.GetAsync(path, ct);

    public void Dispose() => http.Dispose();

    private async Task<string?> FindDraftAsync(string complaintId, CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/regulator/disclosures?status=draft" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            request.Headers.Add("X-Api-Key", KeyOf(ConfiguredParties.Regulator));
            using var response = await http.SendAsync(request, ct);
            var page = await ReadAsync(response, HttpStatusCode.OK, "listing drafts", ct);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("complaintId").GetString() == complaintId)
                {
                    return item.GetProperty("disclosureId").GetString();
                }
            }

            cursor = page.TryGetProperty("cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return null;
    }

    private async Task PostAsync(string path, string partyId, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", KeyOf(partyId));
        using var response = await http.SendAsync(request, ct);
        await ReadAsync(response, HttpStatusCode.OK, path, ct);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }
}
