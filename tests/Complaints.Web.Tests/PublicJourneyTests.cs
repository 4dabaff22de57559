using System.Net;
using System.Text.RegularExpressions;
using Complaints.Testing;
using Complaints.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.Web.Tests;

/// <summary>The public board: search with filters, open a merchant, download the CSV of the search.</summary>
[Collection(WebEnvironment.CollectionName)]
public sealed class PublicJourneyTests(WebEnvironment web)
{
    [Fact]
    public async Task A_visitor_filters_the_records_opens_the_merchant_and_downloads_the_csv_of_the_search()
    {
        var ct = CancellationToken.None;
        // Two published records of one merchant, in two categories.
        var delivery = await web.Api.DraftedComplaintAsync(ConfiguredParties.Gamma, "The parcel came a month late.", ct, "delivery");
        await web.Api.PublishAsync(delivery, ConfiguredParties.Gamma, ct);
        var quality = await web.Api.DraftedComplaintAsync(ConfiguredParties.Gamma, "The seams came apart.", ct, "goods-quality");
        await web.Api.PublishAsync(quality, ConfiguredParties.Gamma, ct);

        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("index.html");
        await Expect(page.GetByLabel("Merchant")).ToContainTextAsync("Gamma Fashion Co.");
        await page.GetByLabel("Merchant").SelectOptionAsync(new SelectOptionValue { Label = "Gamma Fashion Co." });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"index\.html\?merchantId={ConfiguredParties.Gamma}$"));
        var records = page.GetByRole(AriaRole.Table);
        await Expect(records).ToContainTextAsync("The parcel came a month late.");
        await Expect(records).ToContainTextAsync("The seams came apart.");

        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Delivery" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"merchantId={ConfiguredParties.Gamma}&category=delivery$"));
        await Expect(records).ToContainTextAsync("The parcel came a month late.");
        await Expect(records).Not.ToContainTextAsync("The seams came apart.");
        await Expect(page.GetByText("1 records on this page")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Category")).ToHaveValueAsync("delivery");
        await browser.ScreenshotAsync("board-filtered");

        // The CSV link is the export of the same filters.
        var csv = page.GetByRole(AriaRole.Link, new() { Name = "Download these records as CSV" });
        var href = await csv.GetAttributeAsync("href");
        Assert.Equal($"/api/public/disclosures/export?format=csv&merchantId={ConfiguredParties.Gamma}&category=delivery", href);
        if (await web.Api.StatusOfAsync(href!.TrimStart('/'), ct) == HttpStatusCode.OK)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => csv.ClickAsync());
            var path = Path.Combine(WebEnvironment.ScreenshotDirectory, "board-download.csv");
            await download.SaveAsAsync(path);
            var text = await File.ReadAllTextAsync(path, ct);
            Assert.Contains("The parcel came a month late.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("The seams came apart.", text, StringComparison.Ordinal);
        }

        // The merchant's page: below the minimum count its figures are withheld; its history is a chart where the
        // deployment has the route, and says "not available" where it has not.
        await records.GetByRole(AriaRole.Link, new() { Name = "Gamma Fashion Co." }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"merchant\.html\?id={ConfiguredParties.Gamma}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Gamma Fashion Co.");
        await Expect(page.GetByText("Fewer than 30 complaints: the figures are withheld.")).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Complaints by month" });
        await Expect(history.Locator("[data-state=unavailable], figure.chart")).ToBeVisibleAsync();
        if (await web.Api.StatusOfAsync($"api/public/merchants/{ConfiguredParties.Gamma}/history", ct) == HttpStatusCode.NotFound)
        {
            await Expect(history).ToContainTextAsync("Not available yet");
        }

        await browser.ScreenshotAsync("merchant");
        await page.GetByRole(AriaRole.Link, new() { Name = "Its published records" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("The seams came apart.");
        browser.AssertNoProblems();
    }
}
