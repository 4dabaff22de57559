using Complaints.Core;
using Complaints.Pipeline.Workflow;
using Complaints.Storage;
using Microsoft.Extensions.Logging;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// The <c>complaint-events</c> stage, shared by both hosts: a command recorded events up to a version; tell the
/// complaint's orchestration, which reads them from the store by version (the message carries ids only, so a lost,
/// repeated or reordered message is harmless).
/// <list type="bullet">
/// <item>running (or pending): raise the event;</item>
/// <item>no instance: before the draft, none yet, and nothing to do (the intake stage starts it and it reads every
/// event from the first); after the draft, a completed orchestration whose history was purged
/// (<c>Complaints:Workflow:HistoryRetention</c>), so the stage projects the events itself;</item>
/// <item>completed (its disclosure is drafted): the later events (publication, evaluation) need no workflow, only the
/// read models, so the stage projects them itself;</item>
/// <item>failed or terminated: left to an operator, logged.</item>
/// </list>
/// A message from after the disclosure draft is projected here as well even when the orchestration is still running:
/// an orchestration that completes before it takes the event would otherwise drop it unprojected.
/// </summary>
public sealed class ComplaintEventsStage(ComplaintProjection projection, ILogger<ComplaintEventsStage> logger)
{
    public async Task HandleAsync(QueueMessageBody message, IComplaintWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(workflows);
        var id = new ComplaintId(message.ComplaintId);
        var instance = await workflows.GetAsync(id, cancellationToken);
        switch (instance)
        {
            case null when message.AfterDraft:
                await projection.ProjectAsync(id, cancellationToken);
                return;
            case null:
                Log.NoOrchestrationYet(logger, id.Value);
                return;
            case { IsActive: true }:
                await workflows.NotifyAsync(id, message.Version ?? 0, cancellationToken);
                if (message.AfterDraft)
                {
                    await projection.ProjectAsync(id, cancellationToken);
                }

                return;
            case { Status: WorkflowRuntimeStatus.Completed }:
                await projection.ProjectAsync(id, cancellationToken);
                return;
            default:
                Log.NotifyNotDelivered(logger, id.Value, instance.Status.ToString());
                return;
        }
    }
}
