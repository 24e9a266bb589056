using System.CommandLine;
using System.Security.Cryptography;
using Broadcaster.Infrastructure;

namespace Broadcaster.Privacy;

/// <summary>`keys rotate`: re-encrypts every stored address under the current Privacy:EncryptionKey.</summary>
public static class KeysCli
{
    public static Command Command(CliContext context)
    {
        var rotate = new Command("rotate",
            "Re-encrypt every stored address under Privacy:EncryptionKey (old keys in Privacy:RetiredKeys). Resumable; safe while the service runs.");
        rotate.SetAction((_, ct) => context.WithServicesAsync(async sp =>
        {
            var rotation = sp.GetRequiredService<KeyRotation>();
            long left;
            try
            {
                left = await rotation.RunAsync((what, done, total) => context.Out.Write($"\r{Bar(done, total)} {done:N0}/{total:N0} {what}{(done == total ? "\n" : "")}"), ct);
            }
            catch (CryptographicException e)
            {
                throw new CommandException($"{e.Message}: add the old key to Privacy:RetiredKeys and run again (what is done stays done)");
            }
            context.Out.WriteLine(left == 0
                ? "Every stored address is under the current key; retired keys can be removed once every process has restarted."
                : $"{left:N0} address(es) were busy and are still under an old key: run 'keys rotate' again.");
            return left == 0 ? 0 : 1;
        }));
        return new Command("keys", "Encryption keys of the stored addresses.") { rotate };
    }

    private static string Bar(long done, long total)
    {
        const int width = 30;
        var filled = total == 0 ? width : (int)(width * done / total);
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }
}
