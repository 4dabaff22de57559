using System.Text.RegularExpressions;
using Complaints.Testing;
using Complaints.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.Web.Tests;

/// <summary>
/// Every page: served with the strict Content-Security-Policy and no script error or CSP violation, usable from the
/// keyboard, readable on a phone (no sideways scrolling of the page), with a screenshot of each in both languages.
/// Pages over routes a deployment may not have yet (trends, regions, indicators, inspection list) show "not available".
/// </summary>
[Collection(WebEnvironment.CollectionName)]
public sealed class PageTests(WebEnvironment web)
{
    public static readonly TheoryData<string, string> Pages = new()
    {
        { "index.html", "Published complaint records" },
        { "trends.html", "Trends" },
        { "warnings.html", "Consumer warnings" },
        { "file.html", "File a complaint" },
        { "follow.html", "Your complaint" },
        { $"merchant.html?id={ConfiguredParties.Alpha}", "Alpha Teas Ltd." },
        { "desk.html", "Regulator desk" },
        { "indicators.html", "Indicators" },
        { "inspection.html", "Inspection list" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_is_served_with_the_strict_policy_and_renders_without_errors(string path, string heading)
    {
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var csp = await response.HeaderValueAsync("content-security-policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", await response.HeaderValueAsync("referrer-policy"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await SignInWhereAskedAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.GetByText("Loading…")).ToHaveCountAsync(0);
        var name = Path.GetFileNameWithoutExtension(path.Split('?')[0]);
        await browser.ScreenshotAsync($"page-{name}-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "切换到中文" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await browser.ScreenshotAsync($"page-{name}-zh");
        browser.AssertNoProblems();
    }

    [Theory]
    [InlineData("trends.html", "By category")]
    [InlineData("indicators.html", "Indicators")]
    [InlineData("inspection.html", "Inspection list")]
    public async Task Pages_over_the_indicator_routes_show_their_figures_as_tables(string path, string section)
    {
        var probe = path switch
        {
            "trends.html" => "api/public/trends?by=category",
            "indicators.html" => "api/regulator/indicators",
            _ => "api/regulator/inspection-list",
        };
        using (var answer = await web.Api.GetAsync(probe, CancellationToken.None))
        {
            // Unauthenticated, the regulator's routes refuse; the public one answers. Either way the route exists.
            Assert.NotEqual(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
        }

        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync(path);
        await SignInWhereAskedAsync(page);
        if (path == "indicators.html")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = section }).GetByRole(AriaRole.Table).First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-state=unavailable]")).ToHaveCountAsync(0);
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task The_chart_library_the_host_serves_draws_under_the_policy_with_its_figures_as_a_table()
    {
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        var library = await page.GotoAsync("vendor/chart.umd.min.js");
        Assert.Equal(200, library!.Status);
        await page.GotoAsync("trends.html");
        await page.EvaluateAsync(
            """
            async () => {
              const { chart } = await import('/js/charts.js');
              // A container of its own: the page redraws its own charts' containers as each trend answers.
              const probe = document.createElement('div');
              probe.id = 'probe';
              document.getElementById('main').append(probe);
              probe.append(chart('probe-chart', 'Probe', [{ label: '2026-10', value: 3 }, { label: '2026-11', value: 5 }], { valueLabel: 'Complaints' }));
            }
            """);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Probe: 2026-10 3, 2026-11 5" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.Chart && window.Chart.getChart('probe-chart') !== undefined");
        await page.Locator("#probe").GetByText("The figures of the chart").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Probe" })).ToContainTextAsync("2026-11");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task The_first_tab_reaches_the_skip_link_and_it_moves_focus_to_the_content()
    {
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("file.html");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to the content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Your name")).ToBeFocusedAsync();
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("file.html")]
    [InlineData("trends.html")]
    [InlineData("desk.html")]
    public async Task On_a_phone_the_page_fits_the_screen_width(string path)
    {
        await using var browser = await BrowserPage.OpenAsync(web, viewport: new ViewportSize { Width = 390, Height = 844 });
        var page = browser.Page;
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow} px on a 390 px wide screen.");
        await browser.ScreenshotAsync($"phone-{Path.GetFileNameWithoutExtension(path)}");
    }

    private async Task SignInWhereAskedAsync(IPage page)
    {
        var key = page.GetByLabel("Regulator API key");
        if (await page.Locator("#login").CountAsync() == 0)
        {
            return;
        }

        await Expect(key).ToBeVisibleAsync();
        await key.FillAsync(web.Api.KeyOf(ConfiguredParties.Regulator));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }
}
