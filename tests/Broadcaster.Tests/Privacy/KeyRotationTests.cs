using System.Net;
using System.Security.Cryptography;
using Broadcaster.Channels.Sms;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Broadcaster.Tests.PrivacyTests;

public sealed class KeyRotationTests : IAsyncLifetime
{
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private TestDatabase _db = null!;
    private FakeTwilio _fake = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>After a rotation is configured: the new key current, the old one retired, the blind index kept on the old.</summary>
    private static Dictionary<string, string?> Rotated() => new()
    {
        ["Privacy:EncryptionKey"] = NewKey,
        ["Privacy:RetiredKeys:0"] = TestApp.EncryptionKey,
        ["Privacy:BlindIndexKey"] = TestApp.EncryptionKey,
    };

    private async Task<(int Code, string Out, string Err)> CliAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(args, stdout, stderr, b =>
        {
            b.Environment.EnvironmentName = "Testing";
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
            {
                ["ConnectionStrings:Postgres"] = _db.ConnectionString,
                ["Twilio:Outbox"] = "true",
            });
        });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Start_BlindIndexKeyOtherThanTheDatabases_RefusedNamingTheKey()
    {
        await (await TestApp.StartAsync(_db)).DisposeAsync();
        var other = new Dictionary<string, string?> { ["Privacy:BlindIndexKey"] = NewKey };

        var start = await Assert.ThrowsAsync<StartupException>(() => TestApp.StartAsync(_db, other));
        var (code, _, err) = await CliAsync(new(other) { ["Privacy:EncryptionKey"] = TestApp.EncryptionKey }, "network", "list");

        Assert.StartsWith("Privacy:BlindIndexKey does not match", start.Message);
        Assert.Equal(2, code);
        Assert.StartsWith("configuration error: Privacy:BlindIndexKey does not match", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Rotate_TenThousandSubscribersDuringABroadcast_StopAndJoinFindEveryone_NobodyGetsTwo()
    {
        var settings = Rotated();
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: 5_000, extra: settings);
        var seed = new Seed(_db);
        var network = await seed.NetworkAsync("socal", "los-angeles");
        var author = (await seed.CoordinatorAsync("socal", "Ana", "+17075550111")).Coordinator.Id;
        var numbers = await BulkSubscribersAsync(seed, 10_000);
        var alert = await seed.AlertAsync(network.Id, author, ["los-angeles"]);

        app.Verify(alert);
        await Eventually.HoldsAsync(() => Task.FromResult(_fake.Accepted.Count), n => n > 0, "the broadcast under way");
        var (code, output, _) = await CliAsync(settings, "keys", "rotate");
        await _db.CompletedAsync(alert, seconds: 180);

        Assert.Equal(0, code);
        Assert.Contains("10,000/10,000 subscribers", output);
        var current = new AddressProtector(Options.Create(new PrivacyOptions { EncryptionKey = NewKey })).CurrentKeyId;
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_key_id <> @current", new { current }));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE phone_key_id <> @current", new { current }));
        var received = _fake.ByRecipient(except: "+17075550111");
        Assert.Equal(10_000, received.Count);
        Assert.All(received.Values, messages => Assert.Single(messages));

        foreach (var number in new[] { numbers[0], numbers[4_321], numbers[^1] })
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(TwilioSigner.SignedPost(SmsWebhook.Path, SmsTestbed.Form(number, "STOP")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(TwilioSigner.SignedPost(SmsWebhook.Path, SmsTestbed.Form(numbers[0], "JOIN los-angeles")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(TwilioSigner.SignedPost(SmsWebhook.Path, SmsTestbed.Form(numbers[77], "JOIN los-angeles")))).StatusCode);

        Assert.Equal(10_000L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers"));
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE status = 'stopped'"));
        Assert.Equal("active", await _db.ScalarAsync<string>("SELECT status FROM subscribers WHERE address_index = @index",
            new { index = seed.Protector.BlindIndex("sms", numbers[77]) }));
    }

    [Fact]
    public async Task Rotate_OldKeyNotConfigured_OneLineAskingForItAndNothingLost()
    {
        var seed = new Seed(_db);
        await seed.NetworkAsync("socal", "los-angeles");
        await seed.SubscriberAsync("sms", "+12135550150", "en", "los-angeles");

        var (code, _, err) = await CliAsync(new()
        {
            ["Privacy:EncryptionKey"] = NewKey,
            ["Privacy:BlindIndexKey"] = TestApp.EncryptionKey,
        }, "keys", "rotate");

        Assert.Equal(1, code);
        Assert.Contains("add the old key to Privacy:RetiredKeys", err);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE address_key_id = @old",
            new { old = seed.Protector.CurrentKeyId }));
    }

    /// <summary>Active SMS subscribers +1213555NNNN (NNNN 0000-9999) of los-angeles under the old key, in two statements.</summary>
    private async Task<List<string>> BulkSubscribersAsync(Seed seed, int count)
    {
        var numbers = Enumerable.Range(0, count).Select(i => $"+1213555{i:0000}").ToList();
        var protectedOnes = numbers.Select(n => seed.Protector.Protect("sms", n)).ToList();
        await _db.ExecuteAsync("""
            INSERT INTO subscribers (channel, address_index, address_cipher, address_key_id, language, status)
            SELECT 'sms', i, c, @keyId, 'en', 'active' FROM unnest(@indexes::bytea[], @ciphers::bytea[]) AS u(i, c);
            INSERT INTO subscriptions (subscriber_id, area_id, status) SELECT id, (SELECT id FROM areas WHERE slug = 'los-angeles'), 'active' FROM subscribers;
            """, new { keyId = seed.Protector.CurrentKeyId, indexes = protectedOnes.Select(p => p.Index).ToArray(), ciphers = protectedOnes.Select(p => p.Cipher).ToArray() });
        return numbers;
    }
}
