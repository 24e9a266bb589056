using QRCoder;

namespace Broadcaster.SignUp;

/// <summary>QR codes of a link, drawn by QRCoder (error correction Q: a printed sheet survives a crease or a smudge).</summary>
public static class QrCodes
{
    public static byte[] Png(string link, int pixelsPerModule = 12)
    {
        using var data = Data(link);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string link)
    {
        using var data = Data(link);
        return new SvgQRCode(data).GetGraphic(8);
    }

    private static QRCodeData Data(string link)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.Q);
    }
}
