using Broadcaster.Alerts;

namespace Broadcaster.Tests.Alerts;

public sealed class AlertTextTests
{
    private static Alert Alert(string kind, long? replyTo, Dictionary<string, string> texts) =>
        new(42, 1, kind, replyTo, [new AlertArea(1, "napa", "Napa County")], texts, AlertStatus.Verified, 1, 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null);

    [Theory]
    [InlineData("confirmed", "en", "VERIFIED ALERT #42 - North Bay RRN\nRaid at Main St.\nReply STOP to leave")]
    [InlineData("confirmed", "es", "ALERTA VERIFICADA #42 - North Bay RRN\nRedada en Main St.\nResponda ALTO para salir")]
    [InlineData("update", "en", "ALERT UPDATE #42 (re #7) - North Bay RRN\nRaid at Main St.\nReply STOP to leave")]
    [InlineData("update", "es", "ALERTA ACTUALIZADA #42 (sobre #7) - North Bay RRN\nRedada en Main St.\nResponda ALTO para salir")]
    [InlineData("all-clear", "en", "ALL CLEAR #42 (re #7) - North Bay RRN\nRaid at Main St.\nReply STOP to leave")]
    [InlineData("all-clear", "es", "TODO DESPEJADO #42 (sobre #7) - North Bay RRN\nRedada en Main St.\nResponda ALTO para salir")]
    [InlineData("retraction", "en", "RETRACTION #42 (re #7) - North Bay RRN\nRaid at Main St.\nReply STOP to leave")]
    [InlineData("retraction", "es", "ALERTA RETIRADA #42 (sobre #7) - North Bay RRN\nRedada en Main St.\nResponda ALTO para salir")]
    public void Render_KindAndLanguage_LabelTextNetworkIdAndHowToLeave(string kind, string language, string expected)
    {
        var alert = Alert(kind, kind == "confirmed" ? null : 7, new() { ["en"] = "Raid at Main St.", ["es"] = "Redada en Main St." });

        Assert.Equal(expected, AlertText.Render(alert, "North Bay RRN", language));
    }

    [Theory]
    [InlineData("confirmed")]
    [InlineData("update")]
    [InlineData("all-clear")]
    [InlineData("retraction")]
    public void Render_GsmText_StaysGsm7InEveryLanguageAndChannel(string kind)
    {
        // é and ñ are GSM-7: a label with Ó (ACTUALIZACIÓN, RECTIFICACIÓN) would turn this into UCS-2.
        var alert = Alert(kind, kind == "confirmed" ? null : 7, new() { ["en"] = "Raid at Main St.", ["es"] = "Retén en Main St., señor." });

        foreach (var language in new[] { "en", "es", "vi" })
            foreach (var channel in new[] { "sms", "telegram" })
                Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(AlertText.Render(alert, "North Bay RRN", language, channel)).Encoding);
    }

    [Fact]
    public void Render_LanguageWithoutText_EnglishTextWithThatLanguagesLabels()
    {
        var alert = Alert("confirmed", null, new() { ["en"] = "Raid at Main St." });

        Assert.Equal("ALERTA VERIFICADA #42 - North Bay RRN\nRaid at Main St.\nResponda ALTO para salir", AlertText.Render(alert, "North Bay RRN", "es"));
        Assert.Equal("CANH BAO DA XAC MINH #42 - North Bay RRN\nRaid at Main St.\nTra loi STOP de ngung nhan", AlertText.Render(alert, "North Bay RRN", "vi"));
        Assert.Equal("VERIFIED ALERT #42 - North Bay RRN\nRaid at Main St.\nReply STOP to leave", AlertText.Render(alert, "North Bay RRN", "xx"));
    }

    [Fact]
    public void Render_NetworkFallsBackToSpanish_TextWithoutTheirLanguageIsTheSpanishOne()
    {
        var alert = Alert("confirmed", null, new() { ["en"] = "Raid.", ["es"] = "Redada.", ["ko"] = "단속." });

        Assert.Equal("BERIPIKADONG ALERTO #42 - North Bay RRN\nRedada.\nMag-reply ng STOP para umalis", AlertText.Render(alert, "North Bay RRN", "tl", fallback: "es"));
        Assert.Equal("확인된 경보 #42 - North Bay RRN\n단속.\n그만 받으려면 STOP 답장", AlertText.Render(alert, "North Bay RRN", "ko", fallback: "es"));
        Assert.Equal("Raid.", AlertText.TextFor(alert.Texts, "tl"));
    }

    [Fact]
    public void Render_Telegram_SaysHowToLeaveThere()
    {
        var alert = Alert("confirmed", null, new() { ["en"] = "Raid.", ["es"] = "Redada." });

        Assert.EndsWith("\nSend /stop to leave", AlertText.Render(alert, "North Bay RRN", "en", "telegram"));
        Assert.EndsWith("\nUse /stop para salir", AlertText.Render(alert, "North Bay RRN", "es", "telegram"));
    }

    [Fact]
    public void Clean_WindowsLineEndingsAndOuterSpaces_Removed()
    {
        Assert.Equal("Line one\nLine two", AlertText.Clean("  Line one\r\nLine two \r\n"));
    }
}
