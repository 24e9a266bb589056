using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// The console's CSS and JS, embedded in the assembly (like the migrations) so the same files are served
/// whatever the working directory: no wwwroot to deploy, no CDN.
/// </summary>
public static class ConsoleAssets
{
    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static IResult Serve(HttpContext http, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
            return TypedResults.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        const string prefix = "console/";
        var assets = new Dictionary<string, Asset>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var type = Path.GetExtension(resource) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                _ => "application/octet-stream",
            };
            assets[resource[prefix.Length..]] = new Asset(bytes, type, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        }
        return assets.ToFrozenDictionary();
    }
}
