using Complaints.Testing;
using Complaints.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.Web.Tests;

/// <summary>The regulator desk: signing in with the key, publishing and withholding drafts; a key that is not a regulator's is refused.</summary>
[Collection(WebEnvironment.CollectionName)]
public sealed class RegulatorJourneyTests(WebEnvironment web)
{
    [Fact]
    public async Task The_regulator_signs_in_publishes_a_draft_and_it_appears_on_the_public_board()
    {
        var ct = CancellationToken.None;
        var narrative = "The kettle leaked after two days. 水壶用了两天就漏水。";
        var draft = await web.Api.DraftedComplaintAsync(ConfiguredParties.Beta, narrative, ct);

        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("desk.html");
        await page.GetByLabel("Regulator API key").FillAsync(web.Api.KeyOf(ConfiguredParties.Regulator));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var card = page.GetByRole(AriaRole.Article, new() { Name = $"Draft {draft}" });
        await Expect(card).ToContainTextAsync("The kettle leaked after two days.");
        await Expect(card).ToContainTextAsync("Beta Gadgets Co.");
        await browser.ScreenshotAsync("desk-drafts");

        await card.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Published draft {draft}." })).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);

        // The key stays for this tab only: the other desk pages open signed in.
        await page.GotoAsync("inspection.html");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        // On the public board, by merchant, once the projection has put it there (it follows the command from its queue;
        // a board opened before that shows the records of the moment, as a reload would show the new one).
        await web.Api.WaitForPublicAsync(draft, ConfiguredParties.Beta, ct);
        await page.GotoAsync($"index.html?merchantId={ConfiguredParties.Beta}");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("The kettle leaked after two days.");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("水壶用了两天就漏水。");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task The_regulator_withholds_a_draft_with_a_reason()
    {
        var ct = CancellationToken.None;
        var draft = await web.Api.DraftedComplaintAsync(ConfiguredParties.Beta, "Charger stopped working.", ct);
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("desk.html");
        await page.GetByLabel("Regulator API key").FillAsync(web.Api.KeyOf(ConfiguredParties.Regulator));
        await page.GetByLabel("Regulator API key").PressAsync("Enter");
        var card = page.GetByRole(AriaRole.Article, new() { Name = $"Draft {draft}" });
        await card.GetByLabel("Reason for withholding").FillAsync("Names a third party.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Withhold" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Withheld draft {draft}." })).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);
        browser.AssertNoProblems();
    }

    [Theory]
    [InlineData(ConfiguredParties.Alpha)]
    [InlineData(null)]
    public async Task A_key_that_is_not_a_regulators_is_refused_and_not_kept(string? operatorParty)
    {
        var key = operatorParty is null ? "made-up-key-0123456789" : web.Api.KeyOf(operatorParty);
        await using var browser = await BrowserPage.OpenAsync(web);
        var page = browser.Page;
        await page.GotoAsync("desk.html");
        await page.GetByLabel("Regulator API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This key was refused: it is not a regulator key.");
        await Expect(page.GetByLabel("Regulator API key")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Drafts to review" })).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('complaints.regulatorKey')"));
        if (operatorParty is not null)
        {
            await browser.ScreenshotAsync("desk-key-refused");
        }
    }
}
