namespace Broadcaster.Privacy;

/// <summary>The only way an address may appear in a log line: "+17075550111" becomes "+1******0111".</summary>
public static class Mask
{
    public static string Address(string? address)
    {
        if (string.IsNullOrEmpty(address))
            return "(none)";
        if (address.Length <= 6)
            return new string('*', address.Length);
        var head = address.StartsWith('+') ? 2 : 0;
        return string.Concat(address.AsSpan(0, head), new string('*', address.Length - head - 4), address.AsSpan(address.Length - 4));
    }
}
