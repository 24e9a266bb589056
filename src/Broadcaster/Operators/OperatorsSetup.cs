using OpenTelemetry.Metrics;

namespace Broadcaster.Operators;

public static class OperatorsSetup
{
    /// <summary>The Meter every feature records on (its instruments are defined where they are measured).</summary>
    public const string MeterName = "Broadcaster";

    public static WebApplicationBuilder AddOperators(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperatorStore>();
        // The framework's own meters (requests, Kestrel, runtime) cost nothing extra to export.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Guards /hangfire and /metrics (before the endpoints run) and serves /metrics in Prometheus text format.</summary>
    public static WebApplication UseOperators(this WebApplication app)
    {
        app.UseMiddleware<OperatorGate>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
