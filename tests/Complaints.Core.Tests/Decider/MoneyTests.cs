using Complaints.Core;

namespace Complaints.Core.Tests.Decider;

public class MoneyTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("-100")]
    public void An_amount_must_be_positive(string amount)
    {
        Assert.False(Money.TryCreate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "CNY", out var money, out var error));
        Assert.Null(money);
        Assert.Contains("positive", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("RMB")]
    [InlineData("cny")]
    [InlineData("")]
    [InlineData(null)]
    public void The_currency_must_be_a_supported_upper_case_code(string? currency)
    {
        Assert.False(Money.TryCreate(10m, currency, out var money, out var error));
        Assert.Null(money);
        Assert.Contains("currency", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JPY", "1500", true)]
    [InlineData("JPY", "1500.5", false)]
    [InlineData("CNY", "12.34", true)]
    [InlineData("CNY", "12.345", false)]
    [InlineData("KWD", "1.234", true)]
    [InlineData("KWD", "1.2345", false)]
    [InlineData("CNY", "12.340", true)]
    public void An_amount_has_no_more_decimals_than_the_currency_has_minor_digits(string currency, string amount, bool valid)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(valid, Money.TryCreate(value, currency, out var money, out _));
        Assert.Equal(valid, money is not null);
    }

    [Fact]
    public void The_largest_amount_is_accepted_and_one_minor_unit_more_is_not()
    {
        Assert.True(Money.TryCreate(Money.MaxAmount, "CNY", out _, out _));
        Assert.False(Money.TryCreate(Money.MaxAmount + 0.01m, "CNY", out _, out var error));
        Assert.Contains("exceed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_throws_for_an_invalid_amount() =>
        Assert.Throws<ArgumentException>(() => Money.Of(0m, "CNY"));

    [Fact]
    public void Min_picks_the_smaller_amount_in_the_same_currency()
    {
        var small = Money.Of(10m, "CNY");
        var large = Money.Of(20m, "CNY");
        Assert.Same(small, small.Min(large));
        Assert.Same(small, large.Min(small));
    }

    [Fact]
    public void Min_refuses_to_compare_currencies() =>
        Assert.Throws<ArgumentException>(() => Money.Of(10m, "CNY").Min(Money.Of(10m, "USD")));

    [Fact]
    public void Amounts_compare_by_value()
    {
        Assert.Equal(Money.Of(10m, "CNY"), Money.Of(10.00m, "CNY"));
        Assert.NotEqual(Money.Of(10m, "CNY"), Money.Of(10m, "HKD"));
    }

    [Fact]
    public void Money_prints_invariantly() =>
        Assert.Equal("1234.5 CNY", Money.Of(1234.5m, "CNY").ToString());

    [Fact]
    public void The_supported_currencies_include_the_examples() =>
        Assert.Superset(new HashSet<string> { "CNY", "JPY", "KWD", "USD" }, Money.SupportedCurrencies.ToHashSet());
}
