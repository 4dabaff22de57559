namespace Complaints.Core.Tests;

public class ContactDetailsTests
{
    [Theory]
    [InlineData("(021) 6888-1234", "(021) 6888-1234")]
    [InlineData("（０２１）６８８８－１２３４", "(021)6888-1234")]
    [InlineData("１３８１２３４５６７８", "13812345678")]
    [InlineData("138.1234.5678", "138.1234.5678")]
    [InlineData("138\u00A01234\u00A05678", "138 1234 5678")]
    [InlineData("+86\u3000139\u30001234\u30005678", "+86 139 1234 5678")]
    [InlineData("+86 139 1234 5678", "+86 139 1234 5678")]
    [InlineData("138 - 1234 - 5678", "138-1234-5678")]
    [InlineData("138  1234   5678", "138 1234 5678")]
    [InlineData("( 021 ) 6888 1234", "(021) 6888 1234")]
    [InlineData("+44 (0)20 7946 0958", "+44 (0)20 7946 0958")]
    [InlineData("0086 138 0013 8000", "0086 138 0013 8000")]
    [InlineData("021/6888/1234", "021/6888/1234")]
    [InlineData("(+86) 138 1234 5678", "(+86) 138 1234 5678")]
    [InlineData("12315", "12315")]
    public void A_phone_is_accepted_as_people_type_it_and_stored_normalized(string typed, string stored)
    {
        Assert.True(ContactDetails.TryNormalizePhone(typed, out var normalized), typed);
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("call me maybe")]
    [InlineData("1234")]
    [InlineData("+86 138 1234 5678 9999")]
    [InlineData("138--1234")]
    [InlineData("138-1234-")]
    [InlineData("-138 1234 5678")]
    [InlineData("(021 6888 1234")]
    [InlineData("021) 6888 1234")]
    [InlineData("((021)) 6888")]
    [InlineData("138 1234 5678 ext. 12")]
    [InlineData("138+1234")]
    [InlineData("+")]
    [InlineData("")]
    [InlineData("   ")]
    public void Something_that_is_not_a_phone_number_is_refused(string typed) =>
        Assert.False(ContactDetails.TryNormalizePhone(typed, out _), typed);

    [Theory]
    [InlineData("li.wei@example.com", "li.wei@example.com")]
    [InlineData("Li.Wei@EXAMPLE.COM", "Li.Wei@example.com")]
    [InlineData("ｌｉ．ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "li.wei@example.com")]
    [InlineData("li.wei＠example.com", "li.wei@example.com")]
    [InlineData("josé@example.com", "josé@example.com")]
    [InlineData("张三@例子.中国", "张三@例子.中国")]
    public void An_email_is_accepted_as_people_type_it_and_stored_normalized(string typed, string stored)
    {
        Assert.True(ContactDetails.TryNormalizeEmail(typed, out var normalized), typed);
        Assert.Equal(stored, normalized);
    }

    [Theory]
    [InlineData("li.wei at example dot com")]
    [InlineData("li.wei@")]
    [InlineData("@example.com")]
    [InlineData("li@wei@example.com")]
    [InlineData("li.wei@example")]
    [InlineData("li.wei@example.")]
    [InlineData("li.wei@.com")]
    [InlineData("li.wei@example..com")]
    [InlineData("li wei@example.com")]
    [InlineData("li\u200Bwei@example.com")]
    [InlineData("")]
    public void Something_that_is_not_an_email_address_is_refused(string typed) =>
        Assert.False(ContactDetails.TryNormalizeEmail(typed, out _), typed);
}
