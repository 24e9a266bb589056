using Broadcaster.Networks;
using Broadcaster.Subscribers;

namespace Broadcaster.SignUp;

/// <summary>
/// What a sign-up sheet tells people to text after JOIN: words that, texted to the number the sheet prints, join exactly
/// that area, and no menu or other area. Tried in the order people read best: the county's name (an area that is one
/// county), the area's name, then its slug (unique deployment-wide). Each is checked with the keyword parser and place
/// look-up a real text goes through, so a sheet never promises what a text would not do: "JOIN LOS ANGELES" at a number
/// where two networks serve Los Angeles County would offer a menu, so that sheet says "JOIN LOS-ANGELES".
/// </summary>
public sealed class SignUpKeywords(PlaceFinder places)
{
    /// <param name="atNetwork">The network whose own number the sheet prints (only its areas count there); null for the default number.</param>
    public async Task<string> ForAsync(Area area, long? atNetwork)
    {
        foreach (var candidate in new[] { area.WholeCountyName, area.Name })
        {
            if (candidate is null || Keywords.Parse("JOIN " + candidate) is not { Verb: SubscriberVerb.OptIn } command)
                continue;
            if ((await places.FindAsync(command.Argument, atNetwork)).Areas is [var only] && only.Id == area.Id)
                return candidate;
        }
        return area.Slug;
    }
}
