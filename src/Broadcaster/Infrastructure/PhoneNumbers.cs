using PhoneNumbers;

namespace Broadcaster.Infrastructure;

/// <summary>E.164 normalisation with libphonenumber, US as the default region.</summary>
public static class PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
            return false;
        try
        {
            var parsed = Util.Parse(input, "US");
            if (!Util.IsValidNumber(parsed))
                return false;
            e164 = Util.Format(parsed, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
