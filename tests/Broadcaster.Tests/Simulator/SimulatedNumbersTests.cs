using Broadcaster.Simulator;

namespace Broadcaster.Tests.Simulator;

public sealed class SimulatedNumbersTests
{
    [Theory]
    [InlineData("+12135550101", true)]
    [InlineData("(213) 555-0199", true)]
    [InlineData("213-555-0100", true)]
    [InlineData("+12135550200", false)] // 555-0200 is not in the fictional range
    [InlineData("+12135551234", false)]
    [InlineData("+14155550101", true)]
    [InlineData("+442075550101", false)]
    [InlineData("JOIN", false)]
    [InlineData("", false)]
    public void TryParse_Input_OnlyFictionalNumbers(string input, bool accepted) =>
        Assert.Equal(accepted, SimulatedNumbers.TryParse(input, out _));
}
