using System.Globalization;
using System.Threading.RateLimiting;
using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// A complaint's message thread: the consumer and the parties the complaint names write; they and the regulator read.
/// The messages are complaint events (Table Storage only): their text is never logged, never in a queue message and
/// blanked before it enters the orchestration (<see cref="ComplaintEvent.WithoutFreeText"/>).
/// </summary>
/// <remarks>
/// Posting is rate-limited per complaint and caller with <see cref="System.Threading.RateLimiting"/>'s partitioned
/// fixed-window limiter, the primitive ASP.NET Core's rate-limiting middleware is built on. The middleware itself does
/// not fit: the Functions app invokes the endpoints without ASP.NET Core's middleware pipeline, and the partition (which
/// complaint, which of its parties) is only known once the credential has opened the complaint. The limit holds per
/// process (per instance when the Functions app scales out).
/// </remarks>
public sealed class MessageThreadApi : IDisposable
{
    private readonly ComplaintApi _complaints;
    private readonly IComplaintStore _store;
    private readonly TimeProvider _clock;
    private readonly ApiOptions _options;
    private readonly PartitionedRateLimiter<string> _limiter;

    public MessageThreadApi(ComplaintApi complaints, IComplaintStore store, TimeProvider clock, IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _complaints = complaints;
        _store = store;
        _clock = clock;
        _options = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.MessagesPerWindow,
            Window = _options.MessageRateWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Posts a message (201 with it); 429 with <c>Retry-After</c> when the caller posted too many in this thread lately.</summary>
    public async Task<Results<Created<MessageView>, ValidationProblem, ProblemHttpResult>> PostAsync(string id, MessageRequest body, Caller caller, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.RequestAborted;
        var access = await _complaints.OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        using var lease = _limiter.AttemptAcquire(PartitionOf(access));
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.MessageRateWindow;
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.TooManyRequests(
                "Too many messages in this thread.",
                $"At most {_options.MessagesPerWindow} messages per {_options.MessageRateWindow:c} per caller in one complaint's thread; retry in {seconds} seconds.");
        }

        try
        {
            var outcome = await _store.ExecuteAsync(access.Complaint!, new ComplaintCommand.PostMessage(body.Text.Trim(), access.Actor!, _clock.GetUtcNow()), ct);
            var posted = outcome.NewEvents.OfType<ComplaintEvent.MessagePosted>().Single();
            return TypedResults.Created($"/api/complaints/{access.Complaint!.State.Id.Value}/messages", MessageView.Of(posted));
        }
        catch (ComplaintRuleViolation e)
        {
            return Problems.FromViolation<Created<MessageView>>(e);
        }
    }

    /// <summary>The whole thread, oldest first (at most <see cref="ComplaintDecider.MaxMessages"/> messages: one page).</summary>
    public async Task<Results<Ok<PageView<MessageView>>, ProblemHttpResult>> ListAsync(string id, Caller caller, CancellationToken ct)
    {
        var access = await _complaints.OpenAsync(caller, id, ct);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var events = await _store.GetEventsAsync(access.Complaint!.State.Id, 0, ct);
        return TypedResults.Ok(new PageView<MessageView>([.. events.Select(e => e.Event).OfType<ComplaintEvent.MessagePosted>().Select(MessageView.Of)], null));
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>One partition per complaint and caller: its consumer, each named party, the regulator.</summary>
    private static string PartitionOf(ComplaintApi.Access access) => access.Complaint!.State.Id.Value + "|" + access.Actor switch
    {
        Actor.Operator o => "operator:" + o.Party.Value,
        Actor.Regulator r => "regulator:" + r.Party.Value,
        _ => "consumer",
    };
}
