using Npgsql;

namespace Broadcaster.Infrastructure;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CheckAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await cmd.ExecuteScalarAsync(timeout.Token);
            return Results.Text("ok");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Results.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
