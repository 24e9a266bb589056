using Broadcaster.Networks;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>Places as subscriber texts name them, for expected replies.</summary>
public static class Places
{
    /// <summary>A county-wide area: texts say "Napa County" ("del condado de Napa").</summary>
    public static Place County(string name) => new(name + " County", name);

    /// <summary>Any other area: texts use its own name.</summary>
    public static Place Area(string name) => new(name, null);
}
