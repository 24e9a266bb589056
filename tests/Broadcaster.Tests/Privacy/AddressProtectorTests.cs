using System.Security.Cryptography;
using System.Text;
using Broadcaster.Privacy;
using Microsoft.Extensions.Options;

namespace Broadcaster.Tests.Privacy;

public sealed class AddressProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private static AddressProtector Make(string key, string[]? retired = null, string? index = null) =>
        new(Options.Create(new PrivacyOptions { EncryptionKey = key, RetiredKeys = retired ?? [], BlindIndexKey = index }));

    [Fact]
    public void Protect_Number_CipherHoldsNoPlaintextAndRevealsBack()
    {
        var p = Make(KeyA);

        var stored = p.Protect("sms", "+12135550111");

        Assert.DoesNotContain("5550111", Encoding.UTF8.GetString(stored.Cipher));
        Assert.Equal("+12135550111", p.Reveal(stored.Cipher, stored.KeyId));
    }

    [Fact]
    public void Protect_SameNumberTwice_SameIndexDifferentCipher()
    {
        var p = Make(KeyA);

        var a = p.Protect("sms", "+12135550111");
        var b = p.Protect("sms", "+12135550111");

        Assert.Equal(a.Index, b.Index);
        Assert.NotEqual(a.Cipher, b.Cipher);
        Assert.NotEqual(a.Index, p.BlindIndex("telegram", "+12135550111"));
    }

    [Fact]
    public void Rotate_OldKeyRetired_OldCipherStillRevealsAndIndexKeptByBlindIndexKey()
    {
        var before = Make(KeyA);
        var old = before.Protect("sms", "+12135550111");

        var after = Make(KeyB, retired: [KeyA], index: KeyA);

        Assert.Equal("+12135550111", after.Reveal(old.Cipher, old.KeyId));
        Assert.Equal(old.Index, after.BlindIndex("sms", "+12135550111"));
        Assert.NotEqual(old.KeyId, after.Protect("sms", "+12135550111").KeyId);
    }

    [Fact]
    public void Reveal_TamperedCipher_Throws()
    {
        var p = Make(KeyA);
        var stored = p.Protect("sms", "+12135550111");
        stored.Cipher[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => p.Reveal(stored.Cipher, stored.KeyId));
    }

    [Theory]
    [InlineData("+17075550111", "+1******0111")]
    [InlineData("+442071838750", "+4*******8750")]
    [InlineData("123456789", "*****6789")]
    [InlineData("12", "**")]
    [InlineData(null, "(none)")]
    public void Mask_Address_KeepsOnlyCountryPrefixAndLastFour(string? input, string expected)
    {
        Assert.Equal(expected, Mask.Address(input));
    }
}
