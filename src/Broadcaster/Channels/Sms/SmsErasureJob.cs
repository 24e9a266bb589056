using Broadcaster.Infrastructure;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Broadcaster.Channels.Sms;

/// <summary>
/// Deletes due messages at Twilio (<see cref="SmsErasures"/>). Safe to run twice and in several processes at
/// once: each id is claimed with SKIP LOCKED and rescheduled as it is taken, so a failure (5xx, 429, a timeout,
/// a message Twilio still calls in progress) is simply tried again later, with backoff. Runs when receipts make
/// messages final, and every minute for retries and for messages that never reported a final status.
/// </summary>
public sealed class SmsErasureJob(SmsErasures erasures, IEnumerable<TwilioSmsChannel> twilio, TimeProvider time, ILogger<SmsErasureJob> log)
{
    private const int Batch = 100;
    private const int Parallel = 4;

    [Queue(Queues.Default)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        if (!erasures.Enabled || twilio.FirstOrDefault() is not { } channel)
            return;
        var (deleted, gone, failed) = (0, 0, 0);
        DateTime? retryAt = null;
        var gate = new Lock();
        for (IReadOnlyList<(string Sid, DateTime RetryAt)> due; (due = await erasures.ClaimAsync(Batch, ct)).Count > 0;)
        {
            await System.Threading.Tasks.Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct },
                async (row, token) =>
                {
                    var outcome = await channel.DeleteAsync(row.Sid);
                    if (outcome == ErasureOutcome.RetryLater)
                    {
                        Interlocked.Increment(ref failed);
                        lock (gate)
                            retryAt = retryAt is { } r && r < row.RetryAt ? r : row.RetryAt;
                        return;
                    }
                    Interlocked.Increment(ref outcome == ErasureOutcome.Deleted ? ref deleted : ref gone);
                    await erasures.DoneAsync(row.Sid, token);
                });
            if (failed > 0)
                break;
        }
        if (retryAt is { } at)
            erasures.Kick(TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow().UtcDateTime).Ticks)));
        if (deleted + gone + failed > 0)
            log.LogInformation("Twilio messages deleted: {Deleted}, already gone: {Gone}, to retry: {Failed}", deleted, gone, failed);
    }
}

public enum ErasureOutcome { Deleted, Gone, RetryLater }

public static class SmsErasureSetup
{
    public static WebApplicationBuilder AddSmsErasure(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SmsErasures>();
        builder.Services.AddTransient<SmsErasureJob>();
        // Only while erasures are on (a deployment that turns them off loses the registration too).
        builder.Services.AddRecurringJob<SmsErasureJob>("sms-erasure", j => j.RunAsync(CancellationToken.None), Cron.Minutely(),
            sp => sp.GetRequiredService<SmsErasures>().Enabled);
        return builder;
    }
}
