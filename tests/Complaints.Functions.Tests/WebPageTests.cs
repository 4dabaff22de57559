using Complaints.Functions.Tests.Support;

namespace Complaints.Functions.Tests;

/// <summary>
/// The web pages as the Functions app serves them at <c>/api/web/</c> (WebFunctions.WebPage, called as the host would)
/// against the local host at <c>/</c>: the same bytes, types and headers, the strict policy among them; nothing but
/// the pages' own files.
/// </summary>
[Collection(FunctionsApp.CollectionName)]
public sealed class WebPageTests(FunctionsApp app)
{
    [Theory]
    [InlineData("index.html")]
    [InlineData("follow.html")]
    [InlineData("js/board.js")]
    [InlineData("css/site.css")]
    [InlineData("vendor/chart.umd.min.js")]
    public async Task A_page_is_the_same_file_with_the_same_headers_from_the_function_and_the_local_host(string path)
    {
        var function = await app.CallAsync(req => WebFunctions.WebPage(req, path), "GET", "/api/web/" + path);
        var local = await app.CallLocalAsync("GET", "/" + path);

        Assert.Equal(200, function.Status);
        Assert.Equal(200, local.Status);
        Assert.Equal(local.Body, function.Body);
        Assert.Equal(local.ContentType, function.ContentType);
        foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cache-Control" })
        {
            Assert.Equal(local.Headers[header], function.Headers[header]);
        }

        Assert.StartsWith("default-src 'self'; script-src 'self';", function.Headers["Content-Security-Policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_folder_is_its_index_and_without_the_slash_it_redirects_so_relative_links_resolve()
    {
        var index = await app.CallAsync(req => WebFunctions.WebPage(req, string.Empty), "GET", "/api/web/");
        Assert.Equal(200, index.Status);
        Assert.Contains("js/board.js", index.Body, StringComparison.Ordinal);

        var bare = await app.CallAsync(req => WebFunctions.WebPage(req, null), "GET", "/api/web");
        Assert.Equal(302, bare.Status);
        Assert.Equal("/api/web/", bare.Headers["Location"]);
    }

    [Theory]
    [InlineData("staticwebapp.config.json")]
    [InlineData("../host.json")]
    [InlineData("js/../../host.json")]
    [InlineData(".hidden.html")]
    [InlineData("nothing-here.html")]
    [InlineData("js\\board.js")]
    public async Task Anything_but_the_pages_own_files_is_not_found(string path)
    {
        var answer = await app.CallAsync(req => WebFunctions.WebPage(req, path), "GET", "/api/web/" + Uri.EscapeDataString(path));
        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }
}
