namespace Broadcaster.Coordinators;

public sealed record Coordinator(long Id, long NetworkId, string Name, long? TelegramUserId, bool IsAdmin = false);

/// <summary>A coordinator as an admin or operator lists them: channels and a masked phone, never a full number.</summary>
public sealed record CoordinatorSummary(
    long Id, string Name, string? MaskedPhone, bool HasTelegram, bool IsAdmin, bool Active, DateTimeOffset CreatedAt)
{
    public IReadOnlyList<string> Channels =>
        [.. MaskedPhone is null ? Array.Empty<string>() : ["sms"], .. HasTelegram ? ["telegram"] : Array.Empty<string>()];
}
