namespace Broadcaster.Coordinators;

public sealed record Coordinator(long Id, long NetworkId, string Name, long? TelegramUserId);
