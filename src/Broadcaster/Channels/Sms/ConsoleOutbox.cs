using Broadcaster.Privacy;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// The SMS channel when no Twilio credentials are set (Development, drills): prints what would be sent, with
/// the number masked, to standard output. It is an outbox, not a log: it never goes through ILogger.
/// </summary>
public sealed class ConsoleOutbox(TextWriter? output = null) : ISmsChannel
{
    private readonly TextWriter _output = output ?? Console.Out;
    private readonly Lock _gate = new();

    public string Name => ChannelName.Sms;

    // One console for every sender: what matters here is what would be sent.
    public IMessageChannel Via(string? from, string? service) => this;

    public Task<SendResult> SendAsync(string address, string text, CancellationToken ct)
    {
        var id = "OUTBOX" + Guid.NewGuid().ToString("N");
        lock (_gate)
            _output.WriteLine($"[sms outbox] to {Mask.Address(address)}: {text.ReplaceLineEndings(" / ")}");
        return Task.FromResult(SendResult.Sent(id));
    }
}
