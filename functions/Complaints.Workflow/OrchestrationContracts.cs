using Complaints.Core;
using Complaints.Core.Workflow;

namespace Complaints.Workflow;

/// <summary>
/// What one generation of <see cref="ComplaintOrchestration"/> starts from: versions, a deadline kind and flags,
/// never content. The first generation starts from the defaults; <c>ContinueAsNew</c> hands the next one the
/// workflow state reached.
/// </summary>
/// <param name="LastVersion">The last complaint event reacted to.</param>
/// <param name="Deadline">The armed deadline's kind (<see cref="DeadlineKind"/> name), if any.</param>
/// <param name="DeadlineDueAt">When it falls due.</param>
/// <param name="AdvanceCompensationEligible">A venue will pay first if the merchant fails (taken from the filing).</param>
/// <param name="WakeUpsPerGeneration">Wake-ups before <c>ContinueAsNew</c> starts a fresh, short history.</param>
/// <param name="Generation">1 for the first generation, then one more per <c>ContinueAsNew</c>.</param>
/// <param name="DisclosureDrafted">The disclosure draft exists; the workflow waits only for an open recovery claim to end.</param>
public sealed record ComplaintOrchestrationInput(
    long LastVersion = 0,
    string? Deadline = null,
    DateTimeOffset? DeadlineDueAt = null,
    bool AdvanceCompensationEligible = false,
    int WakeUpsPerGeneration = WorkflowOptions.DefaultWakeUpsPerGeneration,
    int Generation = 1,
    bool DisclosureDrafted = false)
{
    internal WorkflowState ToState(ComplaintId id) => new(
        id,
        LastVersion,
        Deadline is not null && DeadlineDueAt is { } due && Enum.TryParse<DeadlineKind>(Deadline, out var kind) ? new WorkflowTimer(kind, due) : null,
        AdvanceCompensationEligible,
        Completed: false,
        DisclosureDrafted);

    internal ComplaintOrchestrationInput Next(WorkflowState state) => this with
    {
        LastVersion = state.LastVersion,
        Deadline = state.Deadline?.Kind.ToString(),
        DeadlineDueAt = state.Deadline?.DueAt,
        AdvanceCompensationEligible = state.AdvanceCompensationEligible,
        DisclosureDrafted = state.DisclosureDrafted,
        Generation = Generation + 1,
    };
}

/// <summary>How an orchestration ended: <see cref="Drafted"/> (the complaint's disclosure draft exists) or <see cref="NoSuchComplaint"/>.</summary>
public sealed record ComplaintOrchestrationOutcome(string Result, long LastVersion)
{
    public const string Drafted = "disclosure-drafted";
    public const string NoSuchComplaint = "no-such-complaint";
}

/// <summary>
/// Input of <see cref="LoadComplaintEvents"/>: the events after <paramref name="AfterVersion"/>; when there are any and
/// <paramref name="Project"/> is set, the read models are brought up to the state they lead to in the same activity.
/// </summary>
public sealed record LoadEventsInput(string ComplaintId, long AfterVersion, bool Project = false);

/// <summary>Input of <see cref="RunWorkflowAction"/>; <paramref name="Project"/>: bring the read models up to date after it.</summary>
public sealed record RunActionInput(string ComplaintId, WorkflowActionEnvelope Action, bool Project = false);

/// <summary>Settings of the workflow both hosts share. Bound from <c>Complaints:Workflow</c>.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Complaints:Workflow";
    public const int DefaultWakeUpsPerGeneration = 16;

    /// <summary>Wake-ups (events or timers) per orchestration generation before <c>ContinueAsNew</c>.</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 1000)]
    public int WakeUpsPerGeneration { get; set; } = DefaultWakeUpsPerGeneration;
}
