using System.Text.RegularExpressions;
using Broadcaster.Infrastructure;

namespace Broadcaster.Simulator;

/// <summary>
/// The numbers a simulated phone may use: the North American fictional range NXX-555-0100 to 0199, which no
/// carrier assigns. Only a number of that range is ever looked up as simulated, so a real number never is.
/// </summary>
public static partial class SimulatedNumbers
{
    /// <summary>The numbers the simulator offers to pick from.</summary>
    public static readonly IReadOnlyList<string> Offered =
        [.. Enumerable.Range(1, 9).Select(i => $"+1213555010{i}")];

    /// <summary>True for an E.164 number in the fictional 555-01XX range.</summary>
    public static bool IsFictional(string? e164) => e164 is not null && Fictional().IsMatch(e164);

    /// <summary>Normalises what was typed ("(213) 555-0101") to E.164, only when it is in the fictional range.</summary>
    public static bool TryParse(string? input, out string e164) =>
        PhoneNumber.TryNormalize(input, out e164) && IsFictional(e164);

    [GeneratedRegex(@"^\+1[2-9][0-9]{2}55501[0-9]{2}$")]
    private static partial Regex Fictional();
}
