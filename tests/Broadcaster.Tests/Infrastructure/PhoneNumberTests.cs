using Broadcaster.Infrastructure;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+17075550111", "+17075550111")]
    [InlineData("(707) 555-0111", "+17075550111")]
    [InlineData("707.555.0111", "+17075550111")]
    [InlineData("1 707 555 0111", "+17075550111")]
    [InlineData("+52 55 5555 0111", "+525555550111")]
    public void TryNormalize_ValidNumber_GivesE164(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("555-01")]
    [InlineData("hello")]
    [InlineData("+1 000 000 0000")]
    [InlineData("'; DROP TABLE subscribers; --")]
    public void TryNormalize_NotANumber_Fails(string input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out _));
    }
}
