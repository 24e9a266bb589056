using System.Globalization;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Privacy;
using Hangfire;

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
/// Sign-in by one-time code. The form must not tell who coordinates, by its words or by how long it takes: a
/// request does the same work for every address (encrypt it, queue a job) and the job, later, finds out whether
/// it belongs to a coordinator and sends the code. A code check runs the same statement for everyone too.
/// </summary>
public sealed class CodeSignIn(
    CoordinatorStore coordinators, SignInCodes codes, CoordinatorNotices notices, AddressProtector protector, IBackgroundJobClient jobs,
    ILogger<CodeSignIn> log)
{
    public const string CodeText = "Broadcaster sign-in code: {0}. It is valid for 10 minutes. Did not ask for it? Ignore this message.";

    public async Task<Coordinator?> FindAsync(SignInAddress address) => address.Channel == ChannelName.Telegram
        ? await coordinators.FindByTelegramUserAsync(long.Parse(address.Address, CultureInfo.InvariantCulture))
        : await coordinators.FindByPhoneAsync(address.Address);

    /// <summary>Queues the sending of a code. The address travels to the job encrypted, as addresses are stored.</summary>
    public void Request(SignInAddress address, string language)
    {
        var sealedAddress = protector.Protect(address.Channel, address.Address);
        jobs.Enqueue<CodeSignIn>(j => j.SendAsync(address.Channel, sealedAddress.Cipher, sealedAddress.KeyId, language, CancellationToken.None));
    }

    /// <summary>
    /// Sends a new code to a coordinator's address on the channel asked for; does nothing for anyone else. Not
    /// retried: a late code is of little use, and each retry would spend one of the coordinator's 5 an hour.
    /// </summary>
    [Queue(Queues.Critical)]
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(string channel, byte[] cipher, int keyId, string language, CancellationToken ct)
    {
        if (await FindAsync(new SignInAddress(channel, protector.Reveal(cipher, keyId))) is not { } coordinator)
            return;
        if (await codes.IssueAsync(coordinator.Id) is not { } code)
        {
            log.LogWarning("Sign-in code for coordinator {CoordinatorId} not sent: {Max} codes in the last hour", coordinator.Id, SignInCodes.MaxPerHour);
            return;
        }
        await notices.SendAsync(coordinator, ConsoleText.In(language, CodeText, code), channel, ct);
    }

    /// <summary>Spends a try; an address that is no coordinator's runs the same statement and matches nothing.</summary>
    public async Task<(CodeCheck Check, Coordinator? Coordinator)> CheckAsync(SignInAddress address, string code)
    {
        var coordinator = await FindAsync(address);
        var check = await codes.CheckAsync(coordinator?.Id ?? 0, code.Trim());
        return (check, check == CodeCheck.Accepted ? coordinator : null);
    }
}
