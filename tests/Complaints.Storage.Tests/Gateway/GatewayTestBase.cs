namespace Complaints.Storage.Tests.Gateway;

/// <summary>Per-test timeout shared by the gateway tests: every storage call gets <see cref="Timeout"/>.</summary>
public abstract class GatewayTestBase : IDisposable
{
    /// <summary>How long one gateway test may take.</summary>
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource timeout = new(TestTimeout);

    /// <summary>Cancelled when the test has run longer than <see cref="TestTimeout"/>.</summary>
    protected CancellationToken Timeout => timeout.Token;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            timeout.Dispose();
        }
    }
}
