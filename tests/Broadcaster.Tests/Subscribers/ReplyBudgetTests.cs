using Broadcaster.Subscribers;
using Broadcaster.Tests.Channels.Sms;

namespace Broadcaster.Tests.Subscribers;

/// <summary>Replies are a budget: an auto-responder (or a flood) texting one number gets at most ten answers an hour.</summary>
public sealed class ReplyBudgetTests
{
    private const string Robot = "+17075550160";

    [Fact]
    public async Task ThirtyHelps_TenReplies_ThenStopStillTakesEffectWithItsConfirmation()
    {
        await using var t = await SmsTestbed.StartAsync(managedOptOut: false);
        await t.Seed.SubscriberAsync("sms", Robot, "en", "napa");

        var replies = new List<string?>();
        for (var i = 0; i < 30; i++)
            replies.Add(await t.TextAsync(Robot, i % 3 == 0 ? "HELP" : i % 3 == 1 ? "JOIN" : "what is this"));
        var stop = await t.TextAsync(Robot, "STOP");

        Assert.Equal(10, replies.Count(r => r is not null));
        Assert.All(replies.Skip(10), r => Assert.Null(r));
        Assert.NotNull(stop);
        Assert.Equal("stopped", await t.StatusAsync(Robot));
        // Another number is not affected by this one's flood.
        Assert.NotNull(await t.TextAsync("+17075550161", "HELP"));
    }

    [Theory]
    [InlineData(SubscriberVerb.Help, false, true)]
    [InlineData(SubscriberVerb.OptIn, false, true)]
    [InlineData(SubscriberVerb.Other, false, true)]
    [InlineData(SubscriberVerb.OptOut, false, false)]
    [InlineData(SubscriberVerb.Other, true, false)]
    public void Counts_Table(SubscriberVerb verb, bool coordinator, bool counted) =>
        Assert.Equal(counted, ReplyBudget.Counts(verb, coordinator));
}
