using System.Text.Json;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Core.Workflow;
using Complaints.Functions.ParityTests.Support;
using Complaints.Pipeline.Durable;
using Complaints.Storage;
using static Complaints.Functions.ParityTests.Support.Samples;

namespace Complaints.Functions.ParityTests;

/// <summary>What crosses the orchestration history survives the trip: every action kind, every event type, the state.</summary>
public class WorkflowEnvelopeTests
{
    private static readonly Actor SystemActor = Actor.System.Instance;

    /// <summary>Plain serializer settings, as a Durable data converter might use them: the envelopes need no converters.</summary>
    private static readonly JsonSerializerOptions[] Serializers = [new(), new(JsonSerializerDefaults.Web)];

    public static TheoryData<WorkflowAction> EveryAction()
    {
        var data = new TheoryData<WorkflowAction>
        {
            new WorkflowAction.Execute(new ComplaintCommand.AssignFirstResponder(SystemActor, T0)),
            new WorkflowAction.Execute(new ComplaintCommand.Close(SystemActor, T0.AddDays(3))),
            new WorkflowAction.Execute(new ComplaintCommand.OpenRecoveryClaim(SystemActor, T0.AddDays(3))),
            new WorkflowAction.RunPayout(ComplaintDecider.PayoutIdFor(Id)),
            new WorkflowAction.DraftDisclosure(),
        };
        foreach (var trigger in Enum.GetValues<AdvanceCompensationTrigger>())
        {
            data.Add(new WorkflowAction.Execute(new ComplaintCommand.RequestAdvanceCompensation(trigger, SystemActor, T0.AddDays(2))));
        }

        foreach (var reason in Enum.GetValues<EscalationReason>())
        {
            data.Add(new WorkflowAction.Execute(new ComplaintCommand.Escalate(reason, SystemActor, T0.AddDays(2))));
        }

        foreach (var kind in Enum.GetValues<DeadlineKind>())
        {
            data.Add(new WorkflowAction.Execute(new ComplaintCommand.MissDeadline(kind, T0.AddDays(1), SystemActor, T0.AddDays(1).AddSeconds(3))));
        }

        return data;
    }

    public static TheoryData<string> EveryEventType => new(EventTypeNames.Types.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(EveryAction))]
    public void Every_action_the_workflow_emits_round_trips(WorkflowAction action)
    {
        var envelope = WorkflowEnvelopes.ToEnvelope(action);

        Assert.Contains(envelope.Kind, WorkflowActionKinds.All);
        Assert.Equal(action, WorkflowEnvelopes.FromEnvelope(envelope));
        foreach (var options in Serializers)
        {
            var carried = JsonSerializer.Deserialize<WorkflowActionEnvelope>(JsonSerializer.Serialize(envelope, options), options);
            Assert.Equal(action, WorkflowEnvelopes.FromEnvelope(carried!));
        }
    }

    [Fact]
    public void Every_action_kind_is_covered_by_the_round_trip()
    {
        var kinds = ((IEnumerable<object[]>)EveryAction()).Select(row => WorkflowEnvelopes.ToEnvelope((WorkflowAction)row[0]).Kind).ToHashSet();
        Assert.Equal(WorkflowActionKinds.All.Order(), kinds.Order());
    }

    [Fact]
    public void A_command_the_workflow_never_issues_has_no_envelope()
    {
        var e = Assert.Throws<NotSupportedException>(() =>
            WorkflowEnvelopes.ToEnvelope(new WorkflowAction.Execute(new ComplaintCommand.Withdraw(new Actor.Consumer(Id), T0))));
        Assert.Contains("Withdraw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_not_issued_by_the_system_has_no_envelope()
    {
        var e = Assert.Throws<NotSupportedException>(() =>
            WorkflowEnvelopes.ToEnvelope(new WorkflowAction.Execute(new ComplaintCommand.Close(new Actor.Regulator(Regulator), T0))));
        Assert.Contains("system", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-kind", null, null, "Unknown workflow action kind 'no-such-kind'")]
    [InlineData(WorkflowActionKinds.Close, null, null, "has no At")]
    [InlineData(WorkflowActionKinds.Escalate, "2026-03-02T09:00:00+08:00", null, "has no Reason")]
    [InlineData(WorkflowActionKinds.Escalate, "2026-03-02T09:00:00+08:00", "NotAReason", "is not a EscalationReason")]
    [InlineData(WorkflowActionKinds.Escalate, "2026-03-02T09:00:00+08:00", "1", "is not a EscalationReason")]
    public void A_malformed_envelope_says_what_is_wrong(string kind, string? at, string? reason, string expected)
    {
        var envelope = new WorkflowActionEnvelope(kind, at is null ? null : DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Reason: reason);
        var e = Assert.Throws<FormatException>(() => WorkflowEnvelopes.FromEnvelope(envelope));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_exists_for_every_event_type()
    {
        Assert.Equal(EventTypeNames.Types.Keys.Order(StringComparer.Ordinal), EveryEvent.Select(e => e.Type).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void Every_event_type_round_trips(string type)
    {
        var sample = EveryEvent.Single(e => e.Type == type);
        var envelope = WorkflowEnvelopes.ToEnvelope(new RecordedEvent(7, sample));

        Assert.Equal(7, envelope.Version);
        Assert.Equal(type, envelope.Type);
        foreach (var options in Serializers)
        {
            var carried = JsonSerializer.Deserialize<RecordedEventEnvelope>(JsonSerializer.Serialize(envelope, options), options)!;
            var back = WorkflowEnvelopes.FromEnvelope(carried);
            Assert.Equal(7, back.Version);
            Assert.Equal(sample.GetType(), back.Event.GetType());
            // Structural equality through the storage format (records holding sets compare by reference).
            Assert.Equal(StorageJson.SerializeEvent(sample), StorageJson.SerializeEvent(back.Event));
        }
    }

    [Fact]
    public void The_orchestration_gets_events_without_the_free_text_people_wrote()
    {
        string[] texts = ["Used goods.", "Too little.", "Full refund.", "Names a third party."];
        var sent = EveryEvent.Select((e, i) => JsonSerializer.Serialize(WorkflowEnvelopes.ToWorkflowEnvelope(new RecordedEvent(i + 1, e)))).ToList();

        foreach (var text in texts)
        {
            Assert.Contains(EveryEvent, e => StorageJson.SerializeEvent(e).Contains(text, StringComparison.Ordinal));
            Assert.DoesNotContain(sent, json => json.Contains(text, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(EveryEventType))]
    public void The_reactor_reacts_to_an_event_without_its_free_text_exactly_as_to_the_event(string type)
    {
        var sample = EveryEvent.Single(e => e.Type == type);
        var sent = WorkflowEnvelopes.FromEnvelope(WorkflowEnvelopes.ToWorkflowEnvelope(new RecordedEvent(3, sample))).Event;
        foreach (var eligible in new[] { true, false })
        {
            var state = new WorkflowState(Id, 2, new WorkflowTimer(DeadlineKind.Resolve, T0.AddDays(8)), eligible, false);

            var expected = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(sample, 3), T0.AddDays(2));
            var actual = ComplaintWorkflow.React(state, new WorkflowInput.EventRecorded(sent, 3), T0.AddDays(2));

            Assert.Equal(expected.State, actual.State);
            Assert.Equal(expected.Actions, actual.Actions);
            Assert.Equal(expected.Timers, actual.Timers);
        }
    }

    [Fact]
    public void Workflow_state_round_trips_with_and_without_a_deadline()
    {
        var armed = new WorkflowState(Id, 5, new WorkflowTimer(DeadlineKind.Mediation, T0.AddDays(45)), true, false);
        var idle = WorkflowState.Start(Id) with { Completed = true, LastVersion = 12 };

        Assert.Equal(armed, WorkflowEnvelopes.DeserializeState(WorkflowEnvelopes.SerializeState(armed)));
        Assert.Equal(idle, WorkflowEnvelopes.DeserializeState(WorkflowEnvelopes.SerializeState(idle)));
    }

    [Fact]
    public void Activity_requests_survive_a_plain_json_round_trip()
    {
        var run = new RunActionRequest(Id.Value, new WorkflowActionEnvelope(WorkflowActionKinds.MissDeadline, T0, Deadline: "Resolve", DueAt: T0.AddDays(7)));
        var project = new ProjectRequest(Id.Value, WorkflowEnvelopes.SerializeState(WorkflowState.Start(Id)));
        var load = new LoadEventsRequest(Id.Value, 42);
        foreach (var options in Serializers)
        {
            Assert.Equal(run, JsonSerializer.Deserialize<RunActionRequest>(JsonSerializer.Serialize(run, options), options));
            Assert.Equal(project, JsonSerializer.Deserialize<ProjectRequest>(JsonSerializer.Serialize(project, options), options));
            Assert.Equal(load, JsonSerializer.Deserialize<LoadEventsRequest>(JsonSerializer.Serialize(load, options), options));
        }
    }
}
