using System.ComponentModel.DataAnnotations;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Complaints.Storage;
using Complaints.Storage.Gateway;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost;

/// <summary>Development only: how many demo complaints to drive through the pipeline at start (0: none). <c>./run.sh</c> sets 300.</summary>
public sealed class DemoSeedOptions
{
    public const string Section = "Complaints:Demo";

    [Range(0, 100_000)] public int SeedComplaints { get; set; }

    /// <summary>How many complaints are under way at once.</summary>
    [Range(1, 64)] public int Parallelism { get; set; } = 6;

    /// <summary>How long one step may wait for the pipeline (assignment, closing) before the seed moves on without it.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Demo data for the pages (Development only, behind <c>Complaints:Demo:SeedComplaints</c>): once the host has
/// started, and once per store (a marker row in the parties table), it files that many complaints and moves them on
/// as the parties would, through the same handlers the HTTP endpoints call (<see cref="ComplaintApi"/>,
/// <see cref="ListingApi"/>, <see cref="DisclosureDecisions"/>), so every complaint runs the real pipeline: intake,
/// the orchestration, projections, payouts, drafts. The first responder acknowledges most; the merchant or venue
/// resolves or refuses; the consumer confirms, disputes or withdraws, and rates what closed; at the end the
/// regulator publishes most drafts and withholds a few with a reason. Spread over the registry's merchants, venues and
/// categories, deterministically (complaint n always does the same). Narratives come from a built-in list in English
/// and Chinese and name nobody; consumers are "Demo consumer n" with an address under example.com. Progress goes to the log.
/// </summary>
public sealed partial class DemoSeed(
    ComplaintApi complaints,
    ListingApi lists,
    DisclosureDecisions decisions,
    IComplaintStore store,
    IPartyRegistry registry,
    ITableGateway tables,
    StorageNames names,
    IHostApplicationLifetime lifetime,
    IOptions<DemoSeedOptions> options,
    TimeProvider clock,
    ILogger<DemoSeed> logger) : BackgroundService
{
    private const string MarkerPartition = "demo";
    private const string MarkerRow = "complaint-seed";

    private static readonly string[] Narratives =
    [
        "The kettle stopped working after two days and the shop would not take it back.",
        "I ordered a winter coat; a summer jacket in the wrong size arrived instead.",
        "The advert promised free installation, but the installer asked for a fee on the day.",
        "My parcel was marked delivered but never arrived; the courier says it is not their problem.",
        "The gym closed for renovation and will not refund the months I paid in advance.",
        "The price at the till was higher than the price on the shelf, and the staff refused to correct it.",
        "The contract renewed automatically at a higher price without any notice.",
        "The phone I bought as new had clearly been used, with scratches and someone else's photos on it.",
        "买的电水壶用了两天就坏了，商家拒绝退货。",
        "网上下单的羽绒服尺码不对，申请退换一直没有人处理。",
        "广告说免费安装，师傅上门后却要求另付安装费。",
        "快递显示已签收，但我根本没有收到包裹。",
        "健身房装修停业，预付的会员费不肯退。",
        "结账时价格比货架标价高，店员拒绝按标价结算。",
        "合同到期后自动续费而且涨价，事先没有任何通知。",
        "买到的新手机明显是翻新机，外壳有划痕。",
    ];

    private static readonly string[] RefusalReasons =
    [
        "The item was damaged by use outside the warranty terms.",
        "The return window had passed when the request came in.",
        "超过七天无理由退货期限。",
    ];

    private static readonly string[] DisputeReasons =
    [
        "The offer does not cover what I paid.",
        "A repair is not enough; the item was faulty from the start.",
        "商家的方案不能解决问题。",
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var total = options.Value.SeedComplaints;
        if (total <= 0 || !await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var marker = new TableRow(MarkerPartition, MarkerRow, new Dictionary<string, object?> { ["Complaints"] = total, ["StartedAt"] = clock.GetUtcNow() });
        if (!await tables.InsertIfAbsentAsync(names.PartiesTable, marker, stoppingToken))
        {
            LogAlreadySeeded(logger);
            return;
        }

        var parties = await registry.AllAsync(stoppingToken);
        var merchants = parties.OfType<Party.Merchant>().OrderBy(p => p.Id.Value, StringComparer.Ordinal).ToList();
        var venues = parties.OfType<Party.Venue>().OrderBy(p => p.Id.Value, StringComparer.Ordinal).ToList();
        var regulator = parties.OfType<Party.Regulator>().FirstOrDefault();
        if (merchants.Count == 0 || regulator is null)
        {
            LogNoParties(logger);
            return;
        }

        LogStarting(logger, total, merchants.Count, venues.Count);
        var done = 0;
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = stoppingToken }, async (n, ct) =>
        {
            try
            {
                await DriveAsync(n, merchants, venues, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                LogComplaintFailed(logger, n, e.GetType().Name);
            }

            var count = Interlocked.Increment(ref done);
            if (count % 25 == 0 || count == total)
            {
                LogProgress(logger, count, total);
            }
        });

        var (published, withheld) = await DecideDraftsAsync(new Caller.Regulator(regulator.Id), stoppingToken);
        LogFinished(logger, total - failed, failed, published, withheld);
    }

    /// <summary>Files complaint <paramref name="n"/> and takes it as far as its script says.</summary>
    private async Task DriveAsync(int n, IReadOnlyList<Party.Merchant> merchants, IReadOnlyList<Party.Venue> venues, CancellationToken ct)
    {
        var random = new Random(n);
        var merchant = merchants[n % merchants.Count];
        var venue = venues.Count > 0 && random.Next(100) < 60 ? venues[random.Next(venues.Count)] : null;
        var categories = Enum.GetValues<Category>();
        var claim = 50m + (random.Next(1, 60) * 10m);
        var filing = new FileComplaintRequest
        {
            Consumer = new ConsumerRequest { Name = $"Demo consumer {n + 1}", Email = $"consumer{n + 1}@example.com" },
            MerchantId = merchant.Id.Value,
            VenueId = venue?.Id.Value,
            Category = categories[random.Next(categories.Length)],
            Description = Narratives[random.Next(Narratives.Length)],
            AmountClaimed = new MoneyRequest { Amount = claim, Currency = "CNY" },
            OccurredOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-random.Next(1, 60))),
            ConsentToPublishNarrative = random.Next(100) < 80,
        };
        if (await complaints.FileAsync(filing, "demo-seed-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), ct) is not { Result: Created<FiledView> { Value: { } filed } })
        {
            throw new InvalidOperationException("The filing was refused.");
        }

        var id = filed.ComplaintId;
        var consumer = new Caller.TokenHolder(filed.TrackingToken);
        if (await WaitForAsync(id, c => c.Status != ComplaintStatus.Filed, ct) is not { FirstResponder: { } responder })
        {
            return;
        }

        var roll = random.Next(100);
        if (roll < 8)
        {
            await complaints.ExecuteAsync(id, consumer, (actor, now) => new ComplaintCommand.Withdraw(actor, now), ct);
            return;
        }

        if (roll < 18)
        {
            return; // never acknowledged: it waits for its deadline
        }

        var operatorOf = new Caller.Operator(responder);
        await complaints.ExecuteAsync(id, operatorOf, (actor, now) => new ComplaintCommand.Acknowledge(actor, now), ct);
        if (roll < 38)
        {
            await complaints.ExecuteAsync(id, operatorOf, (actor, now) => new ComplaintCommand.Refuse(RefusalReasons[n % RefusalReasons.Length], actor, now), ct);
            return;
        }

        var remedy = (Remedy)random.Next(0, 5);
        var amount = remedy is Remedy.Refund or Remedy.Compensation ? Money.Of(Math.Min(claim, 10m * random.Next(5, 50)), "CNY") : null;
        await complaints.ExecuteAsync(id, operatorOf, (actor, now) => new ComplaintCommand.ProposeResolution(remedy, amount, null, actor, now), ct);
        var answer = random.Next(100);
        if (answer < 15)
        {
            await complaints.ExecuteAsync(id, consumer, (actor, now) => new ComplaintCommand.Dispute(DisputeReasons[n % DisputeReasons.Length], actor, now), ct);
            return;
        }

        if (answer < 25)
        {
            return; // the consumer does not answer yet
        }

        await complaints.ExecuteAsync(id, consumer, (actor, now) => new ComplaintCommand.Confirm(actor, now), ct);
        if (random.Next(100) < 85 && await WaitForAsync(id, c => c.Status is ComplaintStatus.Closed or ComplaintStatus.Disclosed, ct) is not null)
        {
            var rating = remedy is Remedy.Explanation ? random.Next(1, 4) : random.Next(3, 6);
            await complaints.ExecuteAsync(id, consumer, (actor, now) => new ComplaintCommand.Evaluate(rating, null, actor, now), ct);
        }
    }

    /// <summary>The regulator's pass over the drafts: most published, about one in eight withheld with a reason, until no new draft comes for a while.</summary>
    private async Task<(int Published, int Withheld)> DecideDraftsAsync(Caller regulator, CancellationToken ct)
    {
        var (published, withheld, quiet) = (0, 0, 0);
        var deadline = clock.GetUtcNow() + options.Value.StepTimeout;
        while (quiet < 3 && clock.GetUtcNow() < deadline)
        {
            var decided = 0;
            string? cursor = null;
            do
            {
                if (await lists.RegulatorDisclosuresAsync(regulator, "draft", cursor, ct) is not { Result: Ok<PageView<RegulatorDisclosureView>> { Value: { } page } })
                {
                    break;
                }

                foreach (var draft in page.Items)
                {
                    var withhold = (published + withheld) % 8 == 3; // the 4th, 12th, 20th... decided
                    var result = withhold
                        ? await decisions.DecideAsync(draft.DisclosureId, regulator, (actor, now) => new ComplaintCommand.WithholdDisclosure("Withheld in the demo: the narrative needs another review.", actor, now), ct)
                        : await decisions.DecideAsync(draft.DisclosureId, regulator, (actor, now) => new ComplaintCommand.PublishDisclosure(actor, now), ct);
                    if (result.Result is Ok<RegulatorDisclosureView>)
                    {
                        _ = withhold ? withheld++ : published++;
                        decided++;
                    }
                }

                cursor = page.Cursor;
            }
            while (cursor is not null);

            quiet = decided == 0 ? quiet + 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(2), clock, ct);
        }

        return (published, withheld);
    }

    /// <summary>Polls the complaint until <paramref name="condition"/> holds, or <see cref="DemoSeedOptions.StepTimeout"/> passes (then null).</summary>
    private async Task<Complaint?> WaitForAsync(string id, Func<Complaint, bool> condition, CancellationToken ct)
    {
        var until = clock.GetUtcNow() + options.Value.StepTimeout;
        while (clock.GetUtcNow() < until)
        {
            if (await store.GetAsync(new ComplaintId(id), ct) is { State: var state } && condition(state))
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }

        return null;
    }

    private async Task<bool> WaitForStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = ct.Register(() => started.TrySetCanceled(ct));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(4201, LogLevel.Information, "Demo seed: filing {Total} complaints through the pipeline over {Merchants} merchants and {Venues} venues")]
    private static partial void LogStarting(ILogger logger, int total, int merchants, int venues);

    [LoggerMessage(4202, LogLevel.Information, "Demo seed: {Done} of {Total} complaints filed and moved on")]
    private static partial void LogProgress(ILogger logger, int done, int total);

    [LoggerMessage(4203, LogLevel.Information, "Demo seed: done: {Seeded} complaints ({Failed} failed); the regulator published {Published} drafts and withheld {Withheld}")]
    private static partial void LogFinished(ILogger logger, int seeded, int failed, int published, int withheld);

    [LoggerMessage(4204, LogLevel.Information, "Demo seed: this store was seeded before; nothing to do")]
    private static partial void LogAlreadySeeded(ILogger logger);

    [LoggerMessage(4205, LogLevel.Warning, "Demo seed: the registry has no merchants or no regulator; nothing seeded")]
    private static partial void LogNoParties(ILogger logger);

    [LoggerMessage(4206, LogLevel.Warning, "Demo seed: complaint {Number} stopped on {Error}")]
    private static partial void LogComplaintFailed(ILogger logger, int number, string error);
}
