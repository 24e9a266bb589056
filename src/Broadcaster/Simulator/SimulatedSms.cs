using Broadcaster.Channels;

namespace Broadcaster.Simulator;

/// <summary>
/// Wraps the SMS channel while the simulator is on: a message to a simulated number is written to its
/// simulator thread and reported as sent; it never reaches the provider. Every other number goes through.
/// Only numbers of the fictional range cost a look-up. A registered coordinator's number is never simulated, even
/// in the fictional range (demo coordinators are): anyone may open the simulator, and it must never show a
/// coordinator's sign-in code or draft notice. A message is written with the sender it went from (<paramref name="peer"/>:
/// null for the default sender), so the thread shows which number sent it.
/// </summary>
public sealed class SimulatedSms(IMessageChannel inner, SimulatorStore threads, Coordinators.CoordinatorStore coordinators, string? peer = null)
    : Channels.Sms.ISmsChannel
{
    public string Name => inner.Name;

    // A network's own sender stays its own with the simulator on (drill and draft notices go from the network's number).
    public IMessageChannel Via(string? from, string? service) =>
        inner is Channels.Sms.ISmsChannel sms ? new SimulatedSms(sms.Via(from, service), threads, coordinators, from ?? service) : this;

    public async Task<SendResult> SendAsync(string address, string text, CancellationToken ct)
    {
        if (!SimulatedNumbers.IsFictional(address) || !await threads.IsSimulatedAsync(address, ct) || await coordinators.FindByPhoneAsync(address) is not null)
            return await inner.SendAsync(address, text, ct);
        await threads.AddAsync(address, SimulatorThread.Out, text, peer);
        return SendResult.Sent("SIM" + Guid.NewGuid().ToString("N"));
    }
}
