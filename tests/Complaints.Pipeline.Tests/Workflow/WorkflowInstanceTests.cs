using Complaints.Pipeline.Workflow;

namespace Complaints.Pipeline.Tests.Workflow;

/// <summary>How an engine's instance record reads as a <see cref="WorkflowInstance"/> (pure: no engine, no storage).</summary>
public sealed class WorkflowInstanceTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 21, 57, 44, TimeSpan.Zero);
    private const string Progress = """{"LastVersion":9,"WaitingFor":"Recovery","DueAt":"2027-03-01T22:09:37.8586104+00:00","Generation":1}""";

    [Fact]
    public void A_pending_record_with_a_published_progress_reads_as_running()
    {
        // The row the kill -9 run left: Pending (the first episode's status update lost with the host), progress at version 9.
        var instance = WorkflowInstance.Reported("c1", WorkflowRuntimeStatus.Pending, Created, Created.AddMinutes(17), Progress);
        Assert.Equal(WorkflowRuntimeStatus.Running, instance.Status);
        Assert.Equal(new WorkflowProgress(9, "Recovery", DateTimeOffset.Parse("2027-03-01T22:09:37.8586104+00:00", System.Globalization.CultureInfo.InvariantCulture), 1), instance.Progress);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("not json")]
    public void A_pending_record_without_a_progress_stays_pending(string? customStatus)
    {
        Assert.Equal(WorkflowRuntimeStatus.Pending, WorkflowInstance.Reported("c1", WorkflowRuntimeStatus.Pending, Created, Created, customStatus).Status);
    }

    [Theory]
    [InlineData(WorkflowRuntimeStatus.Running)]
    [InlineData(WorkflowRuntimeStatus.Completed)]
    [InlineData(WorkflowRuntimeStatus.Failed)]
    [InlineData(WorkflowRuntimeStatus.Terminated)]
    [InlineData(WorkflowRuntimeStatus.Suspended)]
    public void Any_other_status_is_reported_as_the_engine_gives_it(WorkflowRuntimeStatus status)
    {
        Assert.Equal(status, WorkflowInstance.Reported("c1", status, Created, Created, Progress).Status);
    }
}
