namespace Broadcaster.Channels;

/// <summary>The outbound channels this process has (SMS always: Twilio or the console outbox; Telegram when configured).</summary>
public sealed class ChannelRegistry(IEnumerable<IMessageChannel> channels)
{
    private readonly Dictionary<string, IMessageChannel> _byName = channels.ToDictionary(c => c.Name);

    public IMessageChannel? Find(string name) => _byName.GetValueOrDefault(name);

    public IMessageChannel Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"channel '{name}' is not configured in this process");
}
