using Microsoft.Playwright;

namespace Complaints.Web.Tests.Infrastructure;

/// <summary>
/// A browser context and page for one test: in a given language (the browser's preference; the page's own switch is
/// tested on its own), recording every request the page made and every Content-Security-Policy violation or script
/// error, and taking screenshots into <see cref="WebEnvironment.ScreenshotDirectory"/>.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> requests = [];
    private readonly List<string> problems = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Request += (_, request) => { lock (requests) { requests.Add(request.Url); } };
        page.Console += (_, message) =>
        {
            // A failed response (a 404 the page shows as "not available", a refused key's 401) is the page's to
            // handle and is logged by chromium as "Failed to load resource"; anything else is a fault.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (problems) { problems.Add(message.Text); }
            }
        };
        page.PageError += (_, error) => { lock (problems) { problems.Add(error); } };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The URLs of every request the page made so far.</summary>
    public IReadOnlyList<string> Requests { get { lock (requests) { return [.. requests]; } } }

    /// <summary>Script errors and console errors (a CSP violation is one) so far.</summary>
    public IReadOnlyList<string> Problems { get { lock (problems) { return [.. problems]; } } }

    public static async Task<BrowserPage> OpenAsync(WebEnvironment web, string locale = "en-GB", ViewportSize? viewport = null)
    {
        ArgumentNullException.ThrowIfNull(web);
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = web.Host.Address.ToString(),
            Locale = locale,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    /// <summary>A full-page screenshot named <paramref name="name"/>.png.</summary>
    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebEnvironment.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Fails when the page logged a script error or a CSP violation.</summary>
    public void AssertNoProblems()
    {
        var seen = Problems;
        Assert.True(seen.Count == 0, "The page logged errors: " + string.Join(" | ", seen));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
