using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace Broadcaster.Tests.SignUp;

/// <summary>Reads a QR code out of a PNG the way a phone camera would: decode the image, then find and read the code.</summary>
public static class QrDecoder
{
    public static string? Decode(byte[] png)
    {
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(source)?.Text;
    }
}
