namespace Broadcaster.Counties;

public sealed record County(string Slug, string Fips, string Name, string[] Aliases);
