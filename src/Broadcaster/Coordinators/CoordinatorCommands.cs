using System.Text.RegularExpressions;
using Broadcaster.Alerts;
using Broadcaster.Channels;
using Broadcaster.Networks;
using Broadcaster.Infrastructure;

namespace Broadcaster.Coordinators;

/// <summary>
/// ALERT / CONFIRM / VERIFY / ABORT / STATUS by SMS or Telegram, with exactly the API's rules (the same
/// <see cref="AlertDrafter"/> and <see cref="AlertActions"/>). Replies are short English for coordinators.
/// By SMS, caller ID can be forged: ALERT only holds a draft, whose code goes back in the reply (to the real
/// phone), and CONFIRM, VERIFY and ABORT need the alert's one-time code (<see cref="CommandCodes"/>), asked
/// for only once the alert is known to be of the sender's network.
/// </summary>
public sealed partial class CoordinatorCommands(AlertDrafter drafter, AlertActions actions, AlertTargets targets, NetworkStore networks, CommandCodes codes)
    : ICoordinatorCommands
{
    private const string AlertUsage = "Usage: ALERT <area or county> <text> [ES: <spanish text>]";

    public Task<string?> TryHandleAsync(Coordinator coordinator, string text, CancellationToken ct) =>
        HandleAsync(coordinator, text, bySms: true);

    public Task<string?> TryHandleFromVerifiedSenderAsync(Coordinator coordinator, string text, CancellationToken ct) =>
        HandleAsync(coordinator, text, bySms: false);

    private async Task<string?> HandleAsync(Coordinator coordinator, string text, bool bySms)
    {
        var match = Command().Match(text);
        if (!match.Success)
            return null;
        var args = match.Groups["args"].Value.Trim();
        return match.Groups["verb"].Value.ToUpperInvariant() switch
        {
            "ALERT" => await DraftAsync(coordinator, args, bySms),
            "CONFIRM" => await WithCodeAsync(coordinator, "CONFIRM", args, bySms, id => actions.ConfirmAsync(coordinator, id), s => $"Draft #{s.Alert.Id} confirmed: the other coordinators are asked to verify it. STATUS {s.Alert.Id} for progress."),
            "VERIFY" => await WithCodeAsync(coordinator, "VERIFY", args, bySms, id => actions.VerifyAsync(coordinator, id), s => $"Alert #{s.Alert.Id} verified: the broadcast is starting. STATUS {s.Alert.Id} for progress."),
            "ABORT" => await WithCodeAsync(coordinator, "ABORT", args, bySms, id => actions.AbortAsync(coordinator, id), s => $"Alert #{s.Alert.Id} aborted; nothing more will be sent. {Counts(s.Counts)}"),
            "STATUS" => await WithIdAsync("STATUS", args, id => actions.StatusAsync(coordinator, id), s => $"Alert #{s.Alert.Id}: {s.Status}. {Counts(s.Counts)}"),
            _ => null,
        };
    }

    private async Task<string> WithCodeAsync(
        Coordinator coordinator, string verb, string args, bool bySms, Func<long, Task<Outcome<AlertState>>> act, Func<AlertState, string> reply)
    {
        var parts = Word().Matches(args);
        if (parts.Count is 0 or > 2 || !long.TryParse(parts[0].Value.TrimStart('#'), out var id) || id <= 0)
            return bySms ? $"Usage: {verb} <alert id> <code>, e.g. {verb} 12 123456" : $"Usage: {verb} <alert id>, e.g. {verb} 12";
        // The network first: a wrong code from another network's coordinator (or a number forged as one) counts nowhere.
        if ((await actions.StatusAsync(coordinator, id)).Error is { } refused)
            return refused.Message;
        if (bySms)
        {
            var (check, left) = await codes.CheckAsync(id, coordinator.Id, parts.Count == 2 ? parts[1].Value : null);
            switch (check)
            {
                case CodeCheck.Missing:
                    return $"By text, {verb} needs the code from the draft notice: {verb} {id} <code>.";
                case CodeCheck.Wrong:
                    return $"Wrong code for alert #{id}; nothing done. {left} tr{(left == 1 ? "y" : "ies")} left.";
                case CodeCheck.Locked:
                    return $"Alert #{id} can no longer be verified, confirmed or aborted by text from your phone ({CommandCodes.MaxFailures} wrong codes): use the console or the API.";
            }
        }
        return await WithIdAsync(verb, parts[0].Value, act, reply);
    }

    private async Task<string> DraftAsync(Coordinator coordinator, string args, bool bySms)
    {
        var spanish = SpanishMarker().Match(args);
        var english = spanish.Success ? args[..spanish.Index] : args;
        var words = Word().Matches(english);
        if (words.Count == 0)
            return AlertUsage;

        // Places have a few words ("San Luis Obispo", "San Fernando Valley"): take the longest opening that names one.
        var networkName = (await networks.FindAsync(coordinator.NetworkId))?.Name ?? "";
        for (var n = Math.Min(5, words.Count - 1); n >= 1; n--)
        {
            var name = english[..(words[n - 1].Index + words[n - 1].Length)];
            if (await targets.FindAsync(name, coordinator.NetworkId, networkName) is not { } target)
                continue;
            if (target.Value is not { } area)
                return target.Error!.Message;
            var texts = new Dictionary<string, string> { [Language.English] = AlertText.Clean(english[words[n].Index..]) };
            if (spanish.Success)
                texts[Language.Spanish] = AlertText.Clean(args[(spanish.Index + spanish.Length)..]);
            if (texts.Values.Any(t => t.Length == 0))
                return $"The alert text is empty. {AlertUsage}";

            var outcome = await drafter.DraftAsync(coordinator, new DraftRequest([area.Slug], texts, AlertKind.Confirmed, null), hold: bySms);
            if (outcome.Value is not { } draft)
                return outcome.Error!.Message;
            var id = draft.Alert.Id;
            var noSpanish = spanish.Success ? "" : " No ES text: Spanish speakers get English.";
            var total = draft.Recipients.Sum(g => g.Count);
            var summary = $"Draft #{id} for {area.Name}: {total} recipient{(total == 1 ? "" : "s")} " +
                          $"({draft.Count(ChannelName.Sms)} SMS, {draft.Count(ChannelName.Telegram)} Telegram).{noSpanish} ";
            var ttl = Hours(draft.Alert.ExpiresAt - draft.Alert.CreatedAt);
            if (!bySms)
                return summary + $"Another coordinator must reply VERIFY {id} within {ttl}. ABORT {id} to drop it.";
            // The reply reaches the real phone even when the ALERT was forged: only the real author can release it.
            var code = await codes.IssueAsync(id, coordinator.Id);
            return summary + $"Held: reply CONFIRM {id} {code} to ask another coordinator to verify it (within {ttl}), or ABORT {id} {code} to drop it.";
        }
        return words.Count == 1 && await targets.FindAsync(english, coordinator.NetworkId, networkName) is not null
            ? $"What should the alert say? {AlertUsage}"
            : $"Unknown area or county '{words[0].Value}'. {AlertUsage}";
    }

    private static async Task<string> WithIdAsync(string verb, string args, Func<long, Task<Outcome<AlertState>>> act, Func<AlertState, string> reply)
    {
        if (!long.TryParse(args.TrimStart('#'), out var id) || id <= 0)
            return $"Usage: {verb} <alert id>, e.g. {verb} 12";
        var outcome = await act(id);
        return outcome.Value is { } state ? reply(state) : outcome.Error!.Message;
    }

    private static string Counts(DeliveryCounts c) =>
        $"Pending {c.Pending}, reached {c.Sent + c.Delivered} ({c.Delivered} with a delivery receipt), failed {c.Failed}, skipped {c.Skipped}.";

    private static string Hours(TimeSpan ttl) =>
        ttl.TotalMinutes < 60 ? $"{(int)Math.Round(ttl.TotalMinutes)} min" : $"{ttl.TotalHours:0.#} h";

    // A leading '/' (Telegram) and a bot mention ("/verify@MyBot 12") are accepted.
    [GeneratedRegex(@"^\s*/?(?<verb>ALERT|CONFIRM|VERIFY|ABORT|STATUS)(@\w+)?(?:\s+(?<args>.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Command();

    [GeneratedRegex(@"(?<=\s|^)ES:", RegexOptions.IgnoreCase)]
    private static partial Regex SpanishMarker();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();
}
