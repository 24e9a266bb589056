using System.Collections.Concurrent;
using System.Diagnostics;
using Broadcaster.Alerts;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Broadcaster.Tests.Delivery;

/// <summary>Twilio's rate counts segments: a long UCS-2 alert costs several tokens of the SMS bucket per message.</summary>
public sealed class SegmentRateTests(ITestOutputHelper output) : SmsBroadcastTestbed("los-angeles")
{
    // Accented Spanish (á, ó are not GSM-7): the whole body goes as UCS-2, 67 characters per part.
    private const string LongSpanish = "Redada en la estación de autobuses de Main St, evite el área. Más información: llame a la línea de la red, no salga sin documentos.";

    [Fact]
    public async Task Broadcast_ThreeSegmentMessages_SegmentsPerSecondStayWithinTheRate()
    {
        const int rate = 10;
        await _seed.SmsSubscribersAsync(8, "los-angeles", "es");
        var alert = await _seed.AlertAsync(_networkId, _authorId, ["los-angeles"], es: LongSpanish);
        var rendered = AlertText.Render("confirmed", alert, null, "socal RRN", "es", LongSpanish);
        Assert.Equal(3, SmsSegments.Count(rendered).Segments);
        var arrivals = new ConcurrentQueue<long>();
        _fake.Reply = r =>
        {
            if (r.Form["To"] != AuthorPhone)
                arrivals.Enqueue(Stopwatch.GetTimestamp());
            return TwilioReply.Accepted;
        };
        await using var app = await DeliveryHost.StartAsync(_db, _fake, messagesPerSecond: rate);

        app.Verify(alert);
        await _db.CompletedAsync(alert);

        var sorted = arrivals.Order().ToList();
        var busiest = sorted.Select(start => sorted.Count(t => t >= start && t - start < Stopwatch.Frequency)).Max();
        output.WriteLine($"8 messages of 3 segments, at most {busiest} messages ({busiest * 3} segments) in one second at {rate} segments/s");
        // Within the rate, plus at most the one message that straddles the window's edge.
        Assert.InRange(busiest * 3, 3, rate + 3);
    }
}
