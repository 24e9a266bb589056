namespace Broadcaster.CoordinatorConsole;

/// <summary>Spanish for every English string the console shows (a test checks each page has no English left).</summary>
public static class ConsoleStrings
{
    public static readonly IReadOnlyDictionary<string, string> Spanish = new Dictionary<string, string>
    {
        ["Coordinator console"] = "Consola de coordinación",
        ["Sign in"] = "Iniciar sesión",
        ["Sign out"] = "Cerrar sesión",
        ["Signed in as {0}"] = "Sesión de {0}",
        ["Overview"] = "Resumen",
        ["New alert"] = "Nueva alerta",
        ["Awaiting verification"] = "Por verificar",
        ["Audit log"] = "Registro",
        ["Coordinators"] = "Coordinadores",
        ["Language"] = "Idioma",
        ["API key"] = "Clave de API",
        ["Or sign in with your API key"] = "O inicia sesión con tu clave de API",
        ["Sign in with the key"] = "Entrar con la clave",
        ["Ask for a new code"] = "Pedir un código nuevo",
        ["Wrong code. Check the last message we sent you."] = "Código incorrecto. Revisa el último mensaje que te enviamos.",
        ["Too many wrong tries: that code no longer works. Ask for a new one."] = "Demasiados intentos fallidos: ese código ya no sirve. Pide uno nuevo.",
        ["Broadcaster sign-in code: {0}. It is valid for 10 minutes. Did not ask for it? Ignore this message."] = "Código para entrar a Broadcaster: {0}. Vale 10 minutos. ¿No lo pediste? Ignora este mensaje.",
        ["Unknown or revoked API key."] = "Clave de API desconocida o revocada.",
        ["Phone number or Telegram user id"] = "Número de teléfono o id de usuario de Telegram",
        ["Send me a code"] = "Envíame un código",
        ["Sign in with a code"] = "Inicia sesión con un código",
        ["We send a 6-digit code to the phone or Telegram account registered for you."] = "Te enviamos un código de 6 dígitos al teléfono o la cuenta de Telegram que tienes registrados.",
        ["Code"] = "Código",
        ["If that belongs to a coordinator, a code is on its way. It is valid for 10 minutes."] = "Si pertenece a una persona coordinadora, el código va en camino. Vale 10 minutos.",
        ["Enter a phone number (e.g. +1 707 555 0111) or a Telegram user id."] = "Escribe un número de teléfono (p. ej. +1 707 555 0111) o un id de usuario de Telegram.",
        ["Send by"] = "Enviar por",
        ["Or"] = "O",
        ["County"] = "Condado",
        ["Counties"] = "Condados",
        ["Subscribers"] = "Personas suscritas",
        ["Recent alerts"] = "Alertas recientes",
        ["No alerts yet."] = "Aún no hay alertas.",
        ["Status"] = "Estado",
        ["Kind"] = "Tipo",
        ["Text"] = "Texto",
        ["Total"] = "Total",
        ["English"] = "Inglés",
        ["Spanish"] = "Español",
        ["Page not found."] = "Página no encontrada.",
    };
}
