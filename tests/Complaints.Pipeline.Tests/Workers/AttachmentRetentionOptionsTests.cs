using Complaints.Pipeline.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Tests.Workers;

/// <summary><c>Complaints:Attachments:RetainAfterEnd</c> as both hosts bind it: 3 years unless set, and a value out of range stops the start.</summary>
public sealed class AttachmentRetentionOptionsTests
{
    private static AttachmentOptions Bind(string? retainAfterEnd)
    {
        var settings = new Dictionary<string, string?>();
        if (retainAfterEnd is not null)
        {
            settings[$"{AttachmentOptions.Section}:{nameof(AttachmentOptions.RetainAfterEnd)}"] = retainAfterEnd;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddComplaintPipeline(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AttachmentOptions>>().Value;
    }

    [Fact]
    public void Unset_it_is_three_years_and_a_setting_in_days_binds()
    {
        Assert.Equal(TimeSpan.FromDays(1095), Bind(null).RetainAfterEnd);
        Assert.Equal(TimeSpan.FromDays(400), Bind("400.00:00:00").RetainAfterEnd);
        Assert.Equal(TimeSpan.FromSeconds(3), Bind("00:00:03").RetainAfterEnd);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    [InlineData("3651.00:00:00")]
    public void Out_of_range_it_fails_validation_naming_the_setting(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(value));
        Assert.Contains(nameof(AttachmentOptions.RetainAfterEnd), error.Message, StringComparison.Ordinal);
    }
}
