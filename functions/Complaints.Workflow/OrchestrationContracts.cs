using Complaints.Core;
using Complaints.Core.Workflow;
using Complaints.Pipeline.Webhooks;
using Microsoft.DurableTask;

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
/// <param name="Webhooks">
/// How operators are notified (docs/adr/0011), fixed when the complaint's orchestration starts. <c>null</c> in an
/// orchestration started before webhooks existed: it runs on as it did, notifying nobody, so its history replays.
/// </param>
/// <param name="Warning">The "deadline approaching" notice still to send, if any.</param>
/// <param name="PendingDeliveries">Webhook deliveries not finished when the last generation continued as new.</param>
public sealed record ComplaintOrchestrationInput(
    long LastVersion = 0,
    string? Deadline = null,
    DateTimeOffset? DeadlineDueAt = null,
    bool AdvanceCompensationEligible = false,
    int WakeUpsPerGeneration = WorkflowOptions.DefaultWakeUpsPerGeneration,
    int Generation = 1,
    bool DisclosureDrafted = false,
    WebhookPolicy? Webhooks = null,
    DeadlineWarning? Warning = null,
    WebhookDeliveryRef[]? PendingDeliveries = null)
{
    internal WorkflowState ToState(ComplaintId id) => new(
        id,
        LastVersion,
        Deadline is not null && DeadlineDueAt is { } due && Enum.TryParse<DeadlineKind>(Deadline, out var kind) ? new WorkflowTimer(kind, due) : null,
        AdvanceCompensationEligible,
        Completed: false,
        DisclosureDrafted);

    internal ComplaintOrchestrationInput Next(WorkflowState state, DeadlineWarning? warning, WebhookDeliveryRef[] pending) => this with
    {
        Warning = warning,
        PendingDeliveries = pending.Length > 0 ? pending : null,
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

/// <summary>
/// The webhook settings an orchestration runs with (from <see cref="WebhookOptions"/> when it starts): the share of a
/// deadline's time after which "deadline approaching" goes out, and the Durable retry policy of each delivery.
/// </summary>
public sealed record WebhookPolicy(
    double DeadlineWarningShare,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient,
    TimeSpan MaxRetryInterval,
    int MaxAttempts,
    TimeSpan GiveUpAfter)
{
    public static WebhookPolicy From(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.DeadlineWarningShare, options.FirstRetryInterval, options.BackoffCoefficient, options.MaxRetryInterval, options.MaxAttempts, options.GiveUpAfter);
    }

    /// <summary>
    /// Each delivery's retries: attempts with waits growing by the coefficient up to the longest wait, until the
    /// attempts or the give-up time run out. The waits are durable timers of the orchestration, so they survive a crash.
    /// </summary>
    internal TaskOptions Retry() => TaskOptions.FromRetryPolicy(new RetryPolicy(
        Math.Max(1, MaxAttempts), FirstRetryInterval, BackoffCoefficient, MaxRetryInterval, GiveUpAfter));
}

/// <summary>A "deadline approaching" notice to send at <paramref name="WarnAt"/>, while <paramref name="Deadline"/> (a <see cref="DeadlineKind"/> name) is armed for <paramref name="DueAt"/>.</summary>
public sealed record DeadlineWarning(string Deadline, DateTimeOffset DueAt, DateTimeOffset WarnAt);

/// <summary>Input of <see cref="NotifyOperators"/>: the notices one wake-up of the complaint's orchestration found.</summary>
public sealed record NotifyOperatorsInput(string ComplaintId, OperatorNotice[] Notices);

/// <summary>Settings of the workflow both hosts share. Bound from <c>Complaints:Workflow</c>.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Complaints:Workflow";
    public const int DefaultWakeUpsPerGeneration = 16;

    /// <summary>Wake-ups (events or timers) per orchestration generation before <c>ContinueAsNew</c>.</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 1000)]
    public int WakeUpsPerGeneration { get; set; } = DefaultWakeUpsPerGeneration;

    /// <summary>
    /// How long a completed orchestration's status and history are kept (from the start of its last generation) before
    /// <see cref="WorkflowHistoryPurge"/> deletes them. The complaint's events, timeline and read models stay; only the
    /// engine's trace goes, and with it the regulator's <c>include=workflow</c> history (the view then says <c>purged</c>).
    /// On Azurite every history read scans the whole history table, so a short retention keeps a long local run fast.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the local host runs the purge (the Functions app's timer runs it hourly).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HistoryPurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The webhook settings (<c>Complaints:Webhooks</c>) new orchestrations start with; not bound from this section.</summary>
    public WebhookOptions Webhooks { get; internal set; } = new();

    /// <summary>What a complaint's orchestration starts from, in both hosts.</summary>
    public ComplaintOrchestrationInput FirstInput() =>
        new(WakeUpsPerGeneration: WakeUpsPerGeneration, Webhooks: WebhookPolicy.From(Webhooks));
}
