using Complaints.Core.Disclosure;

namespace Complaints.Core.Tests.Disclosure;

public class PiiScrubberTests
{
    private static readonly ConsumerContact Consumer = new("Zhang Meiling", "139 0101 2345", "meiling.zhang@example.cn");

    private static string Scrub(string text) => PiiScrubber.Scrub(text, null);

    private static void AssertRemoved(string text, string pii, string token)
    {
        var scrubbed = Scrub(text);
        Assert.DoesNotContain(pii, scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(token, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+86-138-1234-5678")]
    [InlineData("+8613812345678")]
    [InlineData("0086 13812345678")]
    public void Chinese_mobile_numbers_are_removed(string phone)
    {
        var scrubbed = Scrub($"请打我的电话{phone}，谢谢 / call me on {phone} please.");

        // Removed either way; a +86 number whose 13 digits happen to pass the Luhn check is labelled as a card.
        Assert.DoesNotContain(phone, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("1234", scrubbed, StringComparison.Ordinal);
        Assert.True(scrubbed.Contains(PiiScrubber.PhoneToken, StringComparison.Ordinal) || scrubbed.Contains(PiiScrubber.CardToken, StringComparison.Ordinal), scrubbed);
    }

    [Theory]
    [InlineData("010-12345678")]
    [InlineData("010-62345678")]
    [InlineData("0755 8888 6666")]
    [InlineData("(021) 6234 5678")]
    [InlineData("0571-8765432")]
    public void Chinese_landlines_are_removed(string phone) =>
        AssertRemoved($"The shop's number is {phone}, nobody answers.", phone, PiiScrubber.PhoneToken);

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("(415) 555-2671")]
    [InlineData("415-555-2671")]
    [InlineData("+1 415 555 2671")]
    [InlineData("+852 2345 6789")]
    public void International_numbers_are_removed(string phone) =>
        AssertRemoved($"Reach me at {phone} after 6pm.", phone, PiiScrubber.PhoneToken);

    [Theory]
    [InlineData("wang.li+shop@example.com.cn")]
    [InlineData("A_B-c@mail-server.org")]
    [InlineData("someone@163.com")]
    public void Email_addresses_are_removed(string email) =>
        AssertRemoved($"I wrote to {email} twice.", email, PiiScrubber.EmailToken);

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440305199001011234")]
    public void National_id_numbers_are_removed(string id) =>
        AssertRemoved($"身份证号{id}已提供 (ID {id}).", id, PiiScrubber.IdToken);

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111111111111111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("6222 0212 3456 7890 128")]
    [InlineData("6222021234567890128")]
    public void Luhn_valid_card_numbers_are_removed(string card) =>
        AssertRemoved($"Charged twice to card {card} on the same day.", card, PiiScrubber.CardToken);

    [Fact]
    public void The_card_examples_pass_the_luhn_check_and_the_order_number_does_not()
    {
        Assert.True(PiiScrubber.PassesLuhn("4111 1111 1111 1111"));
        Assert.True(PiiScrubber.PassesLuhn("6222 0212 3456 7890 128"));
        Assert.False(PiiScrubber.PassesLuhn("2023111512345678"));
        Assert.False(PiiScrubber.PassesLuhn("411111111111")); // too short to be a card
    }

    [Fact]
    public void An_order_number_that_fails_the_luhn_check_is_kept()
    {
        const string text = "Order 2023111512345678 was never delivered.";
        Assert.Equal(text, Scrub(text));
    }

    [Fact]
    public void Ordinary_numbers_prices_and_dates_are_kept()
    {
        const string text = "I paid 299.00 yuan on 2026-03-02 for 3 items; tracking SF1234567 is stuck since 14:30.";
        Assert.Equal(text, Scrub(text));
    }

    [Fact]
    public void A_chinese_address_is_removed_down_to_the_room()
    {
        const string address = "北京市朝阳区建国路88号SOHO现代城5号楼1单元1201室";
        var scrubbed = Scrub($"快递送到{address}，但是没有人签收。");
        Assert.Contains(PiiScrubber.AddressToken, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("建国路88号", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("5号楼", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("1单元", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("1201室", scrubbed, StringComparison.Ordinal);
        Assert.EndsWith("，但是没有人签收。", scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("上海市徐汇区漕溪北路1200号3栋502室")]
    [InlineData("深圳市南山区科技园南区高新南一道10号")]
    public void Other_chinese_addresses_are_removed(string address)
    {
        var scrubbed = Scrub($"地址：{address}");
        Assert.Contains(PiiScrubber.AddressToken, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("号", scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("221 Baker Street")]
    [InlineData("221B Baker Street")]
    [InlineData("42 North Cedar Ave, Apt 7C")]
    [InlineData("1600 Pennsylvania Avenue")]
    public void English_street_addresses_are_removed(string address) =>
        AssertRemoved($"Deliver to {address} please; it never arrived.", address, PiiScrubber.AddressToken);

    [Fact]
    public void The_consumers_own_strings_are_removed_anywhere_and_in_any_case()
    {
        var text = "My name is ZHANG MEILING (zhang meiling, Zhang Meiling). Phone 139 0101 2345, also 13901012345. "
            + "Mail MEILING.ZHANG@EXAMPLE.CN.";
        var scrubbed = PiiScrubber.Scrub(text, Consumer);
        Assert.DoesNotContain("zhang meiling", scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("13901012345", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("139 0101 2345", scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("meiling.zhang@example.cn", scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(PiiScrubber.NameToken, scrubbed, StringComparison.Ordinal);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, Consumer));
    }

    [Fact]
    public void The_consumers_name_is_removed_inside_other_words_and_chinese_text()
    {
        var consumer = new ConsumerContact("李雷", null, null);
        var scrubbed = PiiScrubber.Scrub("我是李雷，李雷的订单没有到。", consumer);
        Assert.DoesNotContain("李雷", scrubbed, StringComparison.Ordinal);
        Assert.Equal("我是[name]，[name]的订单没有到。", scrubbed);
    }

    [Fact]
    public void Removing_the_name_cannot_join_fragments_into_a_new_occurrence()
    {
        var consumer = new ConsumerContact("John", null, null);
        var scrubbed = PiiScrubber.Scrub("JoJohnhn wrote this.", consumer);
        Assert.DoesNotContain("john", scrubbed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_consumer_string_that_is_part_of_a_token_is_still_removed()
    {
        var consumer = new ConsumerContact("name", null, null);
        var scrubbed = PiiScrubber.Scrub("My name is name.", consumer);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, consumer));
    }

    [Fact]
    public void Is_free_of_detects_a_surviving_consumer_string()
    {
        Assert.False(PiiScrubber.IsFreeOf("Call zhang meiling.", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("digits 13901012345", Consumer));
        Assert.True(PiiScrubber.IsFreeOf("Nothing here.", Consumer));
    }

    [Fact]
    public void Scrubbing_without_pii_leaves_the_text_unchanged()
    {
        const string text = "The blender stopped working after two days and the shop would not take it back.";
        Assert.Equal(text, PiiScrubber.Scrub(text, Consumer));
    }
}
