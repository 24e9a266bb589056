using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Broadcaster.Infrastructure;

/// <summary>
/// Bad input never becomes a 500: oversize bodies get 413, malformed JSON or forms 400, all as
/// RFC 7807 problem JSON. Bodies are capped well above any real webhook or alert.
/// </summary>
public static class ErrorHandling
{
    public const long MaxBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddErrorHandling(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = MaxBodyBytes;
            o.ValueLengthLimit = (int)MaxBodyBytes;
            o.ValueCountLimit = 200;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            var status = exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest,
                System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
                _ => 0,
            };
            if (status == 0)
                return false;
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = status, Title = status == 413 ? "Request body too large." : "Malformed request.", Detail = status == 413 ? $"Bodies are limited to {MaxBodyBytes} bytes." : null },
            });
        }
    }
}
