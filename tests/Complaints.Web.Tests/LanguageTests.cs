using Complaints.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.Web.Tests;

/// <summary>Chinese and English: the switch, remembered across pages and reloads, and both languages complete.</summary>
[Collection(WebEnvironment.CollectionName)]
public sealed class LanguageTests(WebEnvironment web)
{
    [Fact]
    public async Task The_switch_turns_the_pages_into_chinese_and_back_and_is_remembered()
    {
        await using var browser = await BrowserPage.OpenAsync(web, locale: "en-GB");
        var page = browser.Page;
        await page.GotoAsync("index.html");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Published complaint records");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-GB");

        // A choice made before switching stays chosen.
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Delivery" });
        await page.GetByRole(AriaRole.Button, new() { Name = "切换到中文" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("投诉公示记录");
        await Expect(page.GetByLabel("类别")).ToHaveValueAsync("delivery");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByLabel("类别")).ToContainTextAsync("物流配送");
        await Expect(page).ToHaveTitleAsync("投诉公示记录 · 消费投诉公示");
        await browser.ScreenshotAsync("board-zh");

        // Remembered: another page, and a reload.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "我要投诉" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("我要投诉");
        await Expect(page.GetByLabel("姓名")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交投诉" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("file-zh");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("File a complaint");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en-GB");
        browser.AssertNoProblems();
    }

    [Fact]
    public async Task A_browser_that_prefers_chinese_gets_chinese_first()
    {
        await using var browser = await BrowserPage.OpenAsync(web, locale: "zh-CN");
        await browser.Page.GotoAsync("desk.html");
        await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("监管工作台");
        await Expect(browser.Page.GetByLabel("监管 API 密钥")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Both_languages_have_a_text_for_every_key()
    {
        await using var browser = await BrowserPage.OpenAsync(web);
        await browser.Page.GotoAsync("index.html");
        var missing = await browser.Page.EvaluateAsync<string[]>(
            """
            async () => {
              const { dictionaries } = await import('/js/i18n.js');
              const keys = new Set([...Object.keys(dictionaries.en), ...Object.keys(dictionaries.zh)]);
              return [...keys].filter((k) => !dictionaries.en[k] || !dictionaries.zh[k]).sort();
            }
            """);
        Assert.Empty(missing);
    }
}
