namespace Broadcaster.Coordinators;

/// <summary>
/// Coordinator commands arriving by SMS or Telegram from a registered coordinator:
/// ALERT &lt;county&gt; &lt;text&gt; [ES: &lt;text&gt;], VERIFY &lt;id&gt;, ABORT &lt;id&gt;, STATUS &lt;id&gt; (a leading '/' allowed).
/// Returns the reply, or null when the text is not a coordinator command (it then gets the ordinary keyword handling).
/// </summary>
public interface ICoordinatorCommands
{
    /// <summary>A command from a sender that can be forged (SMS caller ID): VERIFY and ABORT need the one-time code.</summary>
    Task<string?> TryHandleAsync(Coordinator coordinator, string text, CancellationToken ct);

    /// <summary>A command from a sender the channel proves (a Telegram user id): the code is optional.</summary>
    Task<string?> TryHandleFromVerifiedSenderAsync(Coordinator coordinator, string text, CancellationToken ct) =>
        TryHandleAsync(coordinator, text, ct);
}
