namespace Broadcaster.Subscribers;

/// <summary>Every subscriber text in Spanish (usted form). Keep in step with <see cref="EnglishTexts"/>.</summary>
public sealed class SpanishTexts(CommandWords w) : SubscriberTexts(w)
{
    private const string Rates = "Pueden aplicar tarifas de mensajes y datos.";
    private const string LocalHotline = "a la línea de Respuesta Rápida de su zona";

    public override string GeneralProgram => "Alertas de Respuesta Rápida";

    public override string AskConfirm(string program, IReadOnlyList<string> counties) =>
        $"{program}: Responda {Words.Yes} para confirmar las alertas {Of(counties)}. {Rates} Si no fue usted, ignore este mensaje.";

    public override string Welcome(string program, IReadOnlyList<string> counties) =>
        $"{program}: Recibirá alertas {Of(counties)}. La frecuencia de los mensajes varía. {Rates} " +
        $"Responda {Words.Help} para obtener ayuda, {Words.Stop} para cancelar.";

    public override string Lapsed() =>
        $"Su solicitud venció: esperamos el {Words.Yes} durante 24 horas. {JoinHint()} para empezar de nuevo.";

    public override string NothingToConfirm() =>
        $"No hay ninguna solicitud que confirmar (las solicitudes vencen a las 24 horas). {HowToJoin()}";

    public override string AskCounty() =>
        $"¿Qué condado? {JoinHint()}, por ejemplo {Words.Join} Fresno o {Words.Join} 93701.";

    public override string UnknownCounty() =>
        $"Lo sentimos, no encontramos ese condado de California. Responda {Words.Join} + el nombre de un condado o un código postal, por ejemplo {Words.Join} Fresno o {Words.Join} 93701.";

    public override string NotServed(string county) =>
        $"Lo sentimos, todavía no hay alertas para {The([county])}. No guardamos su número.";

    public override string AlreadySubscribed(string program, IReadOnlyList<string> counties) =>
        $"{program}: Ya recibe alertas {Of(counties)}. Responda {Words.Join} + condado para añadir uno, {Words.Leave} + condado para dejar uno.";

    public override string Stopped(string program) =>
        $"{program}: Canceló su suscripción y no recibirá más mensajes. Responda {Words.Join} + su condado para volver a suscribirse.";

    public override string Left(string program, string county, IReadOnlyList<string> remaining) =>
        $"{program}: Dejó las alertas {Of([county])}. Sigue recibiendo alertas {Of(remaining)}.";

    public override string LeftLast(string program, string county) =>
        $"{program}: Dejó las alertas {Of([county])} y no recibirá más mensajes. Responda {Words.Join} + su condado para volver a suscribirse.";

    public override string NotInCounty(string county, IReadOnlyList<string> current) =>
        $"No recibe alertas {Of([county])}. Recibe alertas {Of(current)}.";

    public override string WhichToLeave(IReadOnlyList<string> current) =>
        $"¿Qué condado? Recibe alertas {Of(current)}. Responda {Words.Leave} + condado para dejar uno, {Words.Stop} para dejarlos todos.";

    public override string NotSubscribed() => $"No está suscrito. {HowToJoin()}";

    public override string HowToJoin() => $"{JoinHint()} para recibir alertas.";

    public override string LanguageSet() => "De acuerdo, le escribiremos en español.";

    public override string LanguageChoices() => $"Responda {Words.Spanish} o {Words.English} para elegir su idioma.";

    public override string Help(string program, IReadOnlyList<Hotline> hotlines) =>
        $"{program}: alertas verificadas de su Red de Respuesta Rápida. Línea: {HotlineOrLocal(hotlines)}. " +
        $"Responda {Words.Leave} + condado para dejar un condado, {Words.Stop} para cancelar. {Rates}";

    public override string HelpGeneral() =>
        $"{GeneralProgram}: alertas verificadas de las Redes de Respuesta Rápida de California. {JoinHint()} para suscribirse, {Words.Stop} para cancelar. {Rates}";

    public override string Other(string program, IReadOnlyList<Hotline> hotlines) =>
        $"{program}: Este número solo envía alertas; no leemos las respuestas. Para reportar actividad de ICE, llame {ToHotline(hotlines)}. Responda {Words.Help} para obtener ayuda.";

    public override string OtherGeneral() =>
        $"Este número envía alertas de Respuesta Rápida; no leemos las respuestas. Para reportar actividad de ICE, llame {LocalHotline}. {HowToJoin()}";

    private string JoinHint() => $"Responda {Words.Join} + su condado o código postal";

    private static string HotlineOrLocal(IReadOnlyList<Hotline> hotlines) =>
        hotlines.Count == 0 ? "la de su zona" : Hotlines(hotlines);

    private static string ToHotline(IReadOnlyList<Hotline> hotlines) =>
        hotlines.Count == 0 ? LocalHotline : "a la línea " + Hotlines(hotlines);

    /// <summary>"del condado de Napa", "de los condados de Napa y Sonoma".</summary>
    private static string Of(IReadOnlyList<string> names) =>
        (names.Count == 1 ? "del condado de " : "de los condados de ") + List(names, And(names));

    /// <summary>"el condado de Napa", "los condados de Napa y Sonoma".</summary>
    private static string The(IReadOnlyList<string> names) =>
        (names.Count == 1 ? "el condado de " : "los condados de ") + List(names, And(names));

    // "y" becomes "e" before an /i/ sound: "Napa e Imperial".
    private static string And(IReadOnlyList<string> names) =>
        names.Count > 1 && (names[^1].StartsWith('I') || names[^1].StartsWith("Hi")) && !names[^1].StartsWith("Hie") ? "e" : "y";
}
