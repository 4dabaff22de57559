using System.Text.RegularExpressions;
using Complaints.Testing;
using Complaints.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.Web.Tests;

/// <summary>The consumer's pages: filing with the API's field errors shown at the fields, then following by the private link.</summary>
[Collection(WebEnvironment.CollectionName)]
public sealed class ConsumerJourneyTests(WebEnvironment web)
{
    private static readonly TimeSpan StageWork = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_consumer_files_sees_the_field_errors_follows_the_private_link_accepts_the_resolution_and_rates_it()
    {
        var ct = CancellationToken.None;
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("file.html");
        await Expect(page.GetByLabel("Merchant")).ToContainTextAsync("Alpha Teas Ltd.");

        // First try: no contact, no merchant, no category, no description and an amount with too many decimals. The
        // page sends it as typed; the API's errors come back and are shown at their fields.
        await page.GetByLabel("Your name").FillAsync("Li Lei");
        await page.GetByLabel("Amount claimed").FillAsync("12.345");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the complaint" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please correct the following");
        await Expect(page.GetByLabel("Amount claimed")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Amount claimed")).ToHaveAccessibleDescriptionAsync(new Regex("more than 2 decimal places"));
        await Expect(page.GetByLabel("What happened")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Your name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await browser.ScreenshotAsync("file-field-errors");

        // Corrected.
        await page.GetByLabel("Phone").FillAsync("138 0013 8000");
        await page.GetByLabel("Merchant").SelectOptionAsync(new SelectOptionValue { Label = "Alpha Teas Ltd." });
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Goods quality" });
        await page.GetByLabel("Amount claimed").FillAsync("120");
        await page.GetByLabel("What happened").FillAsync("The tea was stale. 茶叶已经过期。");
        await page.GetByLabel("The description may be published").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "File the complaint" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your complaint is filed" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("file-filed");

        // The private link carries the id and the token in its fragment.
        var link = await page.GetByRole(AriaRole.Link, new() { Name = "Follow your complaint" }).GetAttributeAsync("href");
        var url = new Uri(link!);
        Assert.Equal("/follow.html", url.AbsolutePath);
        Assert.Equal(string.Empty, url.Query);
        var fragment = System.Web.HttpUtility.ParseQueryString(url.Fragment.TrimStart('#'));
        var id = fragment["id"]!;
        var token = fragment["token"]!;
        Assert.False(string.IsNullOrEmpty(id));
        Assert.False(string.IsNullOrEmpty(token));

        // Opened at once, the link waits for the intake stage to record the complaint rather than call itself wrong.
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow your complaint" }).ClickAsync();
        await Expect(page.Locator("#complaint-status")).ToHaveTextAsync(new Regex("^(Filed|Assigned)$"));

        // The merchant answers (over the API); the consumer comes back and sees the proposal.
        await web.Api.MerchantProposesRefundAsync(id, ConfiguredParties.Alpha, ct);
        await page.ReloadAsync();
        await Expect(page.Locator("#complaint-status")).ToHaveTextAsync("Resolution proposed");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "The proposal" })).ToContainTextAsync("Refund");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Deadlines" })).ToContainTextAsync("Your answer is due by");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "What happened so far" })).ToContainTextAsync("Resolution proposed");
        await browser.ScreenshotAsync("follow-proposal");

        await page.GetByRole(AriaRole.Button, new() { Name = "Accept the proposal" }).ClickAsync();
        await Expect(page.GetByText("Done: Accept the proposal.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What you can do" })).ToBeFocusedAsync(); // read out from there
        await Expect(page.Locator("#complaint-status")).ToHaveTextAsync(new Regex("^(Resolved|Closed)$"));

        // Once closed, the consumer rates it.
        await Eventually.Until(async () => await web.Api.StatusAsync(id, ct) is "closed" or "disclosed", StageWork, "the complaint to close", ct);
        await page.ReloadAsync();
        await page.GetByLabel("Rating (1 to 5)").SelectOptionAsync("4");
        await page.GetByLabel("Comment").FillAsync("Quick and fair.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the rating" }).ClickAsync();
        await Expect(page.GetByText("You rated it 4 of 5.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("follow-closed");

        // The token went to the API only as a header: no request the browser made carried it in its URL.
        Assert.DoesNotContain(browser.Requests, u => u.Contains(token, StringComparison.Ordinal) || u.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal));
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_consumer_withdraws_from_the_private_link_after_saying_yes_twice()
    {
        var ct = CancellationToken.None;
        var (id, token) = await web.Api.FileAsync(ConfiguredParties.Alpha, "Wrong size delivered.", ct);
        await web.Api.WaitForStatusAsync(id, "assigned", ct); // recorded by the intake stage: readable
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync($"follow.html#id={Uri.EscapeDataString(id)}&token={Uri.EscapeDataString(token)}");
        await Expect(page.Locator("#complaint-status")).ToHaveTextAsync(new Regex("^(Filed|Assigned)$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw the complaint" }).ClickAsync();
        await Expect(page.GetByText("Withdrawing ends the complaint. Are you sure?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, withdraw it" }).ClickAsync();
        await Expect(page.Locator("#complaint-status")).ToHaveTextAsync("Withdrawn");
        Assert.Equal("withdrawn", await web.Api.StatusAsync(id, ct));
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_link_with_a_wrong_token_opens_nothing_and_says_so()
    {
        var (id, _) = await web.Api.FileAsync(ConfiguredParties.Alpha, "A complaint whose link is mistyped.", CancellationToken.None);
        await using var browser = await BrowserPage.OpenAsync(web);
        await browser.Page.GotoAsync($"follow.html#id={Uri.EscapeDataString(id)}&token=not-the-token");
        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This link does not open a complaint. Check that you copied all of it.");
        await Expect(browser.Page.Locator("#complaint-status")).ToHaveCountAsync(0);
    }
}
