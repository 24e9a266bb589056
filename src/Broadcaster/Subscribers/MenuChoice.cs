using System.Collections.Frozen;
using Broadcaster.Infrastructure;

namespace Broadcaster.Subscribers;

/// <summary>An answer to a network/area menu: every choice (ALL/TODOS), or the numbers given.</summary>
public sealed record MenuAnswer(bool All, IReadOnlyList<int> Numbers);

/// <summary>
/// Reads an answer to the menu of networks and areas: "2", "1 3", "1,3", "1 and 3", "1 y 3", "#2", or ALL / TODOS (and
/// each catalog's word for all). Anything else is not an answer, so it gets the ordinary keyword handling.
/// </summary>
public static class MenuChoice
{
    private static readonly FrozenSet<string> AllWords = new[] { "all", "todos", "todas", "todo" }
        .Concat(Catalog.InOrder.Select(c => TextKey.Fold(c.Words.All)))
        .Where(w => w.Length > 0)
        .ToFrozenSet();

    private static readonly FrozenSet<string> Joiners = new[] { "and", "y", "e", "et" }.ToFrozenSet();

    public static bool TryParse(string? text, out MenuAnswer answer)
    {
        answer = new MenuAnswer(false, []);
        var folded = TextKey.Fold(text);
        if (folded.Length == 0)
            return false;
        if (AllWords.Contains(folded))
        {
            answer = new MenuAnswer(true, []);
            return true;
        }
        var numbers = new List<int>();
        foreach (var word in folded.Split(' '))
        {
            if (Joiners.Contains(word))
                continue;
            if (word.Length > 2 || !int.TryParse(word, out var n) || n < 1)
                return false;
            if (!numbers.Contains(n))
                numbers.Add(n);
        }
        if (numbers.Count == 0)
            return false;
        answer = new MenuAnswer(false, numbers);
        return true;
    }
}
