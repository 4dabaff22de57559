using System.Globalization;
using Complaints.Core;
using Complaints.Core.Workflow;

namespace Complaints.Core.Tests.Support;

/// <summary>
/// Runs the decider and the workflow together, the way both runtimes do: every event goes to
/// <see cref="ComplaintWorkflow.React"/> with the next version; commands the workflow asks for go back into the
/// decider; payouts settle; drafts get a minted public id; timers fire when a fake clock reaches them.
/// Like the local runtime, a timer is delivered at most <see cref="MaxTimerHop"/> after it was scheduled (the
/// queue's longest delay), so a long deadline arrives early and must be re-armed.
/// </summary>
public sealed class Simulation
{
    /// <summary>Storage queues deliver a delayed message at most seven days later.</summary>
    public static readonly TimeSpan MaxTimerHop = TimeSpan.FromDays(7);

    private readonly ComplaintDecider _decider;
    private readonly Queue<WorkflowAction> _pending = new();
    private readonly List<(WorkflowTimer Timer, DateTimeOffset DeliverAt)> _timers = [];
    private readonly List<ComplaintEvent> _history = [];
    private readonly List<string> _log = [];
    private int _minted;

    public Simulation(ComplaintId id, DateTimeOffset start, ComplaintDecider? decider = null)
    {
        _decider = decider ?? Fixtures.Decider;
        Workflow = WorkflowState.Start(id);
        Now = start;
    }

    public Complaint State { get; private set; } = Complaint.Initial;

    public WorkflowState Workflow { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<ComplaintEvent> History => _history;

    /// <summary>Commands the workflow asked for that the decider refused (a race the runtime tolerates).</summary>
    public List<(ComplaintCommand Command, ComplaintRuleViolation Violation)> RefusedWorkflowCommands { get; } = [];

    /// <summary>Every state the complaint passed through, starting with the initial one.</summary>
    public List<Complaint> States { get; } = [Complaint.Initial];

    public bool HasPendingWork => _pending.Count > 0 || _timers.Count > 0;

    /// <summary>A readable trace for failure messages.</summary>
    public string Trace => string.Join(Environment.NewLine, _log);

    public IEnumerable<T> EventsOf<T>() where T : ComplaintEvent => _history.OfType<T>();

    /// <summary>Moves the clock forward (never back).</summary>
    public void Advance(TimeSpan by)
    {
        if (by > TimeSpan.Zero)
        {
            Now += by;
        }
    }

    /// <summary>An outside command (consumer, operator, regulator): applied now, and the workflow reacts.</summary>
    public IReadOnlyList<ComplaintEvent> Execute(ComplaintCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var events = _decider.Decide(command, State);
        _log.Add($"{Now:O} {command}");
        Record(events);
        return events;
    }

    /// <summary>Like <see cref="Execute"/>, but a refusal leaves everything as it was and returns it.</summary>
    public ComplaintRuleViolation? TryExecute(ComplaintCommand command)
    {
        try
        {
            Execute(command);
            return null;
        }
        catch (ComplaintRuleViolation violation)
        {
            _log.Add($"{Now:O} refused {command.GetType().Name}: {violation.Kind}");
            return violation;
        }
    }

    /// <summary>Runs the next pending workflow action, if any; timers wait.</summary>
    public bool StepAction()
    {
        if (_pending.TryDequeue(out var action))
        {
            Run(action);
            return true;
        }

        return false;
    }

    /// <summary>Does one piece of pending work: the next workflow action, or else the next timer. False when idle.</summary>
    public bool Step()
    {
        if (StepAction())
        {
            return true;
        }

        if (_timers.Count == 0)
        {
            return false;
        }

        var next = _timers.MinBy(t => t.DeliverAt);
        _timers.Remove(next);
        if (next.DeliverAt > Now)
        {
            Now = next.DeliverAt;
        }

        _log.Add($"{Now:O} timer {next.Timer.Kind} due {next.Timer.DueAt:O}");
        Apply(ComplaintWorkflow.React(Workflow, new WorkflowInput.TimerFired(next.Timer.Kind, next.Timer.DueAt), Now));
        return true;
    }

    /// <summary>Runs the pending workflow actions (not the timers) until none is left.</summary>
    public Simulation Drain(int maxSteps = 100)
    {
        for (var i = 0; i < maxSteps && _pending.Count > 0; i++)
        {
            Run(_pending.Dequeue());
        }

        return _pending.Count == 0 ? this : throw new InvalidOperationException($"The workflow kept asking for work.{Environment.NewLine}{Trace}");
    }

    /// <summary>Runs pending work and timers until nothing is left. Bounded, so a livelock fails instead of hanging.</summary>
    public Simulation RunUntilQuiescent(int maxSteps = 500)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            if (!Step())
            {
                return this;
            }
        }

        throw new InvalidOperationException($"The workflow did not settle within {maxSteps} steps.{Environment.NewLine}{Trace}");
    }

    private void Run(WorkflowAction action)
    {
        switch (action)
        {
            case WorkflowAction.Execute e:
                RunWorkflowCommand(e.Command);
                break;
            case WorkflowAction.RunPayout p:
                // The payouts stage pays, then reports the settlement back to the aggregate.
                RunWorkflowCommand(new ComplaintCommand.SettlePayout(p.PayoutId, Actor.System.Instance, Now));
                break;
            case WorkflowAction.DraftDisclosure:
                _minted++;
                RunWorkflowCommand(new ComplaintCommand.DraftDisclosure(
                    $"pub-{_minted.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}", Actor.System.Instance, Now));
                break;
            default:
                throw new InvalidOperationException($"Unknown action {action}");
        }
    }

    private void RunWorkflowCommand(ComplaintCommand command)
    {
        var violation = TryExecute(command);
        if (violation is not null)
        {
            RefusedWorkflowCommands.Add((command, violation));
        }
    }

    private void Record(IReadOnlyList<ComplaintEvent> events)
    {
        foreach (var e in events)
        {
            State = Complaint.Evolve(State, e);
            States.Add(State);
            _history.Add(e);
            _log.Add($"    => {e} (v{State.Version.ToString(CultureInfo.InvariantCulture)}, {State.Status})");
            Apply(ComplaintWorkflow.React(Workflow, new WorkflowInput.EventRecorded(e, State.Version), Now));
        }
    }

    private void Apply(Reaction reaction)
    {
        Workflow = reaction.State;
        foreach (var action in reaction.Actions)
        {
            _pending.Enqueue(action);
        }

        foreach (var timer in reaction.Timers)
        {
            var deliverAt = timer.DueAt - Now > MaxTimerHop ? Now + MaxTimerHop : timer.DueAt;
            _timers.Add((timer, deliverAt));
        }
    }
}
