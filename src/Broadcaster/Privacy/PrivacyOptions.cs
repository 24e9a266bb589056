using Microsoft.Extensions.Options;

namespace Broadcaster.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Base64 of 32 random bytes. Encrypts addresses at rest (AES-GCM).</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Earlier encryption keys, still accepted for decryption after a rotation.</summary>
    public string[] RetiredKeys { get; set; } = [];

    /// <summary>
    /// Base64 of 32 bytes keying the HMAC blind index. Defaults to <see cref="EncryptionKey"/>; when the
    /// encryption key is rotated, set this to the old key so existing opt-outs are still found.
    /// </summary>
    public string? BlindIndexKey { get; set; }
}

internal sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.EncryptionKey))
            return ValidateOptionsResult.Fail("Privacy:EncryptionKey is required (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        if (!IsKey(o.EncryptionKey))
            return ValidateOptionsResult.Fail("Privacy:EncryptionKey must be base64 of exactly 32 bytes");
        if (!string.IsNullOrWhiteSpace(o.BlindIndexKey) && !IsKey(o.BlindIndexKey))
            return ValidateOptionsResult.Fail("Privacy:BlindIndexKey must be base64 of exactly 32 bytes");
        if (o.RetiredKeys.Any(k => !IsKey(k)))
            return ValidateOptionsResult.Fail("Privacy:RetiredKeys must each be base64 of exactly 32 bytes");
        // Without its own key the blind index would follow the new EncryptionKey, and no STOP would find its row.
        if (o.RetiredKeys.Length > 0 && string.IsNullOrWhiteSpace(o.BlindIndexKey))
            return ValidateOptionsResult.Fail("Privacy:BlindIndexKey is required when Privacy:RetiredKeys is set: set it to the key the blind index was made with (the first Privacy:EncryptionKey)");
        return ValidateOptionsResult.Success;
    }

    internal static bool IsKey(string value)
    {
        Span<byte> buffer = stackalloc byte[48];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written == 32;
    }
}

/// <summary>In Development only, a missing key is generated once into the ignored data folder.</summary>
internal sealed class DevelopmentKeySetup(IHostEnvironment env, IOptions<Infrastructure.BroadcasterOptions> app)
    : IPostConfigureOptions<PrivacyOptions>
{
    public void PostConfigure(string? name, PrivacyOptions o)
    {
        if (!string.IsNullOrWhiteSpace(o.EncryptionKey) || !env.IsDevelopment())
            return;
        var path = Path.GetFullPath(Path.Combine(app.Value.DataDir, "dev-encryption.key"));
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        o.EncryptionKey = File.ReadAllText(path).Trim();
    }
}
