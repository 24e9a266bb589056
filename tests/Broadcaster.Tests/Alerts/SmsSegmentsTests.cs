using Broadcaster.Alerts;

namespace Broadcaster.Tests.Alerts;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(1530, 10)]
    [InlineData(1531, 11)]
    public void Count_PlainGsm7_160ThenParts153(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(length, count.Units);
        Assert.Equal(segments, count.Segments);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(670, 10)]
    [InlineData(671, 11)]
    public void Count_Ucs2_70ThenParts67(int length, int segments)
    {
        var count = SmsSegments.Count("á" + new string('a', length - 1));

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(segments, count.Segments);
    }

    [Theory]
    [InlineData('€')]
    [InlineData('[')]
    [InlineData(']')]
    [InlineData('{')]
    [InlineData('}')]
    [InlineData('~')]
    [InlineData('^')]
    [InlineData('|')]
    [InlineData('\\')]
    public void Count_ExtensionCharacter_StaysGsm7ButCountsDouble(char c)
    {
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 160, 1), SmsSegments.Count(new string(c, 80)));
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 162, 2), SmsSegments.Count(new string(c, 81)));
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 160, 1), SmsSegments.Count(new string('a', 158) + c));
        Assert.Equal(new SmsCount(SmsEncoding.Gsm7, 161, 2), SmsSegments.Count(new string('a', 159) + c));
    }

    [Fact]
    public void Count_EscapePairAtPartBoundary_NotSplitSoNextPartStarts()
    {
        // 306 septets would fill two parts of 153 exactly, but € (escape + char) after 152 septets cannot
        // straddle the boundary: part one holds 152, so the last septet spills into a third part.
        var count = SmsSegments.Count(new string('a', 152) + "€" + new string('a', 152));

        Assert.Equal(306, count.Units);
        Assert.Equal(3, count.Segments);
    }

    [Theory]
    [InlineData("Retén de ICE en la calle Main. ¿Dudas? ¡Llame! Niño, señor: ü ö ä à è é ù ì ò Ç É Ñ Ü Ö Ä")]
    [InlineData("@£$¥ _ΔΦΓΛΩΠΨΣΘΞ ÆæßØøÅå ¤§¿¡ #%&'()*+,-./:;<=>?\"\n\r")]
    public void Count_SpanishWithEAndNAndGsmSymbols_StaysGsm7(string text)
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(text).Encoding);
    }

    [Theory]
    [InlineData("á")]
    [InlineData("í")]
    [InlineData("ó")]
    [InlineData("ú")]
    [InlineData("Á")]
    [InlineData("Ó")]
    [InlineData("ç")]
    [InlineData("“quoted”")]
    [InlineData("🚨")]
    public void Count_CharacterOutsideGsm7_WholeMessageUcs2(string odd)
    {
        var count = SmsSegments.Count("ICE checkpoint at Main " + odd);

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal("UCS-2", count.EncodingName);
    }

    [Fact]
    public void Count_Emoji_TwoUnitsAndNeverSplit()
    {
        Assert.Equal(new SmsCount(SmsEncoding.Ucs2, 70, 1), SmsSegments.Count(string.Concat(Enumerable.Repeat("🚨", 35))));
        // 66 units, then an emoji (2 units) that cannot straddle: part one holds 66, part two the rest.
        Assert.Equal(3, SmsSegments.Count(new string('á', 66) + "🚨" + new string('á', 66)).Segments);
    }

    [Fact]
    public void Count_Empty_ZeroSegments()
    {
        Assert.Equal(0, SmsSegments.Count("").Segments);
    }
}
