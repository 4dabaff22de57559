using Complaints.Core.Indicators;
using Complaints.Core.Regions;

namespace Complaints.Core.Tests.Indicators;

public sealed class RegionCodeTests
{
    [Theory]
    [InlineData("330000", RegionLevel.Province)]
    [InlineData("330100", RegionLevel.City)]
    [InlineData("330106", RegionLevel.County)]
    [InlineData("110105", RegionLevel.County)]
    [InlineData("820000", RegionLevel.Province)]
    public void A_valid_code_has_a_level(string code, RegionLevel level)
    {
        Assert.True(RegionCode.IsValid(code, out var error), error);
        Assert.Equal(level, RegionCode.LevelOf(code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("33010")]
    [InlineData("3301060")]
    [InlineData("33010a")]
    [InlineData("３３０１０６")] // full-width digits are not ASCII digits
    [InlineData("990000")] // no such province
    [InlineData("000000")]
    [InlineData("330006")] // a county without its city
    public void An_invalid_code_is_refused_with_a_reason(string code)
    {
        Assert.False(RegionCode.IsValid(code, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("330000", "330106", true)]
    [InlineData("330000", "330100", true)]
    [InlineData("330000", "330000", true)]
    [InlineData("330100", "330106", true)]
    [InlineData("330100", "330203", false)]
    [InlineData("330106", "330106", true)]
    [InlineData("330106", "330102", false)]
    [InlineData("440000", "330106", false)]
    public void A_filter_rolls_up_provinces_and_cities(string area, string code, bool contains) =>
        Assert.Equal(contains, RegionCode.Contains(area, code));

    [Theory]
    [InlineData(null, "330106", "330000")]
    [InlineData("330000", "330106", "330100")]
    [InlineData("330000", "330203", "330200")]
    [InlineData("330000", "330000", null)]
    [InlineData("330100", "330106", "330106")]
    [InlineData("330100", "330100", null)]
    [InlineData("330106", "330106", "330106")]
    [InlineData("440000", "330106", null)]
    public void The_child_of_an_area_that_holds_a_code(string? area, string code, string? child) =>
        Assert.Equal(child, RegionCode.ChildOf(area, code));

    [Fact]
    public void The_catalogue_names_every_province_and_labels_an_unknown_code_by_itself()
    {
        Assert.Equal(34, RegionCatalogue.Provinces.Count);
        Assert.All(RegionCatalogue.Provinces, p => Assert.True(RegionCode.IsValid(p.Code)));
        Assert.Equal(("浙江省", "Zhejiang"), (RegionCatalogue.Of("330000").Name, RegionCatalogue.Of("330000").NameEn));
        Assert.Equal("西湖区", RegionCatalogue.Of("330106").Name);
        Assert.Equal("330109", RegionCatalogue.Of("330109").Name);
    }
}

public sealed class IndicatorSetTests
{
    [Fact]
    public void Below_the_minimum_count_a_slice_shows_counts_only()
    {
        var counts = IndicatorCounts.Zero with
        {
            Received = 29, AcknowledgementsDue = 20, AcknowledgedOnTime = 18, Resolved = 10, Ratings = 5, RatingSum = 20, Untimely = 2,
            DaysToResolve = DaysHistogram.Of(3),
        };
        var set = IndicatorSet.Of(counts, minimumCount: 30);
        Assert.True(set.BelowMinimum);
        Assert.Equal((29, 18, 10, 2), (set.Received, set.AcknowledgedOnTime, set.Resolved, set.Untimely));
        Assert.Null(set.AcknowledgedOnTimeShare);
        Assert.Null(set.ResolvedShare);
        Assert.Null(set.DaysToResolveMedian);
        Assert.Null(set.DaysToResolveP90);
        Assert.Null(set.MediationRate);
        Assert.Null(set.AverageRating);
        Assert.Null(set.UntimelyShare);
    }

    [Fact]
    public void At_the_minimum_the_rates_follow_their_definitions()
    {
        var days = Enumerable.Range(1, 10).Aggregate(DaysHistogram.Empty, (h, d) => h.Add(d, 1)); // 1..10 days, one each
        var counts = new IndicatorCounts(
            Received: 40, AcknowledgementsDue: 32, Acknowledged: 30, AcknowledgedOnTime: 24, Withdrawn: 4, Resolved: 27, Closed: 30, DaysToResolve: days,
            AdvanceCompensations: 2, AdvanceCompensationFen: 12_345, Mediations: 6, Ratings: 8, RatingSum: 29, Untimely: 10);
        var set = IndicatorSet.Of(counts, minimumCount: 40);
        Assert.False(set.BelowMinimum);
        Assert.Equal(0.75m, set.AcknowledgedOnTimeShare); // 24 / 32 due
        Assert.Equal(0.75m, set.ResolvedShare); // 27 / (40 - 4 withdrawn)
        Assert.Equal(5, set.DaysToResolveMedian); // nearest rank: the 5th of 10
        Assert.Equal(9, set.DaysToResolveP90); // the 9th of 10
        Assert.Equal(123.45m, set.AdvanceCompensationAmountCny);
        Assert.Equal(0.15m, set.MediationRate); // 6 / 40
        Assert.Equal(3.63m, set.AverageRating); // 29 / 8 = 3.625, half away from zero
        Assert.Equal(0.25m, set.UntimelyShare); // 10 / 40
        Assert.Equal(6, set.Open); // 40 - 4 withdrawn - 30 closed
    }

    [Fact]
    public void Histograms_add_up_so_a_union_of_slices_has_the_exact_median()
    {
        var a = DaysHistogram.Of(1).Add(2, 1).Add(30, 1);
        var b = DaysHistogram.Of(4).Add(4, 2).Add(5000, 1);
        var sum = a + b;
        Assert.Equal(7, sum.Total);
        Assert.Equal(4, sum.Percentile(50));
        Assert.Equal(DaysHistogram.MaxDays, sum.Percentile(90));
        Assert.Equal(sum, DaysHistogram.Decode(sum.Encode()));
        Assert.Equal(a, sum - b);
        Assert.Null(DaysHistogram.Empty.Percentile(50));
    }

    [Fact]
    public void Counts_subtract_back_to_what_they_were()
    {
        var one = IndicatorCounts.Zero with { Received = 1, Resolved = 1, DaysToResolve = DaysHistogram.Of(3), Ratings = 1, RatingSum = 4 };
        var two = IndicatorCounts.Zero with { Received = 1, Withdrawn = 1 };
        Assert.Equal(one, one + two - two);
        Assert.Equal(IndicatorCounts.Zero, one - one);
    }
}
