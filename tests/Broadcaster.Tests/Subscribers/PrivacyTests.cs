using System.Text;
using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.Subscribers;

/// <summary>The database never holds a subscriber's number in a form anyone could read back without the key.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private const string Ana = "+12135550163";
    private SmsTestbed _t = null!;

    public async Task InitializeAsync() => _t = await SmsTestbed.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    /// <summary>The number, its last 7 digits, and the encodings a careless store might have used.</summary>
    private static IEnumerable<string> Forms(string e164)
    {
        var digits = e164.TrimStart('+');
        var national = digits[1..];
        var last7 = digits[^7..];
        foreach (var text in new[] { e164, digits, national, last7, $"({national[..3]}) {national[3..6]}-{national[6..]}", $"{last7[..3]}-{last7[3..]}" })
        {
            yield return text;
            yield return Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant();
            yield return Convert.ToHexString(Encoding.Unicode.GetBytes(text)).ToLowerInvariant();
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=');
        }
        yield return long.Parse(digits).ToString("x");
        yield return long.Parse(last7).ToString("x");
    }

    [Fact]
    public async Task JoinAndYes_SubscriberTablesDump_HoldsNoFormOfTheNumber()
    {
        await _t.ReplyAsync(Ana, "JOIN Los Angeles");
        await _t.ReplyAsync(Ana, "YES");

        var dump = await DatabaseDump.SubscriberTablesAsync(_t.Db);

        Assert.Contains("\"status\":\"active\"", dump);
        foreach (var form in Forms(Ana))
            Assert.DoesNotContain(form, dump, StringComparison.OrdinalIgnoreCase);
        var whole = await DatabaseDump.AllAsync(_t.Db);
        Assert.DoesNotContain(Ana[^7..], whole);
        var (cipher, keyId) = (await _t.Db.QueryAsync<(byte[], int)>("SELECT address_cipher, address_key_id FROM subscribers")).Single();
        Assert.Equal(Ana, _t.Seed.Protector.Reveal(cipher, keyId));
    }

    [Fact]
    public async Task Stop_AfterJoin_CiphertextGoneAndRejoinStartsFresh()
    {
        await _t.ReplyAsync(Ana, "JOIN LA");
        await _t.ReplyAsync(Ana, "YES");

        await _t.ReplyAsync(Ana, "STOP");

        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL OR address_key_id IS NOT NULL"));
        Assert.Equal(0, await _t.Db.ScalarAsync<long>("SELECT count(*) FROM subscriptions"));
        Assert.StartsWith("LA RRN: Reply YES", await _t.ReplyAsync(Ana, "JOIN LA"));
        Assert.Equal("pending", await _t.StatusAsync(Ana));
    }
}
