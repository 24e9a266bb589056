using Broadcaster.Channels;
using Broadcaster.Subscribers;

namespace Broadcaster.Simulator;

/// <summary>
/// A simulated phone texting the service: the text goes through the same inbound path as the Twilio
/// webhook (<see cref="InboundRouter"/>), the number is marked simulated, and the text and the reply are written to
/// the phone's thread. Coordinator commands are not taken from the simulator: anyone may open it, so it must not
/// speak for a coordinator's phone, nor become one: a coordinator's number is refused outright (never marked
/// simulated, so nothing meant for that coordinator is ever diverted here).
/// </summary>
public sealed class SimulatorThread(InboundRouter inbound, SubscriberStore subscribers, SimulatorStore threads, Coordinators.CoordinatorStore coordinators)
{
    public const string In = "in";
    public const string Out = "out";
    public const int MaxLength = 480;
    public const string RefusedCoordinator = "This number belongs to a coordinator: the simulator cannot use it. Pick another 555-01XX number.";

    /// <param name="to">The number texted: a network's own number (see <see cref="TextedNumbers"/>), or null for the default number.</param>
    public async Task TextAsync(string number, string body, string? to = null)
    {
        if (!SimulatedNumbers.IsFictional(number))
            throw new ArgumentException("not a fictional 555-01XX number", nameof(number));
        body = body.Trim();
        if (body.Length > MaxLength)
            body = body[..MaxLength];
        if (await coordinators.FindByPhoneAsync(number) is not null)
        {
            await threads.AddAsync(number, In, body, to);
            await threads.AddAsync(number, Out, RefusedCoordinator, to);
            return;
        }
        // Marked before and after: before, so a reply to an existing row is diverted; after, for a row this text created.
        await subscribers.MarkSimulatedAsync(ChannelName.Sms, number);
        await threads.AddAsync(number, In, body, to);
        var reply = (await inbound.HandleAsync(new InboundMessage(ChannelName.Sms, number, body, To: to, Simulated: true), CancellationToken.None)).Text;
        await subscribers.MarkSimulatedAsync(ChannelName.Sms, number);
        if (reply is not null)
            await threads.AddAsync(number, Out, reply, to); // a reply comes from the number texted
    }
}
