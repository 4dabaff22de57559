using Complaints.Testing;

namespace Complaints.Storage.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task Returns_as_soon_as_the_condition_holds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var calls = 0;

        await Eventually.Until(() => Task.FromResult(++calls == 3), TimeSpan.FromSeconds(5), "the third call", timeout.Token);

        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Says_what_it_waited_for_and_how_long_when_time_runs_out()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Until(
            () => Task.FromResult(false), TimeSpan.FromMilliseconds(300), "a thing that never happens", timeout.Token));

        Assert.Contains("a thing that never happens", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_what_it_waited_for_when_the_test_timeout_cancels_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Until(
            () => Task.FromResult(false), TimeSpan.FromSeconds(30), "a message that never arrives", timeout.Token));

        Assert.Contains("a message that never arrives", error.Message, StringComparison.Ordinal);
    }
}
