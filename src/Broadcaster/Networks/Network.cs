namespace Broadcaster.Networks;

public sealed record Network(long Id, string Slug, string Name, string? Hotline);
