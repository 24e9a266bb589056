using System.Globalization;
using System.Text.Json;
using Broadcaster.Channels;
using Broadcaster.Coordinators;
using Broadcaster.Counties;
using Broadcaster.Networks;
using Microsoft.AspNetCore.WebUtilities;

namespace Broadcaster.Alerts;

/// <summary>The coordinator API: every route behind <see cref="CoordinatorAuth"/> and scoped to the caller's network.</summary>
public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/alerts", CreateAsync);
        api.MapGet("/alerts", ListAsync);
        api.MapGet("/alerts/{id}", GetAsync);
        api.MapPost("/alerts/{id}/verify", VerifyAsync);
        api.MapPost("/alerts/{id}/abort", AbortAsync);
        api.MapGet("/counties", CountiesAsync);
        api.MapGet("/areas", AreasAsync);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AlertDrafter drafter)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problem(AlertError.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
        using (body)
        {
            var (request, error) = DraftRequest.FromJson(body.RootElement);
            if (request is null)
                return Problem(AlertError.BadRequest(error!));
            var outcome = await drafter.DraftAsync(CoordinatorAuth.Current(http), request);
            if (outcome.Value is not { } draft)
                return Problem(outcome.Error!);
            return TypedResults.Created($"/api/alerts/{draft.Alert.Id}", new DraftResponse(
                draft.Alert.Id, draft.Alert.Status, draft.Alert.Kind, draft.Alert.ReplyTo, draft.Alert.AreaSlugs, draft.Alert.ExpiresAt,
                new ChannelCounts(draft.Count(ChannelName.Sms), draft.Count(ChannelName.Telegram)),
                draft.Messages, EstimateResponse.From(draft.Estimate), draft.Warnings, draft.Alert.Drill, draft.Languages));
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, AlertActions actions, string? status)
    {
        var wanted = string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant();
        if (wanted is not null && !AlertStatus.All.Contains(wanted))
            return Problem(AlertError.BadRequest($"status must be one of {string.Join(", ", AlertStatus.All)}."));
        var alerts = await actions.RecentAsync(CoordinatorAuth.Current(http), wanted);
        return TypedResults.Ok(new { alerts = alerts.Select(a => AlertSummary.From(a.Alert, a.Status)) });
    }

    private static Task<IResult> GetAsync(HttpContext http, AlertActions actions, string id) =>
        WithIdAsync(id, alertId => actions.StatusAsync(CoordinatorAuth.Current(http), alertId));

    private static Task<IResult> VerifyAsync(HttpContext http, AlertActions actions, string id) =>
        WithIdAsync(id, alertId => actions.VerifyAsync(CoordinatorAuth.Current(http), alertId));

    private static Task<IResult> AbortAsync(HttpContext http, AlertActions actions, string id) =>
        WithIdAsync(id, alertId => actions.AbortAsync(CoordinatorAuth.Current(http), alertId));

    /// <summary>The network's county-wide areas as before areas existed: the county's slug and name, subscribers per channel.</summary>
    private static async Task<IResult> CountiesAsync(HttpContext http, AreaStore areas, CountyDirectory directory)
    {
        var counties = new List<object>();
        foreach (var a in (await areas.AudienceAsync(CoordinatorAuth.Current(http).NetworkId)).Where(a => a.WholeCounty is not null))
            counties.Add(new { slug = a.WholeCounty, name = (await directory.FindBySlugAsync(a.WholeCounty!))!.Name, subscribers = new ChannelCounts(a.Sms, a.Telegram) });
        return TypedResults.Ok(new { counties });
    }

    /// <summary>The caller's network's areas (never another network's, even where they overlap), with counts per channel.</summary>
    private static async Task<IResult> AreasAsync(HttpContext http, AreaStore areas)
    {
        var audience = await areas.AudienceAsync(CoordinatorAuth.Current(http).NetworkId);
        return TypedResults.Ok(new
        {
            areas = audience.Select(a => new { a.Slug, a.Name, a.Counties, zipCount = a.ZipCount, subscribers = new ChannelCounts(a.Sms, a.Telegram) }),
        });
    }

    // The id is taken as text so a malformed one is a clear 404 after authentication, not a binding error before it.
    private static async Task<IResult> WithIdAsync(string id, Func<long, Task<Outcome<AlertState>>> act)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var alertId) || alertId <= 0)
            return Problem(AlertError.NotFound($"There is no alert '{id}' (alert ids are positive numbers)."));
        var outcome = await act(alertId);
        return outcome.Value is { } state ? TypedResults.Ok(AlertResponse.From(state)) : Problem(outcome.Error!);
    }

    private static IResult Problem(AlertError error) =>
        TypedResults.Problem(error.Message, statusCode: error.Status, title: ReasonPhrases.GetReasonPhrase(error.Status));
}
