using Complaints.Testing;
using Microsoft.Playwright;

namespace Complaints.Web.Tests.Infrastructure;

/// <summary>
/// One Azurite, one local host and one chromium for the whole run. Chromium is Debian's (<see cref="ChromiumPath"/>,
/// or <c>CHROMIUM_PATH</c>): ./test.sh installs it when it is missing; Playwright downloads no browser.
/// </summary>
public sealed class WebEnvironment : IAsyncLifetime
{
    public const string CollectionName = "Web";

    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public AzuriteFixture Azurite { get; } = new();

    public ConfiguredParties Parties { get; } = new();

    public WebHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public ComplaintsApi Api { get; private set; } = null!;

    /// <summary>Where the screenshots go: <c>screenshots/</c> in the test output (or <c>WEB_SCREENSHOTS</c>).</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("WEB_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : ChromiumPath;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"No chromium at {chromium}: the browser tests drive Debian's chromium. Install it (apt-get install -y chromium; ./test.sh does when run as root) or set CHROMIUM_PATH.");
        }

        await Azurite.InitializeAsync();
        Host = new WebHost(Azurite, Parties);
        Host.Start();
        Api = new ComplaintsApi(Host.Address, Parties);
        Directory.CreateDirectory(ScreenshotDirectory);

        // What a person waits for: stage work on the queues, under a whole test run's load on two cores. A wait is
        // for something to appear, never a pause: it ends as soon as it does.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespace for chromium's sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(WebEnvironment.CollectionName)]
public sealed class WebCollection : ICollectionFixture<WebEnvironment>;
