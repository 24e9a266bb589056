using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class CliTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => _db.RunCliAsync(args);

    private Task<(int Code, string Out, string Err)> RunWithAsync(Dictionary<string, string?> settings, params string[] args) =>
        _db.RunCliAsync(settings, args);

    [Fact]
    public async Task NetworkAndCoordinatorAdd_RoundTrip_KeyOnLastLineVerifiesAgainstStoredHash()
    {
        var network = await RunAsync("network", "add", "--slug", "north-bay", "--name", "North Bay RRN", "--counties", "napa,solano,sonoma", "--hotline", "+17075550100");
        var coordinator = await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana", "--phone", "(707) 555-0111", "--telegram-user-id", "12345");

        Assert.Equal(0, network.Code);
        Assert.Equal(0, coordinator.Code);
        var key = coordinator.Out.TrimEnd().Split('\n').Last().Trim();
        Assert.StartsWith("bk_", key);
        var storedHash = await _db.ScalarAsync<byte[]>("SELECT api_key_hash FROM coordinators");
        Assert.True(ApiKeys.Matches(key, storedHash));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE encode(api_key_hash, 'escape') LIKE '%' || @key || '%'", new { key }));
        Assert.Equal(new[] { "napa", "solano", "sonoma" },
            await _db.QueryAsync<string>("SELECT slug FROM areas ORDER BY slug"));
        Assert.Equal("+17075550100", await _db.ScalarAsync<string>("SELECT hotline FROM networks"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators WHERE encode(phone_cipher, 'escape') LIKE '%5550111%'"));
    }

    [Theory]
    [InlineData("unknown county 'atlantis'", "network", "add", "--slug", "x-rrn", "--name", "X", "--counties", "napa,atlantis")]
    [InlineData("must be lower-case", "network", "add", "--slug", "Bad Slug", "--name", "X", "--counties", "napa")]
    [InlineData("Option '--name' is required", "network", "add", "--slug", "x-rrn", "--counties", "napa")]
    [InlineData("not a valid phone number", "network", "add", "--slug", "x-rrn", "--name", "X", "--counties", "napa", "--hotline", "12")]
    [InlineData("unknown network 'nowhere'", "coordinator", "add", "--network", "nowhere", "--name", "Ana")]
    [InlineData("Required argument missing for option: '--network'", "coordinator", "add", "--network")]
    public async Task Add_BadInput_ExitsNonZeroWithOneLineAndWritesNothing(string message, params string[] args)
    {
        var (code, _, err) = await RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM networks"));
    }

    [Fact]
    public async Task NetworkAdd_DuplicateSlugFails_ServedCountyOverlapsUnderItsOwnSlug()
    {
        Assert.Equal(0, (await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa")).Code);

        var duplicate = await RunAsync("network", "add", "--slug", "north-bay", "--name", "Again", "--counties", "marin");
        var overlapping = await RunAsync("network", "add", "--slug", "wine", "--name", "Wine", "--counties", "marin,napa");

        Assert.Equal(1, duplicate.Code);
        Assert.Contains("already exists", duplicate.Err);
        Assert.Equal(0, overlapping.Code);
        Assert.Contains("2 areas (marin, wine-napa)", overlapping.Out);
        Assert.Equal(new[] { "marin:wine", "napa:north-bay", "wine-napa:wine" }, await _db.QueryAsync<string>(
            "SELECT a.slug || ':' || n.slug FROM areas a JOIN networks n ON n.id = a.network_id ORDER BY a.slug"));
    }

    [Fact]
    public async Task CoordinatorAdd_BadPhoneOrDuplicatePhone_FailsWithoutLeakingTheNumber()
    {
        await RunAsync("network", "add", "--slug", "north-bay", "--name", "NB", "--counties", "napa");
        Assert.Equal(0, (await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Ana", "--phone", "+17075550111")).Code);

        var bad = await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Bo", "--phone", "555-01");
        var dup = await RunAsync("coordinator", "add", "--network", "north-bay", "--name", "Cy", "--phone", "707-555-0111");

        Assert.Equal(1, bad.Code);
        Assert.Equal(1, dup.Code);
        Assert.Contains("already belongs", dup.Err);
        Assert.DoesNotContain("5550111", dup.Err + dup.Out);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM coordinators"));
    }

    [Theory]
    [InlineData("Twilio:AccountSid", "AC123", "Twilio:AuthToken is required when Twilio:AccountSid is set")]
    [InlineData("Twilio:AuthToken", "secret", "Twilio:AccountSid is required when Twilio:AuthToken is set")]
    [InlineData("Twilio:ApiBaseUrl", "not a url", "Twilio:ApiBaseUrl must be an absolute http(s) URL")]
    [InlineData("Telegram:MessagesPerSecond", "0", "Telegram:MessagesPerSecond must be greater than 0")]
    [InlineData("Telegram:MessagesPerSecond", "31", "Telegram:MessagesPerSecond above 30 requires Telegram:PaidBroadcast=true (messages above the free rate cost Telegram Stars)")]
    [InlineData("Privacy:EncryptionKey", "c2hvcnQ=", "Privacy:EncryptionKey must be base64 of exactly 32 bytes")]
    public async Task Start_HalfSetOrBadConfig_StopsWithOneLineNamingTheKey(string key, string value, string message)
    {
        var (code, _, err) = await RunWithAsync(new() { [key] = value }, "migrate");

        Assert.Equal(2, code);
        Assert.Equal($"configuration error: {message}", err.Trim());
    }

    [Theory]
    [InlineData(new[] { "Twilio:AccountSid", "AC1", "Twilio:AuthToken", "t" }, "Twilio:From or Twilio:MessagingServiceSid is required when Twilio:AccountSid is set")]
    [InlineData(new[] { "Twilio:AccountSid", "AC1", "Twilio:AuthToken", "t", "Twilio:From", "+12135550100", "Twilio:MessagingServiceSid", "MG1" }, "Twilio:From and Twilio:MessagingServiceSid are both set: set only one")]
    [InlineData(new[] { "Twilio:AccountSid", "AC1", "Twilio:AuthToken", "t", "Twilio:From", "+12135550100" }, "Twilio:PublicUrl is required when Twilio:AccountSid is set (webhook signatures are checked against it)")]
    [InlineData(new[] { "Telegram:BotToken", "1:abc", "Telegram:UpdateMode", "Webhook" }, "Telegram:WebhookSecret is required when Telegram:UpdateMode is Webhook")]
    [InlineData(new[] { "Telegram:BotToken", "1:abc", "Telegram:WebhookSecret", "short-but-valid_chars" }, "Telegram:WebhookSecret must be at least 32 characters (e.g. `openssl rand -hex 24`)")]
    [InlineData(new[] { "Telegram:BotToken", "1:abc", "Telegram:WebhookSecret", TelegramOptionsValidator.ExampleSecret }, "Telegram:WebhookSecret is the example value from appsettings.example.json: set your own random secret")]
    [InlineData(new[] { "Telegram:PaidBroadcast", "true", "Telegram:MessagesPerSecond", "1001" }, "Telegram:MessagesPerSecond must be at most 1000 (the Bot API's limit for paid broadcasts)")]
    [InlineData(new[] { "Twilio:AccountSid", "AC1", "Twilio:AuthToken", TwilioOptionsValidator.ExampleAuthToken, "Twilio:From", "+12135550100", "Twilio:PublicUrl", "https://alerts.example.org" }, "Twilio:AuthToken is the example value from appsettings.example.json: set your Twilio account's auth token")]
    [InlineData(new[] { "Twilio:Outbox", "false" }, "Twilio:AccountSid and Twilio:AuthToken are required outside Development (or set Twilio:Outbox=true to print SMS to the console instead of sending them)")]
    [InlineData(new[] { "Privacy:RetiredKeys:0", "c29tZSBvbGRlciBrZXkgb2YgMzIgYnl0ZXMgZXhhY3Q=" }, "Privacy:BlindIndexKey is required when Privacy:RetiredKeys is set: set it to the key the blind index was made with (the first Privacy:EncryptionKey)")]
    [InlineData(new[] { "Privacy:EncryptionKey", "" }, "Privacy:EncryptionKey is required (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)")]
    public async Task Start_ContradictorySettings_StopsNamingTheKeys(string[] pairs, string message)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < pairs.Length; i += 2)
            settings[pairs[i]] = pairs[i + 1];

        var (code, _, err) = await RunWithAsync(settings, "migrate");

        Assert.Equal(2, code);
        Assert.Equal($"configuration error: {message}", err.Trim());
    }

    [Fact]
    public async Task Start_NoConnectionString_NamesTheKey()
    {
        var (code, _, err) = await RunWithAsync(new() { ["ConnectionStrings:Postgres"] = "" }, "migrate");

        Assert.Equal(2, code);
        Assert.StartsWith("configuration error: ConnectionStrings:Postgres is required", err.Trim());
    }
}
