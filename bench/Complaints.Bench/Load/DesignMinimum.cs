using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Stages;
using static Complaints.Core.ComplaintEvent;

namespace Complaints.Bench.Load;

/// <summary>Storage requests of one kind of work: reads (point reads, queries), writes (inserts, transactions, deletes) and queue messages (send, receive, delete).</summary>
public sealed record Cost(double Reads, double Writes, double Messages)
{
    public double Total => Math.Round(Reads + Writes + Messages, 2);

    public static Cost operator +(Cost a, Cost b) => new(a.Reads + b.Reads, a.Writes + b.Writes, a.Messages + b.Messages);

    public Cost Times(double n) => new(Reads * n, Writes * n, Messages * n);

    public Cost Round() => new(Math.Round(Reads, 2), Math.Round(Writes, 2), Math.Round(Messages, 2));
}

/// <summary>The engine work a complaint cannot do without: wake-ups of its orchestration, activity calls, external events and timers.</summary>
public sealed record EngineWork(double WakeUps, double Activities, double Events, double Timers);

/// <summary>The design's minimum for the complaints of a run, per complaint on average, by stage, and the engine's part.</summary>
public sealed record MinimumResult(int Complaints, IReadOnlyDictionary<string, Cost> OursByStage, Cost Ours, EngineWork Engine, Cost TaskHub)
{
    public double Total => Ours.Total + TaskHub.Total;
}

/// <summary>
/// The irreducible storage requests of each stage of the design, worked out per complaint from the events it actually
/// recorded (so the mix of routes is the run's own). docs/benchmarks.md ("The design's minimum") explains every line.
/// Assumptions: one request per message receive (no batching credit), no idle polling, no lease renewals, no
/// bench polling; read models written only where a row changed between two states a reader can see (the real
/// <see cref="Projector"/> decides that, over in-memory stores); the orchestration wakes once per change from
/// outside and once per activity completion, and calls one activity per workflow action, one to load the events an
/// outside change recorded and one to project each state.
/// </summary>
public static class DesignMinimum
{
    /// <summary>One wake-up of an orchestration on the Azure Storage provider (no extended sessions): the message that wakes it is sent, received and deleted; its history is read and appended in one batch; its instance row is written.</summary>
    public static readonly Cost PerWakeUp = new(Reads: 1, Writes: 2, Messages: 3);

    /// <summary>One activity call besides the wake-up its completion causes: the work-item message is sent, received and deleted.</summary>
    public static readonly Cost PerActivity = new(0, 0, 3);

    /// <summary>A durable timer: its delayed message (cancelled, it is never received).</summary>
    public static readonly Cost PerTimer = new(0, 0, 1);

    /// <summary>Starting an orchestration: its instance row (the start message is the first wake-up's).</summary>
    public static readonly Cost PerStart = new(0, 1, 0);

    /// <summary>Events the workflow's own commands record (they come back in the command's result; no nudge).</summary>
    private static readonly HashSet<string> WorkflowCaused = new(StringComparer.Ordinal)
    {
        nameof(FirstResponderAssigned), nameof(AdvanceCompensationRequested), nameof(Escalated), nameof(DeadlineMissed),
        nameof(Closed), nameof(RecoveryClaimOpened),
    };

    public static async Task<MinimumResult> OfAsync(IReadOnlyList<IReadOnlyList<ComplaintEvent>> complaints, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(complaints);
        var byStage = new SortedDictionary<string, Cost>(StringComparer.Ordinal);
        double wakeUps = 0, activities = 0, events = 0, timers = 0;
        void Add(string stage, Cost cost) => byStage[stage] = byStage.GetValueOrDefault(stage, new Cost(0, 0, 0)) + cost;

        foreach (var history in complaints.Where(h => h.Count > 0 && h[0] is Filed))
        {
            var stores = new CountingReadModels();
            var projector = new Projector(stores, stores, stores);
            IReadOnlyDictionary<string, string> fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
            var state = Complaint.Initial;
            var workflow = WorkflowState.Start(((Filed)history[0]).Id);
            var version = 0L;

            // Filing: the intake row and a doorbell. The intake stage: the doorbell taken and deleted, the shard read,
            // then the contact row, the state/content/Filed transaction, the intake row removed; the orchestration started.
            Add("1 filing: intake row + doorbell", new Cost(0, 1, 1));
            Add("2 intake stage: record + start", new Cost(1, 3, 2));
            wakeUps += 1;

            foreach (var group in Groups(history))
            {
                var cause = group[0];
                switch (cause)
                {
                    case Filed:
                        break;
                    case PayoutSettled:
                        // The payout message taken and deleted, the state read, the ledger row, the command's
                        // transaction with its outbox row, the nudge sent and the outbox row removed.
                        Add("5 payouts stage: ledger + settle", new Cost(1, 3, 3));
                        Add("4 complaint-events stage: nudge → raise", new Cost(0, 0, 2));
                        events++;
                        wakeUps++;
                        break;
                    case DisclosureDrafted:
                        // The message taken and deleted; state, content and contact read; the record put; the command
                        // with its outbox row, the nudge, the outbox row removed.
                        Add("6 disclosures stage: record + draft", new Cost(3, 3, 3));
                        Add("4 complaint-events stage: nudge → raise", new Cost(0, 0, 2));
                        events++;
                        wakeUps++;
                        break;
                    default:
                        // An API command: the state row read (authorization and decision on it), the transaction
                        // (state, event, outbox row), the nudge sent, the outbox row removed.
                        Add("3 API commands", new Cost(1, 2, 1));
                        Add("4 complaint-events stage: nudge → raise", new Cost(0, 0, 2));
                        events++;
                        wakeUps++;
                        break;
                }

                // The orchestration loads what the outside change recorded (one query)...
                Add("7 orchestration activities: load, commands, stage messages", new Cost(1, 0, 0));
                activities++;
                wakeUps++;
                foreach (var e in group)
                {
                    version++;
                    state = Complaint.Evolve(state, e);
                    var reaction = ComplaintWorkflow.React(workflow, new WorkflowInput.EventRecorded(e, version), e.At);
                    workflow = reaction.State;
                    foreach (var action in reaction.Actions)
                    {
                        // ...runs each action: a command reads the state and commits (no outbox: the result carries
                        // the events); a stage message is one send.
                        Add("7 orchestration activities: load, commands, stage messages", action is WorkflowAction.Execute ? new Cost(1, 1, 0) : new Cost(0, 0, 1));
                        activities++;
                        wakeUps++;
                    }
                }

                // ...and projects the state it reached: fingerprints and state read, changed rows written, fingerprints saved.
                stores.Reset(state);
                var next = await projector.ProjectAsync(state, fingerprints, ct);
                var changed = stores.Writes;
                Add("8 projection (read models)", new Cost(2 + stores.Reads, changed > 0 ? changed + 1 : 0, 0));
                activities++;
                wakeUps++;

                fingerprints = next;

                // Waiting for the next change with a deadline armed: one durable timer.
                if (!workflow.Completed && workflow.Deadline is not null)
                {
                    timers++;
                }
            }

        }

        var n = Math.Max(1, complaints.Count(h => h.Count > 0 && h[0] is Filed));
        var stages = new SortedDictionary<string, Cost>(byStage.ToDictionary(p => p.Key, p => p.Value.Times(1.0 / n).Round()), StringComparer.Ordinal);
        var ours = stages.Values.Aggregate(new Cost(0, 0, 0), (a, b) => a + b).Round();
        var engine = new EngineWork(Math.Round(wakeUps / n, 2), Math.Round(activities / n, 2), Math.Round(events / n, 2), Math.Round(timers / n, 2));
        var hub = (PerWakeUp.Times(engine.WakeUps) + PerActivity.Times(engine.Activities) + PerTimer.Times(engine.Timers) + PerStart).Round();
        return new MinimumResult(n, stages, ours, engine, hub);
    }

    /// <summary>Splits a complaint's events into wake-ups: an event from outside the orchestration, then the events its reaction's commands recorded.</summary>
    private static List<List<ComplaintEvent>> Groups(IReadOnlyList<ComplaintEvent> history)
    {
        var groups = new List<List<ComplaintEvent>>();
        foreach (var e in history)
        {
            if (groups.Count == 0 || !WorkflowCaused.Contains(e.GetType().Name))
            {
                groups.Add([e]);
            }
            else
            {
                groups[^1].Add(e);
            }
        }

        return groups;
    }

    /// <summary>In-memory read-model, disclosure and recovery stores that count what the projector writes.</summary>
    private sealed class CountingReadModels : IReadModelStore, IDisclosureStore, IIndicatorStore
    {
        private Complaint _state = Complaint.Initial;

        public int Writes { get; private set; }

        public int Reads { get; private set; }

        public void Reset(Complaint state)
        {
            _state = state;
            Writes = 0;
            Reads = 0;
        }

        public Task UpsertAsync(ReadModelRow row, CancellationToken cancellationToken)
        {
            Writes++;
            return Task.CompletedTask;
        }

        public Task DeleteAsync(ReadModel model, string partition, string row, CancellationToken cancellationToken)
        {
            Writes++;
            return Task.CompletedTask;
        }

        public Task<Page<ReadModelRow>> QueryAsync(ReadModel model, string partition, int pageSize, string? cursor, CancellationToken cancellationToken) =>
            Task.FromResult(new Page<ReadModelRow>([], null));

        /// <summary>IndicatorStore's cost of a change: the contribution and cell rows read, one transaction, the copy read and written.</summary>
        public Task ApplyAsync(Complaints.Core.Indicators.IndicatorContribution contribution, CancellationToken cancellationToken)
        {
            Reads += 3;
            Writes += 2;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<IndicatorCellCounts>> ReadMonthAsync(DateOnly month, PartyId? merchant, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IndicatorCellCounts>>([]);

        public Task PutAsync(StoredDisclosure disclosure, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<StoredDisclosure?> GetAsync(string disclosureId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<StoredDisclosure?>(new StoredDisclosure(DisclosureBuilder.Build(_state, disclosureId, null, null), _state.Id));
        }
    }
}
