using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Broadcaster.Tests.Infrastructure;

/// <summary>A self-signed certificate for 127.0.0.1, made once per test run (HTTPS test servers).</summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Made = new(Create);

    public static X509Certificate2 Value => Made.Value;

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Kestrel needs the private key in a form it can use on Linux: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }
}
