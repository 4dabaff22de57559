using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Api.Tests;

/// <summary>
/// Long Chinese narratives (with emoji: surrogate pairs) come back exactly as filed. The legacy storage SDK lost
/// characters of such text on Azurite (a character split across two request chunks became U+FFFD; Azure/Azurite#2670);
/// fifty filings of 30,000 characters each, at shifting offsets, must all read back unchanged.
/// </summary>
public sealed class LongTextTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    protected override TimeSpan Timeout => TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Fifty_long_chinese_narratives_with_emoji_read_back_exactly_as_filed()
    {
        var api = await ApiAsync(quiet: true);
        var filed = new List<(Filed Complaint, string Text)>();
        for (var i = 0; i < 50; i++)
        {
            var text = ChineseText.Of(30_000, offset: i * 3);
            filed.Add((await api.FileAsync(ComplaintsApi.Filing(description: text)), text));
        }

        var damaged = new List<string>();
        foreach (var (complaint, text) in filed)
        {
            var read = (await api.GetAsync(complaint, api.Regulator)).Expect(HttpStatusCode.OK).Json()
                .GetProperty("details").GetProperty("description").GetString()!;
            if (read != text)
            {
                damaged.Add($"{complaint.Id}: {read.Length} chars back of {text.Length}, {read.Count(c => c == '\uFFFD')} U+FFFD");
            }
        }

        Assert.True(damaged.Count == 0, $"{damaged.Count} of 50 narratives changed:\n{string.Join("\n", damaged)}");
    }
}
