using Broadcaster.Channels;

namespace Broadcaster.Simulator;

/// <summary>
/// Wraps the SMS channel while the simulator is on: a message to a simulated number is written to its
/// simulator thread and reported as sent; it never reaches the provider. Every other number goes through.
/// Only numbers of the fictional range cost a look-up.
/// </summary>
public sealed class SimulatedSms(IMessageChannel inner, SimulatorStore threads) : IMessageChannel
{
    public string Name => inner.Name;

    public async Task<SendResult> SendAsync(string address, string text, CancellationToken ct)
    {
        if (!SimulatedNumbers.IsFictional(address) || !await threads.IsSimulatedAsync(address, ct))
            return await inner.SendAsync(address, text, ct);
        await threads.AddAsync(address, SimulatorThread.Out, text);
        return SendResult.Sent("SIM" + Guid.NewGuid().ToString("N"));
    }
}
