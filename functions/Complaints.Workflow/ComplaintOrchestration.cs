using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Webhooks;
using Complaints.Pipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Complaints.Workflow;

/// <summary>
/// One orchestration per complaint (instance id = complaint id), the same class in both hosts: a deterministic loop
/// over the pure <see cref="ComplaintWorkflow.React"/>. Each wake-up loads the complaint's new events (activity),
/// folds them and any fired deadline through the reactor, runs the actions it asks for (activities; a command's own
/// events are folded from its result instead of being read back), projects the read models once (activity), and then
/// waits for the next <see cref="ChangedEvent"/> or the armed deadline (a durable timer), whichever comes first.
/// Only the orchestration's clock is read. <c>ContinueAsNew</c> keeps the history short; the orchestration ends when
/// the complaint's disclosure draft exists and its recovery claim, if any, has ended (the reactor's <c>Completed</c>).
/// </summary>
public sealed class ComplaintOrchestration : TaskOrchestrator<ComplaintOrchestrationInput?, ComplaintOrchestrationOutcome>
{
    public const string Name = nameof(ComplaintOrchestration);

    /// <summary>The external event telling the orchestration that its complaint recorded events up to the version it carries (a <see cref="long"/>).</summary>
    public const string ChangedEvent = "ComplaintChanged";

    /// <summary>Storage faults are retried with back-off; after the last attempt the orchestration fails (see docs/operations.md).</summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromMinutes(2)));

    public override async Task<ComplaintOrchestrationOutcome> RunAsync(TaskOrchestrationContext context, ComplaintOrchestrationInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = input ?? new ComplaintOrchestrationInput();
        var logger = context.CreateReplaySafeLogger<ComplaintOrchestration>();
        var state = start.ToState(new ComplaintId(context.InstanceId));
        var catchUp = start.Generation == 1; // A later generation starts where the last one stood.
        var notify = start.Webhooks is { } policy ? new Notifications(context, policy, start.Warning, start.PendingDeliveries) : null;
        WorkflowTimer? fired = null;
        var warn = false;
        for (var wakeUp = 1; ; wakeUp++)
        {
            if (catchUp)
            {
                state = await CatchUpAsync(context, state, fired, notify);
            }
            else if (warn && notify?.Warning is { } due)
            {
                notify.Warning = null;
                await notify.SendAsync([OperatorNotices.NoticeOf(due)]);
            }

            if (state.Completed || state.LastVersion == 0)
            {
                if (notify is not null)
                {
                    await notify.DrainAsync(); // Deliveries in flight finish (or give up) before the instance ends.
                }

                var outcome = new ComplaintOrchestrationOutcome(state.Completed ? ComplaintOrchestrationOutcome.Drafted : ComplaintOrchestrationOutcome.NoSuchComplaint, state.LastVersion);
                WorkflowLog.Ended(logger, context.InstanceId, outcome.Result, state.LastVersion);
                return outcome;
            }

            context.SetCustomStatus(new WorkflowProgress(state.LastVersion, state.Deadline?.Kind.ToString(), state.Deadline?.DueAt, start.Generation));
            if (wakeUp >= start.WakeUpsPerGeneration)
            {
                WorkflowLog.ContinuedAsNew(logger, context.InstanceId, start.Generation + 1, state.LastVersion);
                context.ContinueAsNew(start.Next(state, notify?.Warning, notify?.Pending ?? []), preserveUnprocessedEvents: true);
                return new ComplaintOrchestrationOutcome("continued-as-new", state.LastVersion);
            }

            (fired, catchUp, warn) = await WaitAsync(context, state, notify);
        }
    }

    /// <summary>
    /// Reacts until quiescent: the actions record events that the next round reacts to. The read models follow along:
    /// the load projects the state its events lead to, and the last action of a round projects after it, so the state
    /// the step ends in is always projected without an activity of its own.
    /// </summary>
    private static async Task<WorkflowState> CatchUpAsync(TaskOrchestrationContext context, WorkflowState state, WorkflowTimer? fired, Notifications? notify)
    {
        var id = context.InstanceId;
        RecordedEventEnvelope[]? known = null;
        var notices = new List<OperatorNotice>();
        for (var round = 0; round < WorkflowStep.MaxRoundsPerWakeUp; round++)
        {
            var events = known ?? await context.CallActivityAsync<RecordedEventEnvelope[]>(
                LoadComplaintEvents.Name, new LoadEventsInput(id, state.LastVersion, Project: true), Retry);
            var step = WorkflowStep.Fold(state, events, round == 0 ? fired : null, WorkflowStep.Instant(context.CurrentUtcDateTime));
            if (notify is not null)
            {
                var (found, warning) = OperatorNotices.Observe(events, state.LastVersion, notify.Warning, step.State, notify.Policy.DeadlineWarningShare);
                notices.AddRange(found);
                notify.Warning = warning;
            }

            state = step.State;
            if (step.Actions.Count == 0)
            {
                break;
            }

            // The commands' own events follow on from what the fold has seen unless someone else wrote meanwhile
            // (or a command was a repeat or refused): then the next round reads them from the store instead.
            var recorded = new List<RecordedEventEnvelope>();
            var followsOn = true;
            for (var i = 0; i < step.Actions.Count; i++)
            {
                var action = step.Actions[i];
                var result = await context.CallActivityAsync<RecordedEventEnvelope[]?>(
                    RunWorkflowAction.Name, new RunActionInput(id, action, Project: i == step.Actions.Count - 1), Retry);
                if (WorkflowActionKinds.IsCommand(action.Kind))
                {
                    followsOn &= result is { Length: > 0 } && FollowsOn(recorded, result, state.LastVersion);
                }
            }

            known = followsOn ? [.. recorded] : null;
        }

        if (notify is not null)
        {
            notify.Warning = OperatorNotices.Current(notify.Warning, state);
            await notify.SendAsync(notices);
        }

        return state;
    }

    private static bool FollowsOn(List<RecordedEventEnvelope> recorded, RecordedEventEnvelope[] result, long seen)
    {
        var expected = (recorded.Count > 0 ? recorded[^1].Version : seen) + 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i].Version != expected + i)
            {
                return false;
            }
        }

        recorded.AddRange(result);
        return true;
    }

    /// <summary>
    /// Waits for a change or the armed deadline (at most <see cref="WorkflowStep.MaxTimerHop"/> ahead), or for the
    /// "deadline approaching" notice when that comes first, and cancels the one that lost: a timer left running would
    /// keep the instance busy, and a waiter left pending would take the next change. Webhook deliveries in flight
    /// finish meanwhile (their retries are their own timers) without ending the wait. Returns the deadline when its
    /// timer won, whether there is anything new to read, and whether the warning is due.
    /// </summary>
    private static async Task<(WorkflowTimer? Fired, bool CatchUp, bool Warn)> WaitAsync(TaskOrchestrationContext context, WorkflowState state, Notifications? notify)
    {
        var now = WorkflowStep.Instant(context.CurrentUtcDateTime);
        var wake = WorkflowStep.NextWake(state, now);
        if (wake <= now)
        {
            return (state.Deadline, true, false);
        }

        var warnAt = notify?.Warning is { } warning && (wake is null || warning.WarnAt < wake) ? warning.WarnAt : (DateTimeOffset?)null;
        if (warnAt <= now)
        {
            return (null, false, true);
        }

        var timerAt = warnAt ?? wake;
        if (timerAt is null && (notify is null || notify.InFlight == 0))
        {
            return (null, IsNew(await context.WaitForExternalEvent<long>(ChangedEvent), state), false);
        }

        using var timerCts = new CancellationTokenSource();
        using var changeCts = new CancellationTokenSource();
        var timer = timerAt is { } at ? context.CreateTimer(at.UtcDateTime, timerCts.Token) : null;
        var change = context.WaitForExternalEvent<long>(ChangedEvent, changeCts.Token);
        while (true)
        {
            var waits = new List<Task> { change };
            if (timer is not null)
            {
                waits.Add(timer);
            }

            waits.AddRange(notify?.Tasks ?? []);
            var done = await Task.WhenAny(waits);
            if (done == change)
            {
                timerCts.Cancel(); // Synchronously, on the orchestrator thread: deterministic.
                return (null, IsNew(await change, state), false);
            }

            if (done == timer)
            {
                changeCts.Cancel();
                return warnAt is null ? (state.Deadline, true, false) : (null, false, true);
            }

            notify!.Finished(done);
        }
    }

    /// <summary>A change at or below the last version reacted to is a repeat; a version of 0 (unknown) is read.</summary>
    private static bool IsNew(long version, WorkflowState state) => version <= 0 || version > state.LastVersion;

    /// <summary>
    /// The orchestration's webhook work: the pending "deadline approaching" warning, and the deliveries in flight,
    /// each a Durable activity with the policy's retries (docs/adr/0011). A delivery never fails the orchestration:
    /// when its retries run out, it is recorded as failed, for the party to see.
    /// </summary>
    private sealed class Notifications
    {
        private static readonly TaskOptions Recording = Retry;
        private readonly TaskOrchestrationContext _context;
        private readonly TaskOptions _deliveryRetry;
        private readonly List<(WebhookDeliveryRef Ref, Task Task)> _inFlight = [];

        public Notifications(TaskOrchestrationContext context, WebhookPolicy policy, DeadlineWarning? warning, WebhookDeliveryRef[]? pending)
        {
            _context = context;
            Policy = policy;
            Warning = warning;
            _deliveryRetry = policy.Retry();
            foreach (var delivery in pending ?? [])
            {
                Start(delivery);
            }
        }

        public WebhookPolicy Policy { get; }

        public DeadlineWarning? Warning { get; set; }

        public int InFlight => _inFlight.Count;

        public IEnumerable<Task> Tasks => _inFlight.Select(d => d.Task);

        public WebhookDeliveryRef[] Pending => [.. _inFlight.Select(d => d.Ref)];

        /// <summary>Plans the notices' deliveries (one activity) and starts each.</summary>
        public async Task SendAsync(IReadOnlyList<OperatorNotice> notices)
        {
            if (notices.Count == 0)
            {
                return;
            }

            var planned = await _context.CallActivityAsync<WebhookDeliveryRef[]>(
                NotifyOperators.Name, new NotifyOperatorsInput(_context.InstanceId, [.. notices]), Recording);
            foreach (var delivery in planned ?? [])
            {
                Start(delivery);
            }
        }

        public void Finished(Task done) => _inFlight.RemoveAll(d => d.Task == done);

        public async Task DrainAsync()
        {
            await Task.WhenAll(Tasks);
            _inFlight.Clear();
        }

        private void Start(WebhookDeliveryRef delivery)
        {
            if (!_inFlight.Exists(d => d.Ref == delivery))
            {
                _inFlight.Add((delivery, DeliverAsync(delivery)));
            }
        }

        private async Task DeliverAsync(WebhookDeliveryRef delivery)
        {
            try
            {
                await _context.CallActivityAsync<bool>(DeliverWebhook.Name, delivery, _deliveryRetry);
            }
            catch (TaskFailedException)
            {
                try
                {
                    await _context.CallActivityAsync<bool>(GiveUpWebhookDelivery.Name, delivery, Recording);
                }
                catch (TaskFailedException)
                {
                    // Storage refused even that: the record stays pending; the engine logged the failure.
                }
            }
        }
    }
}
