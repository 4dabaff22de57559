using System.Diagnostics;
using System.Threading.Channels;
using Complaints.Bench.Infra;

namespace Complaints.Bench.Load;

public enum Route
{
    Resolve,
    Refuse,
    Withdraw,
}

/// <summary>What one load run does.</summary>
public sealed record LoadPlan(
    int Complaints,
    int Clients,
    double Rate,
    int ResolvePercent,
    int RefusePercent,
    bool Idempotent,
    TimeSpan StepTimeout,
    TimeSpan DrainTimeout,
    int Watchers,
    TimeSpan WatchInterval,
    string RunId);

/// <summary>One complaint's life as the bench saw it.</summary>
public sealed class Tracked
{
    public required int Index { get; init; }

    public required Route Route { get; init; }

    public required string Merchant { get; init; }

    public string? Venue { get; init; }

    public string? Id { get; set; }

    public string? Token { get; set; }

    public long FiledTimestamp { get; set; }

    public long NextPoll { get; set; }

    public double? FilingToDisclosureMs { get; set; }

    public string? FinalStatus { get; set; }

    public string? Outcome { get; set; }

    public string? Failure { get; set; }
}

public sealed record LoadResult(IReadOnlyList<Tracked> Complaints, double Seconds, double FirstFilingToLastDisclosureSeconds, int Completed, int Failed, long Retries, long Polls);

/// <summary>
/// Drives complaints through the API: file, wait for assignment, acknowledge, then resolve + confirm, refuse
/// (an enrolled venue pays) or withdraw. Then watchers poll each complaint as the regulator until its disclosure
/// draft appears, so clients are not held by the pipeline's queue hops.
/// </summary>
public sealed class Driver(ApiClient api, BenchParties parties, IReadOnlyList<string> narratives, LoadPlan plan)
{
    private static readonly string[] AllCategories =
        ["goods-quality", "service-quality", "false-advertising", "refund-return", "delivery", "pricing", "contract-terms", "personal-information", "other"];

    private readonly Channel<Tracked> _watch = Channel.CreateUnbounded<Tracked>();
    private int _next;
    private int _filed;
    private int _driven;
    private int _disclosed;
    private int _failed;
    private int _pending;
    private long _polls;
    private long _lastDone;

    public int Filed => Volatile.Read(ref _filed);

    public int Driven => Volatile.Read(ref _driven);

    public int Disclosed => Volatile.Read(ref _disclosed);

    public int FailedCount => Volatile.Read(ref _failed);

    public int Pending => Volatile.Read(ref _pending);

    public static Route RouteOf(int index, int resolvePercent, int refusePercent)
    {
        // A fixed shuffle of 0..99 so that the mix holds for any prefix of 100 complaints.
        var slot = (int)(((uint)index * 37u + 11u) % 100u);
        return slot < resolvePercent ? Route.Resolve : slot < resolvePercent + refusePercent ? Route.Refuse : Route.Withdraw;
    }

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        var items = new Tracked[plan.Complaints];
        var started = Stopwatch.GetTimestamp();
        var clientsDone = new CancellationTokenSource();
        var watchers = Enumerable.Range(0, plan.Watchers).Select(_ => WatchAsync(clientsDone.Token, cancellationToken)).ToList();
        var clients = Enumerable.Range(0, plan.Clients).Select(_ => ClientAsync(items, started, cancellationToken)).ToList();
        await Task.WhenAll(clients);
        await clientsDone.CancelAsync();
        await Task.WhenAll(watchers);
        clientsDone.Dispose();

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var lastDone = Interlocked.Read(ref _lastDone);
        var span = lastDone == 0 ? seconds : Stopwatch.GetElapsedTime(started, lastDone).TotalSeconds;
        return new LoadResult(items, seconds, span, Disclosed, FailedCount, api.Retries, Interlocked.Read(ref _polls));
    }

    private async Task ClientAsync(Tracked[] items, long started, CancellationToken cancellationToken)
    {
        int index;
        while ((index = Interlocked.Increment(ref _next) - 1) < plan.Complaints && !cancellationToken.IsCancellationRequested)
        {
            if (plan.Rate > 0)
            {
                var due = TimeSpan.FromSeconds(index / plan.Rate) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            var route = RouteOf(index, plan.ResolvePercent, plan.RefusePercent);
            var merchant = parties.Merchants[index % parties.Merchants.Count];
            var venue = route == Route.Refuse || index % 2 == 0 ? parties.Venues[index / 2 % parties.Venues.Count] : null;
            var item = new Tracked { Index = index, Route = route, Merchant = merchant, Venue = venue };
            items[index] = item;
            try
            {
                if (await DriveAsync(item, cancellationToken))
                {
                    Interlocked.Increment(ref _driven);
                    Interlocked.Increment(ref _pending);
                    item.NextPoll = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
                    await _watch.Writer.WriteAsync(item, cancellationToken);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail(item, $"{e.GetType().Name}: {e.Message}");
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private async Task<bool> DriveAsync(Tracked item, CancellationToken ct)
    {
        var i = item.Index;
        var responder = item.Venue ?? item.Merchant;
        var category = item.Route == Route.Refuse
            ? BenchParties.EnrolledCategories[i % BenchParties.EnrolledCategories.Length]
            : AllCategories[i % AllCategories.Length];
        var amount = 50 + (i * 37 % 2950);
        var body = new Dictionary<string, object?>
        {
            ["consumer"] = new Dictionary<string, object?> { ["name"] = $"Bench Consumer {i}", ["phone"] = $"138{i % 100_000_000:D8}" },
            ["merchantId"] = item.Merchant,
            ["venueId"] = item.Venue,
            ["category"] = category,
            ["description"] = narratives[i % narratives.Count],
            ["amountClaimed"] = new Dictionary<string, object?> { ["amount"] = amount, ["currency"] = "CNY" },
            ["orderReference"] = $"BENCH-{plan.RunId}-{i}",
            ["consentToPublishNarrative"] = i % 10 < 7,
        };

        var deadline = DateTime.UtcNow + plan.StepTimeout;
        item.FiledTimestamp = Stopwatch.GetTimestamp();
        var filed = await api.CallAsync("POST /complaints", HttpMethod.Post, "api/complaints", null, body, deadline, ct,
            plan.Idempotent ? $"bench-{plan.RunId}-{i}" : null);
        if (filed.Status != 201)
        {
            return Fail(item, $"filing answered {filed.Status}");
        }

        item.Id = filed.Str("complaintId");
        item.Token = filed.Str("trackingToken");
        Interlocked.Increment(ref _filed);
        var complaintPath = $"api/complaints/{item.Id}";
        var responderKey = Auth.Key(BenchParties.KeyOf(responder));
        var merchantKey = Auth.Key(BenchParties.KeyOf(item.Merchant));
        var consumer = Auth.Bearer(item.Token!);

        // The orchestration assigns the first responder shortly after filing.
        deadline = DateTime.UtcNow + plan.StepTimeout;
        var wait = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var seen = await api.CallAsync("GET /complaints/{id} (await assignment)", HttpMethod.Get, complaintPath, responderKey, null, deadline, ct);
            Interlocked.Increment(ref _polls);
            if (seen.Status == 200 && seen.Str("status") != "filed")
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                return Fail(item, $"not assigned in time (last answer {seen.Status} {seen.Str("status")})");
            }

            await Task.Delay(wait, ct);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 1.5, 250));
        }

        if (!await StepAsync(item, "POST /acknowledge", $"{complaintPath}/acknowledge", responderKey, null, s => s != "assigned", ct))
        {
            return false;
        }

        return item.Route switch
        {
            Route.Resolve =>
                await StepAsync(item, "POST /resolution", $"{complaintPath}/resolution", merchantKey,
                    new Dictionary<string, object?>
                    {
                        ["remedy"] = "refund",
                        ["amount"] = new Dictionary<string, object?> { ["amount"] = amount, ["currency"] = "CNY" },
                        ["note"] = "Refund sent to the original payment method.",
                    },
                    s => s is not ("acknowledged"), ct)
                && await StepAsync(item, "POST /confirmation", $"{complaintPath}/confirmation", consumer, null, s => s is not ("acknowledged" or "resolution-proposed"), ct),
            Route.Refuse =>
                await StepAsync(item, "POST /refusal", $"{complaintPath}/refusal", merchantKey,
                    new Dictionary<string, object?> { ["reason"] = "The goods were used; no refund." }, s => s is not "acknowledged", ct),
            _ => await StepAsync(item, "POST /withdrawal", $"{complaintPath}/withdrawal", consumer, null, s => s is not "acknowledged", ct),
        };
    }

    /// <summary>One command; a 409 is accepted when the complaint has already moved past it (a retried request whose answer was lost).</summary>
    private async Task<bool> StepAsync(Tracked item, string name, string path, Action<System.Net.Http.Headers.HttpRequestHeaders> auth, object? body, Func<string?, bool> alreadyDone, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + plan.StepTimeout;
        var response = await api.CallAsync(name, HttpMethod.Post, path, auth, body, deadline, ct);
        if (response.Status == 200)
        {
            return true;
        }

        if (response.Status == 409)
        {
            var seen = await api.CallAsync("GET /complaints/{id} (after 409)", HttpMethod.Get, $"api/complaints/{item.Id}", Auth.Key(BenchParties.KeyOf(parties.Regulator)), null, deadline, ct);
            if (seen.Status == 200 && alreadyDone(seen.Str("status")))
            {
                return true;
            }
        }

        return Fail(item, $"{name} answered {response.Status}");
    }

    private async Task WatchAsync(CancellationToken clientsDone, CancellationToken ct)
    {
        var regulator = Auth.Key(BenchParties.KeyOf(parties.Regulator));
        var interval = (long)(plan.WatchInterval.TotalSeconds * Stopwatch.Frequency);
        DateTime? drainDeadline = null;
        while (!ct.IsCancellationRequested)
        {
            if (!_watch.Reader.TryRead(out var item))
            {
                if (clientsDone.IsCancellationRequested && Volatile.Read(ref _pending) == 0)
                {
                    return;
                }

                await Task.Delay(20, ct);
                continue;
            }

            if (clientsDone.IsCancellationRequested)
            {
                drainDeadline ??= DateTime.UtcNow + plan.DrainTimeout;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), item.NextPoll);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var seen = await api.CallAsync("GET /complaints/{id} (await disclosure)", HttpMethod.Get, $"api/complaints/{item.Id}", regulator, null, DateTime.UtcNow.AddSeconds(30), ct);
            Interlocked.Increment(ref _polls);
            var now = Stopwatch.GetTimestamp();
            if (seen.Status == 200 && seen.Body?["disclosure"] is { } disclosure && disclosure.GetValueKind() == System.Text.Json.JsonValueKind.Object)
            {
                item.FilingToDisclosureMs = Stopwatch.GetElapsedTime(item.FiledTimestamp, now).TotalMilliseconds;
                item.FinalStatus = seen.Str("status");
                item.Outcome = seen.Str("outcome");
                Interlocked.Exchange(ref _lastDone, now);
                Interlocked.Increment(ref _disclosed);
                Interlocked.Decrement(ref _pending);
                continue;
            }

            if (drainDeadline is { } d && DateTime.UtcNow > d)
            {
                Fail(item, $"no disclosure draft within the drain timeout (status {seen.Str("status")})");
                Interlocked.Increment(ref _failed);
                Interlocked.Decrement(ref _pending);
                continue;
            }

            // Each pending complaint is polled about once per interval; a long backlog is polled less often.
            item.NextPoll = now + Math.Max(interval, interval * Volatile.Read(ref _pending) / 400);
            await _watch.Writer.WriteAsync(item, ct);
        }
    }

    private static bool Fail(Tracked item, string reason)
    {
        // Written as it happens as well as in the summary: a run stopped by hand (or past its bound) keeps the reason.
        if (item.Failure is null)
        {
            Console.Error.WriteLine($"complaint {item.Index} ({item.Id ?? "not filed"}) failed: {reason}");
        }

        item.Failure ??= reason;
        return false;
    }
}
