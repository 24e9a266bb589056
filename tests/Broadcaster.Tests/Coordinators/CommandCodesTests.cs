using Broadcaster.Coordinators;

namespace Broadcaster.Tests.Coordinators;

public sealed class CommandCodesTests
{
    [Theory]
    [InlineData(0, false, false, CodeCheck.Missing)]
    [InlineData(0, true, false, CodeCheck.Wrong)]
    [InlineData(4, true, true, CodeCheck.Accepted)]
    [InlineData(5, true, true, CodeCheck.Locked)]
    [InlineData(5, false, false, CodeCheck.Locked)]
    public void Decide_Table(int failures, bool given, bool matches, CodeCheck expected) =>
        Assert.Equal(expected, CommandCodes.Decide(failures, given, matches));
}
