using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// Full-page screenshots at a phone's width (360 px, the console's main screen) and a laptop's (1280 px),
/// written to TestResults/screenshots/&lt;test&gt;/ at the repository root (ignored by git).
/// </summary>
public static class Screenshots
{
    public static readonly int[] Widths = [360, 1280];

    public static string Folder(string test)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Broadcaster.sln")))
            dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots", test);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Saves <paramref name="name"/>-360.png and <paramref name="name"/>-1280.png; the page is left at 360 px.</summary>
    public static async Task<IReadOnlyList<string>> TakeAsync(IPage page, string test, string name)
    {
        var files = new List<string>();
        foreach (var width in Widths.Reverse())
        {
            await page.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
            var file = Path.Combine(Folder(test), $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            files.Add(file);
        }
        return files;
    }
}
