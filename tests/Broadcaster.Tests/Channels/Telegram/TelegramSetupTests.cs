using Broadcaster.Infrastructure;
using Broadcaster.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Broadcaster.Tests.Channels.Telegram;

public sealed class TelegramSetupTests
{
    [Theory]
    [InlineData("not-a-token")]
    [InlineData("abc:def")]
    [InlineData(":AAE-token")]
    public async Task Start_MalformedBotToken_StopsWithOneLineNamingTheKey(string token)
    {
        await using var db = await TestDatabase.CreateAsync();
        var stderr = new StringWriter();

        var code = await Cli.RunAsync(["migrate"], new StringWriter(), stderr, b =>
        {
            b.Environment.EnvironmentName = "Testing";
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = db.ConnectionString,
                ["Privacy:EncryptionKey"] = TestApp.EncryptionKey,
                ["Twilio:Outbox"] = "true",
                ["Telegram:BotToken"] = token,
            });
        });

        Assert.Equal(2, code);
        Assert.Equal("configuration error: Telegram:BotToken must look like 123456789:AA... (the token BotFather gave)", stderr.ToString().Trim());
    }
}
