using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Simulator;

/// <summary>A service number a simulated phone can text: <see cref="Number"/> null is the default number.</summary>
public sealed record TextedNumber(string? Number);

/// <summary>
/// The numbers a simulated phone can text, as a real phone could: the deployment's default number (where every
/// network counts, so a place several networks serve gets the menu) and each network's own number (where only that
/// network counts). A network sending through a Messaging Service has no single number to text, so it is not offered;
/// its messages still show in the thread, named by <see cref="NamesAsync"/>.
/// </summary>
public sealed class TextedNumbers(NetworkStore networks, IOptions<TwilioOptions> twilio)
{
    public async Task<IReadOnlyList<TextedNumber>> AllAsync()
    {
        var own = (await networks.ListAsync()).Select(n => n.Network)
            .Where(n => n.SmsFrom is not null && n.SmsFrom != twilio.Value.From)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new TextedNumber(n.SmsFrom));
        return [new TextedNumber(null), .. own];
    }

    /// <summary>The offered number a form names (E.164; "" or missing: the default number); false when none is offered so.</summary>
    public static bool TryPick(IReadOnlyList<TextedNumber> offered, string? to, out TextedNumber picked)
    {
        picked = string.IsNullOrWhiteSpace(to) ? offered[0] : offered.FirstOrDefault(n => n.Number == to.Trim()) ?? offered[0];
        return string.IsNullOrWhiteSpace(to) || picked.Number is not null;
    }

    /// <summary>
    /// What the picker and the thread call a service number (null: the default number): "Default number · (213)
    /// 555-0100", "LBCDN · (562) 555-0100", a Messaging Service by its network's name.
    /// </summary>
    public async Task<Func<string?, string>> NamesAsync(string defaultName)
    {
        var all = (await networks.ListAsync()).Select(n => n.Network).ToList();
        var from = twilio.Value.From;
        var byDefault = string.IsNullOrWhiteSpace(from) ? defaultName : $"{defaultName} · {SignUp.SignUpSheet.Display(from)}";
        return peer => NameOf(peer, all, byDefault);
    }

    private static string NameOf(string? peer, IReadOnlyList<Network> all, string byDefault)
    {
        if (peer is null)
            return byDefault;
        if (all.FirstOrDefault(n => n.SmsFrom == peer) is { } byNumber)
            return $"{byNumber.Name} · {SignUp.SignUpSheet.Display(peer)}";
        return all.FirstOrDefault(n => n.SmsService == peer) is { } byService ? byService.Name : byDefault;
    }
}
