using Broadcaster.Alerts;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// What the live preview shows: the draft's figures (as POST /api/alerts answers them: recipients, each message with
/// its cost and GSM-7 offer) and the same sentences the page prints, in the coordinator's language.
/// </summary>
public sealed record DraftPreview(
    ChannelCounts Recipients,
    int Total,
    IReadOnlyDictionary<string, MessagePreview> Messages,
    IReadOnlyDictionary<string, string> Summaries,
    IReadOnlyDictionary<string, string> Costs,
    IReadOnlyDictionary<string, string> Offers,
    EstimateResponse Estimate,
    string Eta,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Who each targeted area reaches on its own (a new alert only: a follow-up goes to its original's recipients).</summary>
    public IReadOnlyList<AreaRecipients> Areas { get; init; } = [];

    public static DraftPreview From(Draft draft, ConsoleText t)
    {
        var sms = draft.Count(Channels.ChannelName.Sms);
        var telegram = draft.Count(Channels.ChannelName.Telegram);
        return new DraftPreview(
            new ChannelCounts(sms, telegram), sms + telegram, draft.Messages,
            draft.Messages.ToDictionary(m => m.Key, m => ConsoleFormat.Segments(t, m.Value)),
            draft.Messages.ToDictionary(m => m.Key, m => ConsoleFormat.Cost(t, m.Value)),
            draft.Messages.Where(m => m.Value.Gsm7 is not null).ToDictionary(m => m.Key, m => ConsoleFormat.Gsm7Offer(t, m.Value)),
            EstimateResponse.From(draft.Estimate), ConsoleFormat.Duration(t, draft.Estimate.Seconds),
            draft.Notes.Select(n => ConsoleFormat.Warning(t, n)).ToList());
    }
}
