using System.Globalization;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Durable;

namespace Complaints.Functions.ParityTests.Support;

/// <summary>
/// A complaint's event log in memory, decided by the real <see cref="ComplaintDecider"/>: the fake event source the
/// Durable loop reads from. Actions run the way the activities run them (a refused command is tolerated; the payout
/// and disclosure stages settle at once).
/// </summary>
public sealed class FakeComplaintLog(ComplaintId id)
{
    private readonly ComplaintDecider _decider = new(new DeadlineOptions());
    private readonly List<RecordedEvent> _events = [];

    public Complaint State { get; private set; } = Complaint.Initial;

    public IReadOnlyList<RecordedEvent> Events => _events;

    public List<string> Refused { get; } = [];

    public IReadOnlyList<string> Types => _events.Select(e => e.Event.Type).ToList();

    public void Execute(ComplaintCommand command)
    {
        foreach (var e in _decider.Decide(command, State))
        {
            State = Complaint.Evolve(State, e);
            _events.Add(new RecordedEvent(State.Version, e));
        }
    }

    /// <summary>The LoadComplaintEvents activity (free text left out, as there).</summary>
    public RecordedEventEnvelope[] Load(long afterVersion) =>
        _events.Where(e => e.Version > afterVersion).Select(WorkflowEnvelopes.ToWorkflowEnvelope).ToArray();

    /// <summary>The RunWorkflowAction activity, with the payout and disclosure stages done at once.</summary>
    public void Run(WorkflowActionEnvelope envelope, DateTimeOffset now)
    {
        var command = WorkflowEnvelopes.FromEnvelope(envelope) switch
        {
            WorkflowAction.Execute e => e.Command,
            WorkflowAction.RunPayout p => new ComplaintCommand.SettlePayout(p.PayoutId, Actor.System.Instance, now),
            WorkflowAction.DraftDisclosure => new ComplaintCommand.DraftDisclosure("d" + id.Value, Actor.System.Instance, now),
            var other => throw new InvalidOperationException($"Unknown action {other}"),
        };
        try
        {
            Execute(command);
        }
        catch (ComplaintRuleViolation violation)
        {
            Refused.Add($"{command.GetType().Name}: {violation.Message}");
        }
    }
}

/// <summary>
/// The orchestrator's loop with its I/O replaced by <see cref="FakeComplaintLog"/> and its clock by a field:
/// catch up (load, fold, run actions until none), then wait for a nudge or the next wake-up from
/// <see cref="DurableWorkflowStep.NextWake"/>. Pure and synchronous.
/// </summary>
public sealed class DurableLoop(FakeComplaintLog log, DateTimeOffset start)
{
    private readonly List<string> _trace = [];

    public WorkflowState State { get; private set; } = WorkflowState.Start(Samples.Id);

    public DateTimeOffset Now { get; private set; } = start;

    public int Projections { get; private set; }

    public int TimersFired { get; private set; }

    public string Trace => string.Join(Environment.NewLine, _trace);

    /// <summary>A nudge: the complaint changed (or the orchestration just started).</summary>
    public DurableLoop Nudge() => CatchUp(null);

    /// <summary>An outside command (consumer, operator, regulator) at the current time, then its nudge.</summary>
    public DurableLoop Outside(Func<DateTimeOffset, ComplaintCommand> command)
    {
        log.Execute(command(Now));
        return Nudge();
    }

    public DurableLoop Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    /// <summary>No nudge comes: the durable timer fires at the next wake-up. False when nothing is armed.</summary>
    public bool FireNextTimer()
    {
        if (DurableWorkflowStep.NextWake(State, Now) is not { } wake)
        {
            return false;
        }

        Now = wake > Now ? wake : Now;
        TimersFired++;
        _trace.Add($"{Now:O} timer {State.Deadline!.Kind} due {State.Deadline.DueAt:O}");
        CatchUp(State.Deadline);
        return true;
    }

    /// <summary>Lets every timer fire until the workflow completes or nothing is armed. Bounded.</summary>
    public DurableLoop RunTimers(int max = 100)
    {
        for (var i = 0; i < max && !State.Completed; i++)
        {
            if (!FireNextTimer())
            {
                return this;
            }
        }

        return State.Completed || DurableWorkflowStep.NextWake(State, Now) is null
            ? this
            : throw new InvalidOperationException($"Still armed after {max} timers.{Environment.NewLine}{Trace}");
    }

    private DurableLoop CatchUp(WorkflowTimer? fired)
    {
        var changed = 0;
        for (var round = 0; round < DurableWorkflowStep.MaxRoundsPerWakeUp; round++)
        {
            var step = DurableWorkflowStep.Fold(State, log.Load(State.LastVersion), round == 0 ? fired : null, Now);
            State = step.State;
            changed += step.Reacted;
            foreach (var action in step.Actions)
            {
                _trace.Add($"{Now:O} run {action.Kind}");
                log.Run(action, Now);
            }

            if (step.Actions.Count == 0)
            {
                break;
            }
        }

        if (changed > 0)
        {
            Projections++;
        }

        _trace.Add($"{Now:O} v{State.LastVersion.ToString(CultureInfo.InvariantCulture)} deadline {State.Deadline?.Kind} completed {State.Completed}");
        return this;
    }
}
