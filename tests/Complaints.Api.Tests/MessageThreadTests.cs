using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Complaints.LocalHost.Durable;
using Complaints.Storage.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// The message thread over real HTTP (issue 14): the consumer and the parties the complaint names write and read,
/// the regulator reads, nobody else sees it; size limits and a rate limit per complaint and caller.
/// </summary>
public sealed class MessageThreadTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task The_consumer_the_merchant_and_the_venue_write_everyone_named_and_the_regulator_read_and_nobody_else_sees_it()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
        var logStart = api.Http.Host.Log.Position;

        var first = (await api.PostMessageAsync(c, c.Consumer, "  Is anyone looking at this? Thread-marker-Quokka.  ")).Expect(HttpStatusCode.Created).Json();
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Views.Equal("consumer", first, "author");
        Views.Absent(first, "party", "the consumer is no party");
        Views.Equal("Is anyone looking at this? Thread-marker-Quokka.", first, "text");
        var merchant = (await api.PostMessageAsync(c, api.Operator(Alpha), "We are checking the batch.")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("merchant", merchant, "author");
        Views.Equal(Alpha, merchant, "party");
        var venue = (await api.PostMessageAsync(c, api.Operator(Mall), "The mall will follow up.")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("venue", venue, "author");
        Views.Equal(Mall, venue, "party");

        foreach (var reader in new[] { c.Consumer, api.Operator(Alpha), api.Operator(Mall), api.Regulator })
        {
            var thread = (await api.MessagesAsync(c, reader)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3], thread.Select(m => m.GetProperty("number").GetInt32()));
            Assert.Equal(["consumer", "merchant", "venue"], thread.Select(m => ComplaintsApi.Str(m, "author")));
            Assert.All(thread, m => Assert.True(ComplaintsApi.Has(m, "at"), $"each message has its time: {m}"));
        }

        // The regulator reads but does not write; strangers get 404 as for the complaint; no credentials, 401.
        (await api.PostMessageAsync(c, api.Regulator, "The regulator has a word.")).ExpectProblem(HttpStatusCode.Forbidden);
        foreach (var stranger in new[] { api.Operator(Gamma), api.Operator(Platform), Credential.Token("other", (await api.FileAsync(ComplaintsApi.Filing(merchant: Beta))).Token) })
        {
            (await api.MessagesAsync(c, stranger)).ExpectProblem(HttpStatusCode.NotFound);
            (await api.PostMessageAsync(c, stranger, "Let me in.")).ExpectProblem(HttpStatusCode.NotFound);
        }

        (await api.MessagesAsync(c, Credential.None)).ExpectProblem(HttpStatusCode.Unauthorized);
        (await api.PostMessageAsync(c, Credential.None, "Anyone?")).ExpectProblem(HttpStatusCode.Unauthorized);

        // The complaint changes only by the messages' count: the same status, three entries without text in the timeline.
        var view = (await api.GetAsync(c, api.Regulator)).Expect(HttpStatusCode.OK);
        Views.Equal("assigned", view.Json(), "status");
        Assert.Equal(3, Views.Timeline(view.Json()).Count(t => t == "message-posted"));
        Assert.DoesNotContain("Quokka", view.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Http.Host.Log.Since(logStart), line => line.Contains("Quokka", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_too_long_empty_or_with_control_characters_is_refused_naming_the_field()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        (await api.PostMessageAsync(c, c.Consumer, new string('x', 2_001))).ExpectProblem(HttpStatusCode.BadRequest, "text");
        (await api.PostMessageAsync(c, c.Consumer, "   ")).ExpectProblem(HttpStatusCode.BadRequest, "text");
        (await api.PostMessageAsync(c, c.Consumer, "bell\u0007")).ExpectProblem(HttpStatusCode.BadRequest, "text");
        (await api.Http.PostAsync($"{c.Path}/messages", c.Consumer, new { })).ExpectProblem(HttpStatusCode.BadRequest, "text");
        (await api.PostMessageAsync(c, c.Consumer, new string('x', 2_000) + "  ")).Expect(HttpStatusCode.Created, "2,000 characters once trimmed");
        (await api.PostMessageAsync(c, c.Consumer, "Line one.\nLine two.")).Expect(HttpStatusCode.Created, "line breaks are allowed");
        Assert.Equal(2, (await api.MessagesAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Posting_is_rate_limited_per_complaint_and_caller_with_429_and_retry_after()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Platform, category: "delivery"));
        for (var i = 1; i <= ApiEnvironment.MessagesPerWindow; i++)
        {
            (await api.PostMessageAsync(c, c.Consumer, $"Message {i}.")).Expect(HttpStatusCode.Created, $"message {i} of {ApiEnvironment.MessagesPerWindow}");
        }

        var limited = (await api.PostMessageAsync(c, c.Consumer, "One too many.")).ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.Zero, $"429 says when to retry: {limited.Headers.RetryAfter}");
        Assert.Contains("messages", ComplaintsApi.Str(limited.Json(), "title")!, StringComparison.Ordinal);

        // The limit is the caller's in this thread: the merchant still writes, and reading is not limited.
        (await api.PostMessageAsync(c, api.Operator(Gamma), "We hear you.")).Expect(HttpStatusCode.Created);
        var thread = (await api.MessagesAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items");
        Assert.Equal(ApiEnvironment.MessagesPerWindow + 1, thread.GetArrayLength());
        Assert.DoesNotContain(thread.EnumerateArray(), m => ComplaintsApi.Str(m, "text") == "One too many.");
    }

    [Fact]
    public async Task Message_text_never_reaches_the_orchestration_history()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
        const string marker = "Thread-marker-Axolotl";
        (await api.PostMessageAsync(c, c.Consumer, $"{marker} from the consumer.")).Expect(HttpStatusCode.Created);
        (await api.PostMessageAsync(c, api.Operator(Mall), $"{marker} from the mall.")).Expect(HttpStatusCode.Created);

        // Wait until the orchestration has reacted to every event, the messages included.
        await Complaints.Testing.Eventually.Until(
            async () =>
            {
                var view = (await api.Http.GetAsync($"{c.Path}?include=workflow", api.Regulator)).Expect(HttpStatusCode.OK).Json();
                var version = view.GetProperty("timeline").GetArrayLength();
                return view.TryGetProperty("workflow", out var w) && w.TryGetProperty("progress", out var p) && p.GetProperty("lastVersion").GetInt64() >= version;
            },
            ComplaintsApi.StageTimeout,
            "the orchestration to react to the messages",
            Cancel);

        // The task hub's history and instance rows of this orchestration (its inputs, outputs and raised events).
        var services = api.Http.Host.Services;
        var hub = services.GetRequiredService<IOptions<LocalDurableOptions>>().Value.TaskHubName;
        var tables = services.GetRequiredService<ITableGateway>();
        var rows = new List<TableRow>();
        foreach (var table in new[] { hub + "History", hub + "Instances" })
        {
            string? token = null;
            do
            {
                var page = await tables.QueryPartitionAsync(table, c.Id, null, 1000, token, Cancel);
                rows.AddRange(page.Rows);
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        Assert.True(rows.Count > 0, $"expected the orchestration's rows in the {hub} task hub");
        var leaks = rows.Where(r => r.Properties.Values.Any(v => v?.ToString()?.Contains("Axolotl", StringComparison.Ordinal) == true)).Select(r => $"{r.PartitionKey}/{r.RowKey}").ToList();
        Assert.True(leaks.Count == 0, $"message text in the orchestration's rows: {string.Join(", ", leaks)}");
    }

    [Fact]
    public async Task A_withdrawn_complaint_has_no_open_thread()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Beta));
        (await api.PostMessageAsync(c, c.Consumer, "Before I withdraw.")).Expect(HttpStatusCode.Created);
        (await api.WithdrawAsync(c)).Expect(HttpStatusCode.OK);
        (await api.PostMessageAsync(c, api.Operator(Beta), "Sorry to see you go.")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(1, (await api.MessagesAsync(c, api.Operator(Beta))).Expect(HttpStatusCode.OK).Json().GetProperty("items").GetArrayLength());
    }
}
