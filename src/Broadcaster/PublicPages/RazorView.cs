using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;

namespace Broadcaster.PublicPages;

/// <summary>
/// Renders a compiled Razor view (PublicPages/Views/*.cshtml) from a minimal-API endpoint. The console's Razor
/// Pages live under one root folder with sign-in on all of it; these pages are anonymous and belong to this
/// feature, so they are plain views with a typed model, rendered by the same Razor engine.
/// </summary>
public sealed class RazorView<TModel>(string path, TModel model) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var engine = http.RequestServices.GetRequiredService<ICompositeViewEngine>();
        var found = engine.GetView(executingFilePath: null, viewPath: path, isMainPage: true);
        if (!found.Success)
            throw new InvalidOperationException($"view {path} not found: {string.Join(", ", found.SearchedLocations)}");
        var actionContext = new ActionContext(http, http.GetRouteData(), new ActionDescriptor());
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var tempData = new TempDataDictionary(http, http.RequestServices.GetRequiredService<ITempDataProvider>());
        http.Response.ContentType = "text/html; charset=utf-8";
        await using var writer = new HttpResponseStreamWriter(http.Response.Body, System.Text.Encoding.UTF8);
        var context = new ViewContext(actionContext, found.View, viewData, tempData, writer, new HtmlHelperOptions());
        await found.View.RenderAsync(context);
        await writer.FlushAsync();
    }
}
