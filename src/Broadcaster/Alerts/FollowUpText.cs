namespace Broadcaster.Alerts;

/// <summary>
/// The text a follow-up form starts with, which the coordinator edits. Kept in GSM-7 (no ó, no curly quotes) so that
/// the default costs no more than the alert it follows, and in the "usted" form the Spanish catalog uses.
/// </summary>
public static class FollowUpText
{
    public static string? Starter(string kind, long id, string language) => (kind, language) switch
    {
        (AlertKind.AllClear, "en") => $"All clear: the activity reported in alert #{id} has ended.",
        (AlertKind.AllClear, "es") => $"Todo despejado: la actividad de la alerta #{id} ha finalizado.",
        (AlertKind.Retraction, "en") => $"Alert #{id} could not be confirmed. Please disregard it.",
        (AlertKind.Retraction, "es") => $"No se pudo confirmar la alerta #{id}: no la tome en cuenta.",
        _ => null,
    };
}
