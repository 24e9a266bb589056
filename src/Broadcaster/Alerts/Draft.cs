namespace Broadcaster.Alerts;

/// <summary>A new draft as its author sees it: who it would reach, what they would read, how long sending would take.</summary>
public sealed record Draft(
    Alert Alert,
    string NetworkName,
    IReadOnlyList<RecipientGroup> Recipients,
    IReadOnlyDictionary<string, MessagePreview> Messages,
    IReadOnlyDictionary<string, LanguageAudience> Languages,
    DeliveryEstimate Estimate,
    IReadOnlyList<DraftWarning> Notes)
{
    public int Count(string channel) => Recipients.Where(g => g.Channel == channel).Sum(g => g.Count);

    /// <summary>The warnings in English, as the API answers them.</summary>
    public IReadOnlyList<string> Warnings => Notes.Select(n => n.Text).ToList();
}

/// <summary>A warning as a format and its values, so that the console can say it in the coordinator's language.</summary>
public sealed record DraftWarning(string Format, params object[] Args)
{
    public string Text => string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, Args);
}

/// <summary>
/// The rendered SMS in one language and what it costs: <see cref="SmsRecipients"/> read this text by SMS (in
/// their language or as the fallback), together <see cref="SmsSegmentsTotal"/> segments, sent in
/// <see cref="SmsSeconds"/> at the network's sender's rate. <see cref="Gsm7"/> is offered when characters outside
/// GSM-7 are what makes it cost more.
/// </summary>
public sealed record MessagePreview(string Preview, string Encoding, int Characters, int Segments)
{
    public int SmsRecipients { get; init; }
    public int SmsSegmentsTotal { get; init; }
    public int SmsSeconds { get; init; }
    public Gsm7Offer? Gsm7 { get; init; }
}

/// <summary>The coordinator's text in its GSM-7 form (<see cref="Gsm7Form"/>), its segments and what it would cost in all.</summary>
public sealed record Gsm7Offer(string Text, int Segments, int SmsSegmentsTotal);
