using Complaints.Core;

namespace Complaints.Core.Tests.Support;

/// <summary>
/// Given a history, when a command arrives, then these events (or none, or this refusal).
/// <code>Spec.Given(Story.At(Mall).Assigned()).When(Acknowledge(Op(OtherVenue))).ThenThrows(ViolationKind.Forbidden);</code>
/// </summary>
public sealed class Spec
{
    private readonly ComplaintEvent[] _history;

    private Spec(ComplaintEvent[] history) => _history = history;

    public static Spec Given(params ComplaintEvent[] history) => new(history);

    /// <summary>The state the history folds to.</summary>
    public Complaint State => Complaint.Replay(_history);

    public Outcome When(ComplaintCommand command) => When(command, Fixtures.Decider);

    public Outcome When(ComplaintCommand command, ComplaintDecider decider)
    {
        ArgumentNullException.ThrowIfNull(decider);
        var state = State;
        try
        {
            return new Outcome(command, state, decider.Decide(command, state), null);
        }
        catch (ComplaintRuleViolation violation)
        {
            return new Outcome(command, state, null, violation);
        }
    }

    /// <summary>What the decider did with one command.</summary>
    public sealed class Outcome
    {
        private readonly ComplaintCommand _command;
        private readonly Complaint _before;
        private readonly IReadOnlyList<ComplaintEvent>? _events;
        private readonly ComplaintRuleViolation? _violation;

        internal Outcome(ComplaintCommand command, Complaint before, IReadOnlyList<ComplaintEvent>? events, ComplaintRuleViolation? violation)
        {
            _command = command;
            _before = before;
            _events = events;
            _violation = violation;
        }

        /// <summary>The events decided; fails the test if the command was refused.</summary>
        public IReadOnlyList<ComplaintEvent> Events =>
            _events ?? throw new Xunit.Sdk.XunitException(
                $"Expected {_command.GetType().Name} to be accepted in status {_before.Status}, but it was refused ({_violation!.Kind}): {_violation.Message}");

        /// <summary>The state after the decided events.</summary>
        public Complaint After => Events.Aggregate(_before, Complaint.Evolve);

        public Outcome Then(params ComplaintEvent[] expected)
        {
            Assert.Equal(expected, Events);
            return this;
        }

        /// <summary>Accepted, and the events satisfy <paramref name="check"/>.</summary>
        public Outcome Then(Action<IReadOnlyList<ComplaintEvent>> check)
        {
            ArgumentNullException.ThrowIfNull(check);
            check(Events);
            return this;
        }

        /// <summary>Accepted, and the state after the events satisfies <paramref name="check"/>.</summary>
        public Outcome ThenState(Action<Complaint> check)
        {
            ArgumentNullException.ThrowIfNull(check);
            check(After);
            return this;
        }

        /// <summary>Accepted as a repeat: no new events.</summary>
        public void ThenNothing()
        {
            if (Events.Count != 0)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Expected {_command.GetType().Name} to change nothing in status {_before.Status}, but it decided: {string.Join(", ", Events)}");
            }
        }

        public ComplaintRuleViolation ThenThrows(ViolationKind kind)
        {
            if (_violation is null)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Expected {_command.GetType().Name} to be refused ({kind}) in status {_before.Status}, but it decided: [{string.Join(", ", _events!)}]");
            }

            if (_violation.Kind != kind)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Expected {_command.GetType().Name} to be refused as {kind} in status {_before.Status}, but it was refused as {_violation.Kind}: {_violation.Message}");
            }

            return _violation;
        }
    }
}
