namespace Broadcaster.Coordinators;

public sealed record Coordinator(long Id, long NetworkId, string Name, long? TelegramUserId, bool IsAdmin)
{
    // Dapper maps a row by the constructor with exactly its columns: a query without is_admin still maps.
    public Coordinator(long id, long networkId, string name, long? telegramUserId)
        : this(id, networkId, name, telegramUserId, false)
    {
    }
}

/// <summary>A coordinator as an admin or operator lists them: channels and a masked phone, never a full number.</summary>
public sealed record CoordinatorSummary(
    long Id, string Name, string? MaskedPhone, bool HasTelegram, bool IsAdmin, bool Active, DateTimeOffset CreatedAt)
{
    public IReadOnlyList<string> Channels =>
        [.. MaskedPhone is null ? Array.Empty<string>() : ["sms"], .. HasTelegram ? ["telegram"] : Array.Empty<string>()];
}
