using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.Subscribers;

/// <summary>Leaving one county, leaving everything, and coming back.</summary>
public sealed class LeaveAndStopTests : IAsyncLifetime
{
    private const string Ana = "+12135550111";
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private async Task SubscribeAsync(string number, params string[] counties)
    {
        foreach (var county in counties)
            await _t.ReplyAsync(number, "JOIN " + county);
        await _t.ReplyAsync(number, "YES");
    }

    [Fact]
    public async Task Leave_OneOfTwoCounties_KeepsTheOther()
    {
        await SubscribeAsync(Ana, "Los Angeles", "Napa");

        var reply = await _t.ReplyAsync(Ana, "LEAVE napa");

        Assert.Equal($"{SmsTestbed.NorthBay}: You left alerts for Napa County. You still get alerts for Los Angeles County.", reply);
        Assert.Equal("los-angeles:active", await _t.CountiesAsync(Ana));
        Assert.Equal("active", await _t.StatusAsync(Ana));
    }

    [Fact]
    public async Task Salir_LastCounty_ErasesTheNumberLikeStop()
    {
        await _t.ReplyAsync(Ana, "UNIRME Orange");
        await _t.ReplyAsync(Ana, "SI");

        var reply = await _t.ReplyAsync(Ana, "SALIR condado de orange");

        Assert.StartsWith("LA RRN: Ha dejado las alertas del condado de Orange y ya no le enviaremos mensajes.", reply);
        Assert.Equal("stopped", await _t.StatusAsync(Ana));
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
    }

    [Theory]
    [InlineData("LEAVE", "Which county? You get alerts for Los Angeles and Napa counties. Reply LEAVE + county to leave one, STOP to leave all.")]
    [InlineData("LEAVE Sonoma", "You don't get alerts for Sonoma County. You get alerts for Los Angeles and Napa counties.")]
    [InlineData("LEAVE Atlantis", "Which county? You get alerts for Los Angeles and Napa counties.")]
    public async Task Leave_UnclearCounty_AsksAndChangesNothing(string text, string expected)
    {
        await SubscribeAsync(Ana, "Los Angeles", "Napa");

        var reply = await _t.ReplyAsync(Ana, text);

        Assert.StartsWith(expected, reply);
        Assert.Equal("los-angeles:active,napa:active", await _t.CountiesAsync(Ana));
    }

    [Fact]
    public async Task Leave_FromStranger_NotSubscribedNothingStored()
    {
        var reply = await _t.ReplyAsync(Ana, "LEAVE LA");

        Assert.Equal("You're not subscribed. Reply JOIN + your county or ZIP code to get alerts.", reply);
        Assert.Equal(0, await _t.SubscriberRowsAsync());
    }

    [Fact]
    public async Task Stop_ActiveInTwoCounties_LeavesAllErasesCipherKeepsIndexOneConfirmation()
    {
        await SubscribeAsync(Ana, "Los Angeles", "Sonoma");

        var first = await _t.ReplyAsync(Ana, "STOP");
        var second = await _t.TextAsync(Ana, "STOP");
        var third = await _t.TextAsync(Ana, "alto");

        Assert.Equal($"LA RRN / {SmsTestbed.NorthBay}: You're unsubscribed and will get no more messages. Reply JOIN + your county to subscribe again.", first);
        Assert.Null(second);
        Assert.Null(third);
        Assert.Equal("stopped", await _t.StatusAsync(Ana));
        Assert.Equal("", await _t.CountiesAsync(Ana));
        var row = (await _t.Db.QueryAsync<(byte[]? Cipher, int? KeyId, byte[] Index)>(
            "SELECT address_cipher, address_key_id, address_index FROM subscribers")).Single();
        Assert.Null(row.Cipher);
        Assert.Null(row.KeyId);
        Assert.Equal(32, row.Index.Length);
    }

    [Fact]
    public async Task Stop_ThenJoinAgain_NeedsYesAgainThenActive()
    {
        await SubscribeAsync(Ana, "Los Angeles");
        await _t.ReplyAsync(Ana, "STOP");

        var ask = await _t.ReplyAsync(Ana, "JOIN Los Angeles");
        var pendingStatus = await _t.StatusAsync(Ana);
        var welcome = await _t.ReplyAsync(Ana, "YES");

        Assert.StartsWith("LA RRN: Reply YES to confirm", ask);
        Assert.Equal("pending", pendingStatus);
        Assert.StartsWith("LA RRN: You'll get alerts for Los Angeles County.", welcome);
        Assert.Equal("active", await _t.StatusAsync(Ana));
        Assert.Equal(1, await _t.SubscriberRowsAsync());
        Assert.Equal(1, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
    }

    [Fact]
    public async Task Stop_FromStranger_ConfirmsOnceAndKeepsOnlyTheBlindIndex()
    {
        var first = await _t.ReplyAsync(Ana, "Baja");
        var second = await _t.TextAsync(Ana, "BAJA");

        Assert.StartsWith("Alertas de Respuesta Rapida: Ha cancelado sus alertas", first);
        Assert.Null(second);
        Assert.Equal("stopped", await _t.StatusAsync(Ana));
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL"));
    }

    [Fact]
    public async Task Stop_PendingNumber_ErasesTheRequest()
    {
        await _t.ReplyAsync(Ana, "JOIN LA");

        await _t.ReplyAsync(Ana, "cancel");
        var yes = await _t.ReplyAsync(Ana, "YES");

        Assert.Equal("stopped", await _t.StatusAsync(Ana));
        Assert.StartsWith("Which county?", yes);
        Assert.Equal("", await _t.CountiesAsync(Ana));
    }
}
