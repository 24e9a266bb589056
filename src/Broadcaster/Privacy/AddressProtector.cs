using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Broadcaster.Privacy;

/// <summary>An address (E.164 number or Telegram chat id) as stored: ciphertext, the key that made it, and its blind index.</summary>
public sealed record ProtectedAddress(byte[] Index, byte[] Cipher, int KeyId);

/// <summary>
/// Encrypts addresses at rest with AES-256-GCM and computes an HMAC-SHA256 blind index for
/// look-ups, so the database never holds a number in plaintext. Cipher layout: nonce(12) | tag(16) | data.
/// Keys are derived with HKDF from the configured master keys; the key id is stored beside each
/// ciphertext so a rotated-out key (Privacy:RetiredKeys) still decrypts old rows.
/// </summary>
public sealed class AddressProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly int _currentKeyId;
    private readonly Dictionary<int, byte[]> _encryptionKeys = [];
    private readonly byte[] _indexKey;

    public AddressProtector(IOptions<PrivacyOptions> options)
    {
        var o = options.Value;
        var current = Convert.FromBase64String(o.EncryptionKey!.Trim());
        _currentKeyId = KeyId(current);
        _encryptionKeys[_currentKeyId] = Derive(current, "broadcaster/address-encryption");
        foreach (var retired in o.RetiredKeys.Select(k => Convert.FromBase64String(k.Trim())))
            _encryptionKeys.TryAdd(KeyId(retired), Derive(retired, "broadcaster/address-encryption"));
        var indexMaster = string.IsNullOrWhiteSpace(o.BlindIndexKey) ? current : Convert.FromBase64String(o.BlindIndexKey.Trim());
        _indexKey = Derive(indexMaster, "broadcaster/blind-index");
    }

    /// <summary>The id of Privacy:EncryptionKey, which every new ciphertext is made with.</summary>
    public int CurrentKeyId => _currentKeyId;

    /// <summary>The same address under the current key (for key rotation); throws when its key is not configured.</summary>
    public byte[] Reencrypt(byte[] cipher, int keyId) => Encrypt(Reveal(cipher, keyId));

    /// <summary>
    /// A value that identifies the blind-index key without revealing it, kept in the database: an index made
    /// with another key would silently stop STOP and JOIN from finding anyone stored before.
    /// </summary>
    public byte[] BlindIndexCheck() => HMACSHA256.HashData(_indexKey, "broadcaster/blind-index-check"u8);

    public ProtectedAddress Protect(string channel, string address) =>
        new(BlindIndex(channel, address), Encrypt(address), _currentKeyId);

    public byte[] BlindIndex(string channel, string address) =>
        HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(channel + ":" + address));

    public string Reveal(byte[] cipher, int keyId)
    {
        if (!_encryptionKeys.TryGetValue(keyId, out var key))
            throw new CryptographicException($"No key with id {keyId} is configured (Privacy:EncryptionKey / Privacy:RetiredKeys)");
        var nonce = cipher.AsSpan(0, NonceSize);
        var tag = cipher.AsSpan(NonceSize, TagSize);
        var data = cipher.AsSpan(NonceSize + TagSize);
        var plain = new byte[data.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, data, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Encrypt(string address)
    {
        var plain = Encoding.UTF8.GetBytes(address);
        var output = new byte[NonceSize + TagSize + plain.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using var aes = new AesGcm(_encryptionKeys[_currentKeyId], TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    private static byte[] Derive(byte[] master, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.UTF8.GetBytes(purpose));

    private static int KeyId(byte[] master) => BitConverter.ToInt32(SHA256.HashData(master), 0) & int.MaxValue;
}
