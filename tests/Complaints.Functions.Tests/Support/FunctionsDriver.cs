using System.Text.Json;
using Complaints.Testing;

namespace Complaints.Functions.Tests.Support;

/// <summary>A complaint as the consumer holds it: its id and the tracking token shown once.</summary>
public sealed record Filed(string Id, string Token);

/// <summary>The three roles' moves, each a call of the Functions app's HTTP function for it.</summary>
public sealed class FunctionsDriver(FunctionsApp app)
{
    public static readonly TimeSpan StageTimeout = TimeSpan.FromSeconds(45);

    public static string Filing(string merchant = ConfiguredParties.Alpha, string? venue = null, string category = "goods-quality", decimal amount = 120m, string name = "Li Wei", string phone = "+86 138 0013 8000", string description = "The kettle stopped working after two days.") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["consumer"] = new Dictionary<string, object?> { ["name"] = name, ["phone"] = phone, ["email"] = "li.wei@example.com" },
            ["merchantId"] = merchant,
            ["venueId"] = venue,
            ["category"] = category,
            ["description"] = description,
            ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = amount, ["currency"] = "CNY" },
            ["consentToPublishNarrative"] = true,
        });

    public Dictionary<string, string> Key(string party) => new() { ["X-Api-Key"] = app.Parties.KeyOf(party) };

    public static Dictionary<string, string> Bearer(Filed filed) => new() { ["Authorization"] = "Bearer " + filed.Token };

    public async Task<Filed> FileAsync(string json)
    {
        var answer = await app.CallAsync(HttpFunctions.FileComplaint, "POST", "/api/complaints", json);
        Assert.True(answer.Status == 201, $"filing: expected 201, got {answer}");
        return new Filed(answer.Json.GetProperty("complaintId").GetString()!, answer.Json.GetProperty("trackingToken").GetString()!);
    }

    public Task<Answer> ReadAsync(Filed filed, string reader = ConfiguredParties.Regulator, bool workflow = false) =>
        app.CallAsync(req => HttpFunctions.GetComplaint(req, filed.Id, app.Durable), "GET", $"/api/complaints/{filed.Id}{(workflow ? "?include=workflow" : string.Empty)}", headers: Key(reader));

    public async Task<JsonElement> WaitUntilAsync(Filed filed, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null, bool workflow = false)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        JsonElement last = default;
        Answer? seen = null;
        try
        {
            await Eventually.Until(
                async () =>
                {
                    seen = await ReadAsync(filed, workflow: workflow);
                    last = seen.Status == 200 ? seen.Json : default;
                    return seen.Status == 200 && done(last);
                },
                timeout ?? StageTimeout,
                $"complaint {filed.Id}: {what}",
                cts.Token);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Last answer: {(seen is { Status: 200 } ? Summary(last) + " " + seen.Body : seen?.ToString() ?? "none")}", e);
        }

        return last;
    }

    public Task<JsonElement> WaitForStatusAsync(Filed filed, string status, TimeSpan? timeout = null) =>
        WaitUntilAsync(filed, v => v.GetProperty("status").GetString() == status, $"status '{status}'", timeout);

    public Task<JsonElement> WaitForDraftAsync(Filed filed) =>
        WaitUntilAsync(filed, v => v.TryGetProperty("disclosure", out var d) && d.ValueKind == JsonValueKind.Object, "a disclosure draft");

    public async Task<Answer> PostAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, string, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function, Filed filed, string segment, IReadOnlyDictionary<string, string> headers, string? json = null)
    {
        var answer = await app.CallAsync(req => function(req, filed.Id), "POST", $"/api/complaints/{filed.Id}/{segment}", json, headers);
        return answer;
    }

    public async Task OkAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, string, Task<Microsoft.AspNetCore.Mvc.IActionResult>> function, Filed filed, string segment, IReadOnlyDictionary<string, string> headers, string? json = null)
    {
        var answer = await PostAsync(function, filed, segment, headers, json);
        Assert.True(answer.Status == 200, $"{segment} on {filed.Id}: expected 200, got {answer}");
    }

    public static string Summary(JsonElement view) =>
        $"status={view.GetProperty("status").GetString()}, timeline=[{string.Join(", ", view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()))}]";
}
