using Microsoft.Playwright;

namespace Broadcaster.Tests.CoordinatorConsole;

/// <summary>One person's browser on the console, with one helper per page.</summary>
public sealed class ConsoleBrowser
{
    private readonly string _test;

    public ConsoleBrowser(IBrowserContext context, IPage page, string test)
    {
        (Context, Page, _test) = (context, page, test);
        // Every CSP refusal and script error shows up here: a page that breaks the policy fails its test.
        page.Console += (_, m) => { if (m.Type == "error") Errors.Add($"{m.Text} ({m.Location})"); };
        page.PageError += (_, e) => Errors.Add(e);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public List<string> Errors { get; } = [];

    public SignInPage SignIn => new(Page);
    public OverviewPage Overview => new(Page);
    public NewAlertPage NewAlert => new(Page);
    public AlertPage Alert => new(Page);
    public AwaitingPage Awaiting => new(Page);
    public AuditPage Audit => new(Page);
    public CoordinatorsPage Coordinators => new(Page);

    /// <summary>The page as it is now, at 360 and 1280 px.</summary>
    public Task ScreenshotAsync(string name) => Screenshots.TakeAsync(Page, _test, name);

    /// <summary>Opens a console path and returns the answer (status, headers).</summary>
    public async Task<IResponse> GoToAsync(string path) => (await Page.GotoAsync(path))!;

    /// <summary>A POST sent with this browser's cookies but none of the page's form fields (a forged request).</summary>
    public Task<IAPIResponse> ForgedPostAsync(string path, Dictionary<string, string>? form = null) => PostAsync(path, form);

    /// <summary>A POST as a script would send it (with this browser's cookies and the form fields given).</summary>
    public Task<IAPIResponse> PostAsync(string path, Dictionary<string, string>? form = null)
    {
        var data = Context.APIRequest.CreateFormData();
        foreach (var (key, value) in form ?? [])
            data.Set(key, value);
        return Context.APIRequest.PostAsync(path, new() { Form = data, MaxRedirects = 0 });
    }

    /// <summary>The footer's language buttons ("English", "Español"): the console speaks it from then on.</summary>
    public Task SwitchLanguageAsync(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    public Task SignOutAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
}
