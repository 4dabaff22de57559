using System.Text;

namespace Complaints.Testing;

/// <summary>
/// Long Chinese text with full-width punctuation and emoji (surrogate pairs), starting at a shifting offset so that
/// multi-byte characters fall on every position of a request's chunks; never cut inside a surrogate pair.
/// </summary>
public static class ChineseText
{
    private const string Sentence = "消费者投诉：我在商场买的电水壶用了两天就坏了，商家拒绝退货，平台先行赔付后向商家追偿。快递延误🚚，包装破损📦，客服态度差😡！";

    public static string Of(int length, int offset)
    {
        var text = new StringBuilder(length + Sentence.Length * 2);
        text.Append(Sentence, offset % Sentence.Length, Sentence.Length - (offset % Sentence.Length));
        while (text.Length < length)
        {
            text.Append(Sentence);
        }

        text.Length = length;
        if (char.IsHighSurrogate(text[^1]))
        {
            text[^1] = '。';
        }

        if (char.IsLowSurrogate(text[0]))
        {
            text[0] = '。';
        }

        return text.ToString();
    }
}
