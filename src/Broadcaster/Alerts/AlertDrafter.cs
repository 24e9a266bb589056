using Broadcaster.Coordinators;
using Broadcaster.Infrastructure;
using Broadcaster.Networks;
using Microsoft.Extensions.Options;

namespace Broadcaster.Alerts;

/// <summary>
/// Validates and stores a draft (API and SMS/Telegram commands alike): the texts, the kind and its original,
/// every area one of the author's network, the rendered size. Nothing is written unless all of it holds.
/// </summary>
public sealed class AlertDrafter(
    AlertStore alerts,
    AlertRecipients recipients,
    AlertTargets targets,
    NetworkStore networks,
    DraftNotifications notifications,
    DraftFigures figures,
    IOptions<BroadcasterOptions> options,
    TimeProvider clock,
    ILogger<AlertDrafter> log)
{
    /// <param name="hold">Held until the author confirms it (drafted by text, whose caller ID can be forged): nobody is told of it yet.</param>
    public Task<Outcome<Draft>> DraftAsync(Coordinator author, DraftRequest request, bool hold = false) => PrepareAsync(author, request, save: true, hold);

    /// <summary>
    /// The same checks and figures as <see cref="DraftAsync"/> (the console's live preview), with nothing stored
    /// and nobody notified.
    /// </summary>
    public Task<Outcome<Draft>> PreviewAsync(Coordinator author, DraftRequest request) => PrepareAsync(author, request, save: false);

    private async Task<Outcome<Draft>> PrepareAsync(Coordinator author, DraftRequest request, bool save, bool hold = false)
    {
        var now = clock.GetUtcNow();
        var network = await networks.FindAsync(author.NetworkId)
            ?? throw new InvalidOperationException($"coordinator {author.Id} has no network");
        var fallback = network.FallbackLanguage;
        if (request.Texts.Keys.FirstOrDefault(code => !Language.Supported.Contains(code)) is { } unsupported)
            return AlertError.BadRequest($"texts.{unsupported}: not a supported language (use {string.Join(", ", Language.Supported)}).");
        if (!request.Texts.ContainsKey(fallback))
            return AlertError.BadRequest(fallback == Language.English
                ? "texts.en is required: every alert has an English text, which subscribers get when there is none in their language."
                : $"texts.{fallback} is required: {network.Name} falls back to '{fallback}' for subscribers whose language has no text.");
        if (request.Texts.FirstOrDefault(t => AlertText.HasControlCharacter(t.Value)) is { Key: { } bad })
            return AlertError.BadRequest($"texts.{bad} contains a control character (such as NUL): only text, spaces and line breaks can be sent.");

        Alert? original = null;
        if (AlertKind.IsFollowUp(request.Kind))
        {
            if (request.ReplyTo is not { } replyTo)
                return AlertError.BadRequest($"A '{request.Kind}' follows up an earlier alert: set replyTo to that alert's id.");
            original = await alerts.FindAsync(replyTo);
            if (original is null)
                return AlertError.BadRequest($"replyTo: there is no alert #{replyTo}.");
            if (original.NetworkId != author.NetworkId)
                return AlertError.Forbidden($"Alert #{replyTo} belongs to another network.");
            if (!AlertStatus.Broadcast.Contains(original.EffectiveStatus(now)))
                return AlertError.BadRequest($"Alert #{replyTo} was never sent (it is {original.EffectiveStatus(now)}), so there is nobody to follow up.");
            // A drill retraction must never stop a real alert, and a drill's follow-up must never reach real subscribers.
            if (request.Drill is { } drill && drill != original.Drill)
                return AlertError.BadRequest(original.Drill
                    ? $"Alert #{replyTo} is a drill, so its follow-ups are drills too: leave out drill or set it to true."
                    : $"Alert #{replyTo} is a real alert: a drill cannot follow it up. Leave out drill or set it to false.");
        }
        else if (request.ReplyTo is not null)
        {
            return AlertError.BadRequest("A confirmed alert is a new alert and takes no replyTo: use kind update, all-clear or retraction to follow one up.");
        }

        var chosen = new List<AlertArea>();
        foreach (var name in request.Areas)
        {
            var target = await targets.ResolveAsync(name, author.NetworkId, network.Name);
            if (target.Value is not { } area)
                return target.Error!;
            if (chosen.All(a => a.Id != area.Id))
                chosen.Add(new AlertArea(area.Id, area.Slug, area.Name));
        }
        if (original is not null && chosen.Count == 0)
            chosen.AddRange(original.Areas);
        else if (original is not null && !chosen.Select(a => a.Id).ToHashSet().SetEquals(original.Areas.Select(a => a.Id)))
            return AlertError.BadRequest($"A {request.Kind} goes to the recipients of alert #{original.Id} ({string.Join(", ", original.AreaSlugs)}): leave areas out or give the same ones.");
        else if (chosen.Count == 0)
            return AlertError.BadRequest("'areas' is required: at least one area slug, e.g. [\"long-beach\"] (or 'counties': [\"los-angeles\"]).");

        var draft = new Alert(
            save ? await alerts.NextIdAsync() : await alerts.LikelyNextIdAsync(), author.NetworkId, request.Kind, original?.Id, chosen, request.Texts, AlertStatus.Draft,
            author.Id, null, now, now + options.Value.DraftTtl, null, null,
            // A follow-up keeps its original's drill flag (checked above).
            Drill: request.Drill ?? original?.Drill ?? false, Held: save && hold);
        foreach (var language in Language.Supported)
        {
            var count = DraftFigures.Preview(draft, network, language);
            // Written languages, English and Spanish must fit; a language read only through the fallback gets
            // its size in the answer instead (its UCS-2 labels could refuse a long text nobody there reads).
            if (count.Segments > SmsSegments.MaxSegments && (request.Texts.ContainsKey(language) || language is Language.English or Language.Spanish))
                return AlertError.BadRequest(TooLong(language, request.Texts.ContainsKey(language), fallback, count));
        }

        if (save)
            await alerts.InsertDraftAsync(draft);
        var groups = !save ? await recipients.CountUnsavedAsync(draft)
            : draft.Drill ? await recipients.CountDrillAsync(draft.Id, draft.NetworkId) : await recipients.CountAsync(draft.Id);
        if (save)
        {
            if (!draft.Held)
                await notifications.EnqueueAsync(draft);
            log.LogInformation("Alert {AlertId} ({Kind}) drafted by coordinator {CoordinatorId} for {Areas}", draft.Id, draft.Kind, author.Id, string.Join(",", draft.AreaSlugs));
        }
        return figures.Compute(draft, network, groups, original);
    }

    private static string TooLong(string language, bool ownText, string fallback, MessagePreview count)
    {
        var which = ownText ? $"texts.{language}" : $"texts.{fallback} (as sent to '{language}' subscribers)";
        var hint = count.Encoding == "UCS-2"
            ? " Characters outside GSM-7 (such as á, í, ó, ú, curly quotes or emoji) send it as UCS-2, 67 characters per segment."
            : "";
        return $"{which} is too long: the rendered message takes {count.Segments} SMS segments ({count.Characters} {count.Encoding} characters), at most {SmsSegments.MaxSegments} are allowed.{hint}";
    }
}
