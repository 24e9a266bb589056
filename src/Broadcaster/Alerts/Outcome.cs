namespace Broadcaster.Alerts;

/// <summary>Why a coordinator's request was refused, as an HTTP status (the API) and one plain sentence (API and commands).</summary>
public sealed record AlertError(int Status, string Message)
{
    public static AlertError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
    public static AlertError Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);
    public static AlertError NotFound(string message) => new(StatusCodes.Status404NotFound, message);
    public static AlertError Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}

/// <summary>A result or the reason there is none; the API and the SMS/Telegram commands render it each their way.</summary>
public sealed class Outcome<T> where T : class
{
    private Outcome(T? value, AlertError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public AlertError? Error { get; }

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(AlertError error) => new(null, error);
}
