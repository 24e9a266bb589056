using System.Globalization;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;

namespace Broadcaster.CoordinatorConsole;

/// <summary>Who is asking to sign in: a registered phone (the code goes by SMS) or a Telegram user id.</summary>
public sealed record SignInAddress(string Channel, string Address)
{
    /// <summary>What the person typed, read for the channel they picked; null when it cannot be a phone / user id.</summary>
    public static SignInAddress? Parse(string? channel, string? typed)
    {
        var text = typed?.Trim() ?? "";
        if (channel == ChannelName.Telegram)
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? new SignInAddress(ChannelName.Telegram, id.ToString(CultureInfo.InvariantCulture))
                : null;
        return PhoneNumber.TryNormalize(text, out var e164) ? new SignInAddress(ChannelName.Sms, e164) : null;
    }
}

/// <summary>
/// Sign-in by one-time code. Whether or not the address belongs to a coordinator, the page answers the same,
/// so the form tells nobody who coordinates.
/// </summary>
public sealed class CodeSignIn(CoordinatorStore coordinators, SignInCodes codes, CoordinatorNotices notices, ILogger<CodeSignIn> log)
{
    public async Task<Coordinator?> FindAsync(SignInAddress address) => address.Channel == ChannelName.Telegram
        ? await coordinators.FindByTelegramUserAsync(long.Parse(address.Address, CultureInfo.InvariantCulture))
        : await coordinators.FindByPhoneAsync(address.Address);

    /// <summary>Sends a new code to a coordinator's address; does nothing for anyone else.</summary>
    public async Task SendAsync(SignInAddress address, ConsoleText text, CancellationToken ct)
    {
        if (await FindAsync(address) is not { } coordinator)
            return;
        if (await codes.IssueAsync(coordinator.Id) is not { } code)
        {
            log.LogInformation("Sign-in code for coordinator {CoordinatorId} not resent: the last one is under a minute old", coordinator.Id);
            return;
        }
        await notices.SendAsync(coordinator, text.Format("Broadcaster sign-in code: {0}. It is valid for 10 minutes. Did not ask for it? Ignore this message.", code),
            address.Channel, ct);
    }

    public async Task<(CodeCheck Check, Coordinator? Coordinator)> CheckAsync(SignInAddress address, string code)
    {
        if (await FindAsync(address) is not { } coordinator)
            return (CodeCheck.Wrong, null);
        var check = await codes.CheckAsync(coordinator.Id, code.Trim());
        return (check, check == CodeCheck.Accepted ? coordinator : null);
    }
}
