using System.Text.Json;
using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>
/// axe-core (vendored in Axe/, from `npm pack axe-core`) run on the page as it is: the serious and critical violations,
/// one line each. The console's CSP refuses injected scripts, so the browser context must bypass it (BypassCSP).
/// </summary>
public static class AxeCheck
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "CoordinatorConsole", "Axe", "axe.min.js");

    public static async Task<IReadOnlyList<string>> SeriousAsync(IPage page)
    {
        if (await page.EvaluateAsync<bool>("typeof window.axe === 'undefined'"))
            await page.AddScriptTagAsync(new() { Path = Script });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ["violations"] });
              return JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`));
            }
            """);
        return JsonSerializer.Deserialize<List<string>>(json) ?? [];
    }

    /// <summary>Headings that skip a level (an h1 followed by an h3): screen-reader users navigate by them.</summary>
    public static Task<string[]> HeadingJumpsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const jumps = []; let last = 0;
          for (const h of document.querySelectorAll("h1,h2,h3,h4,h5,h6")) {
            if (h.closest("[hidden]")) continue;
            const level = Number(h.tagName[1]);
            if (level > last + 1) jumps.push(`h${last} → h${level} "${h.textContent.trim().slice(0, 40)}"`);
            last = level;
          }
          return jumps;
        }
        """);
}
