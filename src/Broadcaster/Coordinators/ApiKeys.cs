using System.Security.Cryptography;
using System.Text;

namespace Broadcaster.Coordinators;

/// <summary>
/// API keys are 256 random bits, shown once and stored only as SHA-256: with that much entropy a fast
/// hash cannot be brute-forced, and a look-up by hash needs no per-row salt.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "bk_";

    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
