using Complaints.Core.Disclosure;

namespace Complaints.Core.Tests.Disclosure;

/// <summary>
/// The scrubber, example by example: each problem of issue 10 has a test named after it, and each kind of personal
/// data its token. The generated cases are in <c>Properties/DisclosureProperties</c>.
/// </summary>
public class PiiScrubberTests
{
    private static readonly ConsumerContact Consumer = new("Zhang Meiling", "139 0101 2345", "meiling.zhang@example.cn");

    private static string Scrub(string text) => PiiScrubber.Scrub(text, null);

    private static void AssertMasked(string text, string pii, string token)
    {
        var scrubbed = Scrub(text);
        Assert.True(!scrubbed.Contains(pii, StringComparison.OrdinalIgnoreCase) && scrubbed.Contains(token, StringComparison.Ordinal), $"expected '{pii}' masked as {token}, got: {scrubbed}");
        Assert.False(Digits(scrubbed).Contains(Digits(pii), StringComparison.Ordinal) && Digits(pii).Length >= PiiScrubber.IdentifierDigits, $"the digits of '{pii}' survive in: {scrubbed}");
    }

    private static string Digits(string text) => string.Concat(FoldedText.Fold(text).Where(char.IsAsciiDigit));

    // ---- phones: mainland and international, in every common grouping and width ----

    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("138.1234.5678")]
    [InlineData("138/1234/5678")]
    [InlineData("138\u00A01234\u00A05678")]
    [InlineData("138－1234－5678")]
    [InlineData("138 - 1234 - 5678")]
    [InlineData("(138) 1234 5678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+86-138-1234-5678")]
    [InlineData("+8613812345678")]
    [InlineData("0086 13812345678")]
    [InlineData("+86 (138) 1234-5678")]
    public void Chinese_mobile_numbers_are_masked_in_any_grouping(string phone)
    {
        AssertMasked($"请打我的电话{phone}，谢谢 / call me on {phone} please.", phone, PiiScrubber.PhoneToken);
        Assert.Equal("请打我的电话[phone]，谢谢 / call me on [phone] please.", Scrub($"请打我的电话{phone}，谢谢 / call me on {phone} please."));
    }

    [Fact]
    public void Full_width_digits_are_masked_as_a_phone() =>
        Assert.Equal("请打[phone]", Scrub("请打１３８１２３４５６７８"));

    [Theory]
    [InlineData("138\u200B1234\u200B5678")]
    [InlineData("١٣٨١٢٣٤٥٦٧٨")]
    [InlineData("𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖")]
    [InlineData("一三八一二三四五六七八")]
    [InlineData("幺三八 幺二三四 五六七八")]
    public void Digits_hidden_by_zero_width_spaces_other_scripts_or_chinese_numerals_are_masked(string phone) =>
        Assert.Equal("电话[phone]。", Scrub($"电话{phone}。"));

    [Theory]
    [InlineData("010-12345678")]
    [InlineData("010-62345678")]
    [InlineData("0755 8888 6666")]
    [InlineData("(021) 6234 5678")]
    [InlineData("(021) 6888-1234")]
    [InlineData("（０２１）６８８８－１２３４")]
    [InlineData("0571-8765432")]
    [InlineData("021.6888.1234")]
    [InlineData("021,6888,1234")]
    public void Chinese_landlines_are_masked(string phone) =>
        AssertMasked($"The shop's number is {phone}, nobody answers.", phone, PiiScrubber.PhoneToken);

    [Fact]
    public void A_landline_extension_goes_with_the_number() =>
        Assert.Equal("座机[phone]，找王经理", Scrub("座机(021) 6888-1234 转 806，找王经理"));

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+44 (0)20 7946 0958")]
    [InlineData("(415) 555-2671")]
    [InlineData("415-555-2671")]
    [InlineData("415.555.2671")]
    [InlineData("+1 415 555 2671")]
    [InlineData("+852 2345 6789")]
    [InlineData("2345 6789")]
    public void International_numbers_are_masked(string phone) =>
        AssertMasked($"Reach me at {phone} after 6pm.", phone, PiiScrubber.PhoneToken);

    // ---- identifiers: any run of seven digits or more, checksum or not ----

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111111111111111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("6222 0212 3456 7890 128")]
    public void Card_numbers_are_masked(string card) =>
        AssertMasked($"Charged twice to card {card} on the same day.", card, PiiScrubber.AccountToken);

    [Fact]
    public void A_mistyped_card_number_that_fails_the_luhn_check_is_masked_all_the_same() =>
        AssertMasked("Charged twice to card 4111 1111 1111 1112 on the same day.", "4111 1111 1111 1112", PiiScrubber.AccountToken);

    [Theory]
    [InlineData("6222.0212.3456/7890")]
    [InlineData("6222 0212 3456 7")]
    [InlineData("622202123456")]
    public void A_bank_account_number_is_masked(string account) =>
        AssertMasked($"Refund to my account {account} please.", account, PiiScrubber.AccountToken);

    [Fact]
    public void An_order_number_is_masked() =>
        AssertMasked("Order 2023111512345678 was never delivered.", "2023111512345678", PiiScrubber.AccountToken);

    [Theory]
    [InlineData("SF1234567890", "[account-number]")]
    [InlineData("JD0012345678901", "[account-number]")]
    [InlineData("YT 1234 5678 9012", "YT [account-number]")]
    public void A_waybill_number_is_masked_with_the_letters_it_is_glued_to(string waybill, string expected) =>
        Assert.Equal($"The parcel {expected} is stuck.", Scrub($"The parcel {waybill} is stuck."));

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440305199001011234")]
    [InlineData("110105 19491231 002X")]
    [InlineData("110105-19491231-002X")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")]
    public void National_id_numbers_are_masked_grouped_or_not(string id) =>
        Assert.Equal("身份证号[id-number]已提供 (ID [id-number]).", Scrub($"身份证号{id}已提供 (ID {id})."));

    [Fact]
    public void An_old_15_digit_id_number_is_masked() =>
        Assert.Equal("旧身份证[id-number]。", Scrub("旧身份证110105491231002。"));

    [Fact]
    public void A_social_security_number_is_masked_as_an_id_number() =>
        Assert.Equal("My SSN is [id-number].", Scrub("My SSN is 078-05-1120."));

    [Theory]
    [InlineData("passport E12345678", "passport [passport]")]
    [InlineData("Passport number: EA1234567", "Passport number: [passport]")]
    [InlineData("护照号码G12345678", "护照号码[passport]")]
    [InlineData("my passport no. is 533380006", "my passport no. is [passport]")]
    [InlineData("passport C01X00T47 (German)", "passport [passport] (German)")]
    [InlineData("they kept E12345678 at the desk", "they kept [passport] at the desk")]
    public void Passport_numbers_are_masked(string text, string expected) =>
        Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("京A·12345")]
    [InlineData("京A12345")]
    [InlineData("沪B 8K123")]
    [InlineData("粤B12345D")]
    [InlineData("粤Ｂ·１２３４５")]
    public void Chinese_licence_plates_are_masked(string plate) =>
        Assert.Equal("车牌为[plate]的车撞了我。", Scrub($"车牌为{plate}的车撞了我。"));

    [Fact]
    public void A_labelled_english_licence_plate_is_masked() =>
        Assert.Equal("The van (license plate [plate]) drove off.", Scrub("The van (license plate 7ABC123) drove off."));

    // ---- what must stay readable ----

    [Fact]
    public void Amounts_and_years_stay_readable()
    {
        const string text = "In 2019 I paid 120.00 CNY, then ¥1,299 and {$12000.00}, {$150000.00} and {$1,500,000.00} in all, 2,399.00 yuan, 1299元, "
            + "$1,234,567.89 and $ 1000-2000 a month during the 2019-2020 school year; 3 items, 14:30, 7 days, 1,500,000 people.";
        Assert.Equal(text, Scrub(text));
    }

    [Theory]
    [InlineData("They took ¥13812345678 from me.", "They took ¥[phone] from me.")]
    [InlineData("They took 2359646元 from me.", "They took [account-number]元 from me.")]
    [InlineData("They took $ 74881-80696 from me.", "They took $ [account-number] from me.")]
    [InlineData("They took 300 2359646元 from me.", "They took [account-number]元 from me.")]
    public void A_long_number_next_to_a_currency_is_still_an_identifier(string text, string expected) =>
        Assert.Equal(expected, Scrub(text));

    [Fact]
    public void Years_in_a_list_percentages_and_citations_with_spaces_stay_readable()
    {
        const string text = "Reported in 2018, 2019, 2020 and 2021 at 524.9996 % interest under 15 U.S.C. 1681 and rule 80 3.";
        Assert.Equal(text, Scrub(text));
    }

    [Fact]
    public void Ordinary_numbers_and_times_are_kept()
    {
        const string text = "I called 3 times at 14:30 and waited 45 minutes; 2 of 5 items arrived, ticket #123456.";
        Assert.Equal(text, Scrub(text));
    }

    [Theory]
    [InlineData("on 2026-03-02 I called", "on 2026-03-[date] I called")]
    [InlineData("on 2026/3/2 I called", "on 2026/3/[date] I called")]
    [InlineData("on 2026.03.02 14:30 I called", "on 2026.03.[date] 14:30 I called")]
    [InlineData("on 03/25/2026 I called", "on 03/[date]/2026 I called")]
    [InlineData("on 25/03/2026 I called", "on [date]/03/2026 I called")]
    [InlineData("on 03/02/2026 I called", "on [date]/[date]/2026 I called")]
    [InlineData("on March 2, 2026 I called", "on March [date], 2026 I called")]
    [InlineData("on Dec. 31st 2025 I called", "on Dec. [date] 2025 I called")]
    [InlineData("on 2 March 2026 I called", "on [date] March 2026 I called")]
    [InlineData("2026年3月2日我打了电话", "2026年3月[date]我打了电话")]
    [InlineData("3月15号我打了电话", "3月[date]我打了电话")]
    [InlineData("in March 2026 I called", "in March 2026 I called")]
    [InlineData("2026年3月我打了电话", "2026年3月我打了电话")]
    public void Full_dates_keep_only_their_year_and_month(string text, string expected) =>
        Assert.Equal(expected, Scrub(text));

    // ---- e-mail addresses, as written and spelled out ----

    [Theory]
    [InlineData("wang.li+shop@example.com.cn")]
    [InlineData("A_B-c@mail-server.org")]
    [InlineData("someone@163.com")]
    [InlineData("someone＠163.com")]
    [InlineData("ｓｏｍｅｏｎｅ＠１６３．ｃｏｍ")]
    [InlineData("someone @ 163.com")]
    public void Email_addresses_are_masked(string email) =>
        Assert.Equal("I wrote to [email] twice.", Scrub($"I wrote to {email} twice."));

    [Theory]
    [InlineData("wang.li at example dot com")]
    [InlineData("wangli at qq dot com")]
    [InlineData("wang.li at example.com")]
    [InlineData("wang.li(at)example(dot)com")]
    [InlineData("wang.li [at] example [dot] co [dot] uk")]
    [InlineData("wangli艾特qq点com")]
    public void Spelled_out_email_addresses_are_masked(string email) =>
        Assert.Equal("I wrote to [email] twice.", Scrub($"I wrote to {email} twice."));

    [Fact]
    public void Saying_where_one_was_is_not_an_email_address()
    {
        const string text = "I was at Amazon.com when it happened, and at home. Then I wrote.";
        Assert.Equal(text, Scrub(text));
    }

    // ---- addresses, down to the street number ----

    [Fact]
    public void A_chinese_address_is_masked_down_to_the_room_and_the_city_stays()
    {
        var scrubbed = Scrub("快递送到北京市朝阳区建国路88号SOHO现代城5号楼1单元1201室，但是没有人签收。");
        Assert.Equal("快递送到北京市朝阳区[address]，但是没有人签收。", scrubbed);
    }

    [Theory]
    [InlineData("上海市徐汇区漕溪北路1200号3栋502室", "上海市徐汇区[address]")]
    [InlineData("深圳市南山区科技园南区高新南一道10号", "深圳市南山区科技园南区[address]")]
    [InlineData("杭州市西湖区文三路一百号", "杭州市西湖区[address]")]
    [InlineData("住在阳光小区3栋2单元501室", "住在阳光小区[address]")]
    [InlineData("寄到天河路385号", "寄到[address]")]
    public void Other_chinese_addresses_are_masked(string text, string expected) =>
        Assert.Equal(expected, Scrub(text));

    [Theory]
    [InlineData("221 Baker Street")]
    [InlineData("221B Baker Street")]
    [InlineData("42 North Cedar Ave, Apt 7C")]
    [InlineData("1600 Pennsylvania Avenue")]
    [InlineData("12 main street")]
    [InlineData("P.O. Box 1234")]
    public void English_street_addresses_are_masked(string address) =>
        Assert.Equal("Deliver to [address] please; it never arrived.", Scrub($"Deliver to {address} please; it never arrived."));

    [Fact]
    public void Counting_things_down_the_road_is_not_an_address()
    {
        const string text = "I drove 30 more miles down the road and waited 12 days on the way.";
        Assert.Equal(text, Scrub(text));
    }

    // ---- names ----

    [Theory]
    [InlineData("My name is Wang Xiaoming and", "My name is [name] and")]
    [InlineData("我叫王小明，", "我叫[name]，")]
    [InlineData("姓名：王小明。", "姓名：[name]。")]
    public void A_self_introduction_masks_the_name(string text, string expected) =>
        Assert.Equal(expected, Scrub(text));

    [Fact]
    public void Calling_someone_is_not_a_self_introduction()
    {
        const string text = "我叫了客服三次。";
        Assert.Equal(text, Scrub(text));
    }

    // ---- the consumer's own strings ----

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

    [Theory]
    [InlineData("Meiling Zhang")]
    [InlineData("ZHANG·MEILING")]
    [InlineData("Zhang\u00A0\u00A0Meiling")]
    [InlineData("Ｚｈａｎｇ Ｍｅｉｌｉｎｇ")]
    [InlineData("Zhang-Meiling")]
    [InlineData("acZhang Meilingcount")]
    public void The_consumers_name_is_masked_in_any_order_grouping_and_width(string written)
    {
        var scrubbed = PiiScrubber.Scrub($"Signed, {written}.", Consumer);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, Consumer), scrubbed);
        Assert.Contains(PiiScrubber.NameToken, scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_of_the_consumers_name_written_as_a_name_is_masked_and_the_word_is_not()
    {
        var consumer = new ConsumerContact("Will Turner", null, null);
        Assert.Equal("[name] says he will wait.", PiiScrubber.Scrub("Will says he will wait.", consumer));
    }

    [Theory]
    [InlineData("139_0101_2345")]
    [InlineData("139~0101~2345")]
    [InlineData("+86 139 0101 2345")]
    [InlineData("１３９ ０１０１ ２３４５")]
    [InlineData("一三九〇一〇一二三四五")]
    public void The_consumers_phone_is_masked_in_any_grouping_and_width(string written)
    {
        var scrubbed = PiiScrubber.Scrub($"Call {written} now.", Consumer);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, Consumer), scrubbed);
        Assert.DoesNotContain("0101", FoldedText.Fold(scrubbed), StringComparison.Ordinal);
    }

    [Fact]
    public void A_landline_written_without_its_area_code_is_still_the_consumers_phone()
    {
        var consumer = new ConsumerContact("Li Lei", "(021) 6888-1234", null);
        Assert.False(PiiScrubber.IsFreeOf("my number is 6888 1234", consumer));
        Assert.Equal("my number is [phone]", PiiScrubber.Scrub("my number is 6888 1234", consumer));
    }

    [Theory]
    [InlineData("meiling.zhang at example dot cn")]
    [InlineData("MEILING.ZHANG＠EXAMPLE.CN")]
    [InlineData("meiling zhang at example")]
    public void The_consumers_email_is_masked_however_it_is_written(string written)
    {
        var scrubbed = PiiScrubber.Scrub($"Write to {written} please.", Consumer);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, Consumer), scrubbed);
    }

    [Fact]
    public void The_consumers_name_is_removed_inside_other_words_and_chinese_text()
    {
        var consumer = new ConsumerContact("李雷", null, null);
        var scrubbed = PiiScrubber.Scrub("我是李雷，李 雷的订单没有到。", consumer);
        Assert.Equal("我是[name]，[name]的订单没有到。", scrubbed);
    }

    [Fact]
    public void The_given_name_of_a_three_character_chinese_name_is_masked_on_its_own()
    {
        var consumer = new ConsumerContact("王小明", null, null);
        Assert.Equal("[name]说[name]的订单没有到。", PiiScrubber.Scrub("王小明说小明的订单没有到。", consumer));
    }

    [Fact]
    public void Removing_the_name_cannot_join_fragments_into_a_new_occurrence()
    {
        var consumer = new ConsumerContact("John", null, null);
        var scrubbed = PiiScrubber.Scrub("JoJohnhn wrote this.", consumer);
        Assert.DoesNotContain("john", scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, consumer));
    }

    [Fact]
    public void A_consumer_string_that_is_part_of_a_token_is_still_removed()
    {
        var consumer = new ConsumerContact("name", null, null);
        var scrubbed = PiiScrubber.Scrub("My name is name.", consumer);
        Assert.True(PiiScrubber.IsFreeOf(scrubbed, consumer));
    }

    [Fact]
    public void Is_free_of_detects_a_surviving_consumer_string_in_any_width_and_grouping()
    {
        Assert.False(PiiScrubber.IsFreeOf("Call zhang meiling.", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("Call ＺＨＡＮＧ　ＭＥＩＬＩＮＧ.", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("digits 13901012345", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("digits 139.0101.2345", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("digits １３９０１０１２３４５", Consumer));
        Assert.False(PiiScrubber.IsFreeOf("mail meiling.zhang＠example.cn", Consumer));
        Assert.True(PiiScrubber.IsFreeOf("Nothing here.", Consumer));
    }

    [Fact]
    public void Scrubbing_without_pii_leaves_the_text_unchanged()
    {
        const string text = "The blender stopped working after two days and the shop would not take it back.";
        Assert.Equal(text, PiiScrubber.Scrub(text, Consumer));
    }

    [Fact]
    public void Text_around_a_mask_is_kept_as_written_in_its_own_width()
    {
        Assert.Equal("我的电话是[phone]，谢谢！", Scrub("我的电话是１３８　１２３４　５６７８，谢谢！"));
    }

    [Fact]
    public void Analyse_says_what_was_masked_where_in_the_original()
    {
        const string text = "Call １３８１２３４５６７８ or mail a@b.cn.";
        var result = PiiScrubber.Analyse(text, null);
        Assert.Equal([new PiiSpan(5, 11, PiiKind.Phone), new PiiSpan(25, 6, PiiKind.Email)], result.Masked);
        Assert.Equal("Call [phone] or mail [email].", result.Text);
    }

    // ---- found by the generator (Properties/DisclosureProperties), each once a leak ----

    [Fact]
    public void A_full_width_english_date_inside_chinese_text_keeps_only_its_month_and_year() =>
        Assert.Equal("已经过Ｍａｒｃｈ　[date]，　２０１３去了两个星期。", Scrub("已经过Ｍａｒｃｈ　８，　２０１３去了两个星期。"));

    [Fact]
    public void An_english_address_followed_at_once_by_chinese_text_is_masked() =>
        Assert.Equal("我住在[address]店旁边。", Scrub("我住在221 Baker Street店旁边。"));

    [Fact]
    public void A_passport_number_glued_to_a_currency_character_is_not_an_amount() =>
        Assert.Equal("差了300 [passport]元。", Scrub("差了300 ＥＡ８６０２６９６元。"));

    [Fact]
    public void The_end_of_a_phone_number_before_a_currency_character_is_not_an_amount() =>
        Assert.Equal("差了300[phone]元。", Scrub("差了300+852 96674782元。"));

    [Fact]
    public void A_spelled_out_address_after_the_word_at_is_masked() =>
        Assert.Equal("they call me everyday at [email] all hours", Scrub("they call me everyday at xiao.jun8061 (at) 163.com all hours"));

    [Fact]
    public void Two_spelled_out_addresses_in_a_row_are_both_masked() =>
        Assert.Equal("维修[email]点[email]说是", Scrub("维修zhi.jing73 (at) 163(dot)com点jun_jun4058 at mail dot example dot cn说是"));

    [Fact]
    public void A_date_just_before_a_chinese_date_keeps_only_its_month_and_year() =>
        Assert.Equal("2023/3/[date] 2004年8月[date]", Scrub("2023/3/9 2004年8月9日"));

    [Fact]
    public void A_plate_written_together_with_a_year_is_masked() =>
        Assert.Equal("车牌[plate]2019年买的", Scrub("车牌浙D·C5468D2019年买的"));

    [Fact]
    public void An_international_number_glued_to_a_word_leaves_the_word_to_its_own_pattern() =>
        Assert.Equal("Deliver to [address][phone] please", Scrub("Deliver to 6481 Baker Lane＋８５2　911－9３０５8 please"));

    [Fact]
    public void A_self_introduction_after_a_redacted_one_is_masked() =>
        Assert.Equal("My name is [name] My name is [name], I wrote.", Scrub("My name is XXXX My name is Xinui Haoui, I wrote."));

    [Fact]
    public void A_number_cut_into_an_amount_range_is_not_an_amount() =>
        Assert.Equal("a balance of {$[account-number]}.", Scrub("a balance of {$2208135-048.00}."));
}
