using Broadcaster.Infrastructure;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class TextKeyTests
{
    [Theory]
    [InlineData("SÍ", "si")]
    [InlineData("Si\u0301", "si")]
    [InlineData("ESPAÑOL", "espanol")]
    [InlineData("Détener!", "detener")]
    [InlineData("  LOS ÁNGELES  ", "los angeles")]
    [InlineData("Opt-Out", "opt out")]
    [InlineData("¿Qué?", "que")]
    public void Fold_AccentsCasePunctuation_Ignored(string text, string expected)
    {
        Assert.Equal(expected, TextKey.Fold(text));
    }
}
