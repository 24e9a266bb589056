using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Broadcaster.Privacy;

namespace Broadcaster.Tests.Chaos;

/// <summary>
/// What a chaos run measured. Every figure except the slowest verify-to-final has a goal of 0 (coverage: 100 %), and
/// duplicates at most the in-flight window per kill. Examples name masked addresses only.
/// </summary>
public sealed partial record ChaosReport(
    string Shape, int Alerts, int Retractions, int Stops, int Kills, int Messages, IReadOnlyDictionary<string, int> Faults,
    int Lost, int SentAfterStop, int Duplicates, int MaxDuplicatesPerKill, int InFlightWindow, int Resent,
    int RetractionEligible, int RetractionCovered, int Service5xx, int Refused, int Unfinished, double SlowestVerifyToFinalSeconds,
    int CountsWentBack, int WorkersDiedByThemselves, IReadOnlyList<string> Examples)
{
    public double RetractionCoverage => RetractionEligible == 0 ? 1 : (double)RetractionCovered / RetractionEligible;

    [GeneratedRegex(@"chaos-\d+-\d+r?")]
    private static partial Regex TagPattern();

    public static ChaosReport Measure(ChaosObservations o)
    {
        var examples = new List<string>();
        double Seconds(long ticks) => Stopwatch.GetElapsedTime(o.Start, ticks).TotalSeconds;
        void Note(string what)
        {
            if (examples.Count < 20)
                examples.Add(what);
        }

        var tagged = o.Accepted.Select(a => (Arrival: a, Tag: TagPattern().Match(a.Body) is { Success: true } m ? m.Value : null))
            .Where(x => x.Tag is not null).ToList();
        var copies = tagged.GroupBy(x => (x.Tag!, x.Arrival.To)).ToDictionary(g => g.Key, g => g.Select(x => x.Arrival.At).Order().ToList());
        bool Got(string tag, string address) => copies.ContainsKey((tag, address));
        var subscriber = o.Subscribers.ToDictionary(s => s.Address);
        var retracted = o.Alerts.Where(a => a.OriginalTag is not null).Select(a => a.OriginalTag!).ToHashSet();
        DateTime? Completed(ChaosAlert a) => o.Times.TryGetValue(a.Id, out var t) ? t.CompletedAt : null;
        // Whoever had not stopped by the time an alert was final must have it; a STOP before that may have come first.
        bool Eligible(ChaosSubscriber s, ChaosAlert a) => s.StoppedAtUtc is not { } stopped || (Completed(a) is { } done && stopped > done);

        var lost = 0;
        foreach (var alert in o.Alerts.Where(a => a.OriginalTag is null && !retracted.Contains(a.Tag)))
            foreach (var s in o.Subscribers.Where(s => s.Network == alert.Network && Eligible(s, alert) && !Got(alert.Tag, s.Address)))
            {
                lost++;
                Note($"lost: {alert.Tag} (alert {alert.Id}) never reached {s.Channel} {Mask.Address(s.Address)}");
            }

        var (eligible, covered) = (0, 0);
        foreach (var retraction in o.Alerts.Where(a => a.OriginalTag is not null))
            foreach (var address in copies.Keys.Where(k => k.Item1 == retraction.OriginalTag).Select(k => k.To))
            {
                if (!subscriber.TryGetValue(address, out var s) || !Eligible(s, retraction))
                    continue;
                eligible++;
                if (Got(retraction.Tag, address))
                    covered++;
                else
                    Note($"retraction {retraction.Tag} (alert {retraction.Id}) missed {s.Channel} {Mask.Address(address)}, who got the original");
            }

        var afterStop = 0;
        foreach (var (arrival, tag) in tagged)
            if (subscriber.TryGetValue(arrival.To, out var s) && s.StoppedAt is { } answered && arrival.At > answered + Stopwatch.Frequency)
            {
                afterStop++;
                Note(string.Create(CultureInfo.InvariantCulture, $"{tag} reached {arrival.Channel} {Mask.Address(arrival.To)} at {Seconds(arrival.At):0.0} s, " +
                    $"{Stopwatch.GetElapsedTime(answered, arrival.At).TotalSeconds:0.0} s after their STOP was answered (kills at {string.Join(", ", o.Kills.Select(k => Seconds(k).ToString("0", CultureInfo.InvariantCulture)))} s)"));
            }

        // Each extra copy is put down to the last kill before it (-1: before any kill).
        var perKill = new Dictionary<int, int>();
        var duplicates = 0;
        foreach (var ((tag, to), times) in copies.Where(c => c.Value.Count > 1))
            foreach (var at in times.Skip(1))
            {
                duplicates++;
                var kill = o.Kills.Count(k => k < at) - 1;
                perKill[kill] = perKill.GetValueOrDefault(kill) + 1;
                Note($"duplicate: {tag} twice to {Mask.Address(to)} (after kill {kill})");
            }

        var slowest = o.Times.Values.Where(t => t is { VerifiedAt: not null, CompletedAt: not null })
            .Select(t => (t.CompletedAt!.Value - t.VerifiedAt!.Value).TotalSeconds).DefaultIfEmpty(0).Max();
        foreach (var line in o.ServerErrors.Concat(o.Refusals).Concat(o.CountsWentBack))
            Note(line);
        // A worker holds at most MaxConcurrency sends in flight per sender loop: the three networks', the default
        // sender's and the bot's.
        var window = new global::Broadcaster.Delivery.DeliveryOptions().MaxConcurrency * 5;
        return new ChaosReport(o.Options.Describe(), o.Alerts.Count, o.Alerts.Count(a => a.OriginalTag is not null),
            o.Subscribers.Count(s => s.StoppedAt is not null), o.Kills.Count, o.Accepted.Count, o.Faults,
            lost, afterStop, duplicates, perKill.Values.DefaultIfEmpty(0).Max(), window, o.Times.Values.Sum(t => t.Resent),
            eligible, covered, o.ServerErrors.Count, o.Refusals.Count, o.Times.Values.Count(t => t.CompletedAt is null), slowest,
            o.CountsWentBack.Count, o.WorkersDiedByThemselves, examples);
    }

    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return "chaos run: " + Shape;
        yield return "| measure | result | goal |";
        yield return "|---|---|---|";
        yield return $"| lost (an eligible subscriber never reached) | {Lost} | 0 |";
        yield return $"| alert messages more than 1 s after a STOP's answer | {SentAfterStop} | 0 |";
        yield return string.Create(c, $"| duplicates per kill (max; {Duplicates} in all over {Kills} kills; {Resent} rows taken over from killed workers) | {MaxDuplicatesPerKill} | <= {InFlightWindow} (in-flight window) |");
        yield return string.Create(c, $"| retraction coverage (got the original, not stopped, got its retraction) | {RetractionCoverage:0.0%} ({RetractionCovered} of {RetractionEligible}) | 100 % |");
        yield return $"| 5xx answers from the service | {Service5xx} | 0 |";
        yield return $"| alerts not final at the end / API calls refused / counts that went backwards | {Unfinished} / {Refused} / {CountsWentBack} | 0 / 0 / 0 |";
        yield return string.Create(c, $"| slowest verify-to-final | {SlowestVerifyToFinalSeconds:0.0} s | |");
        yield return $"| traffic | {Alerts} alerts ({Retractions} retractions), {Stops} STOPs, {Kills} kills, {Messages} messages accepted; provider faults: " +
            string.Join(", ", Faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}")) + " | |";
        foreach (var example in Examples)
            yield return "  " + example;
    }
}
