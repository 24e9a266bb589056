using Broadcaster.CoordinatorConsole;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// Coordinators read the console in "tú", as most of it always spoke to them: every Spanish string of the console,
/// the audit log's verbs and the simulator page. One "usted" among them reads as another voice.
/// </summary>
public sealed class ConsoleStringsTests
{
    [Fact]
    public void ConsoleSpanish_EveryString_NeverUsted()
    {
        var texts = ConsoleStrings.Spanish.Concat(ConsoleStrings.SpanishAudit).ToList();

        var slips = texts.Select(t => (t.Key, Forms: SpanishRegister.UstedForms(t.Value)))
            .Where(t => t.Forms.Count > 0)
            .Select(t => $"\"{t.Key}\": {string.Join(", ", t.Forms)}")
            .ToList();

        Assert.Empty(slips);
        Assert.Contains(texts, t => SpanishRegister.TuForms(t.Value).Count > 0);
    }
}
