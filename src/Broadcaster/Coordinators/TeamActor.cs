namespace Broadcaster.Coordinators;

/// <summary>
/// Who changed a network's team, as the audit log and the team's notice name them: a network admin in the
/// console, or an operator at the CLI (<see cref="CoordinatorId"/> null).
/// </summary>
public sealed record TeamActor(long? CoordinatorId, string Via)
{
    public const string Console = "console";
    public const string Cli = "cli";

    public static readonly TeamActor Operator = new(null, Cli);

    public static TeamActor Admin(Coordinator admin) => new(admin.Id, Console);
}
