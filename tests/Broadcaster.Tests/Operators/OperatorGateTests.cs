using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using Broadcaster.Operators;
using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Delivery;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.OperatorsTests;

public sealed class OperatorGateTests
{
    [Theory]
    [InlineData(false, false, false, false, OperatorAccess.Unauthorized)]
    [InlineData(true, false, false, false, OperatorAccess.Allow)]
    [InlineData(true, true, false, false, OperatorAccess.Unauthorized)]
    [InlineData(false, true, false, true, OperatorAccess.Forbidden)]
    [InlineData(true, true, false, true, OperatorAccess.Forbidden)]
    [InlineData(false, true, true, false, OperatorAccess.Allow)]
    public void Decide_Table(bool development, bool keyPresented, bool isOperator, bool isCoordinator, OperatorAccess expected) =>
        Assert.Equal(expected, OperatorGate.Decide(development, keyPresented, isOperator, isCoordinator));

    [Theory]
    [InlineData("Bearer op_abc", "op_abc")]
    [InlineData("bearer  op_abc ", "op_abc")]
    [InlineData("Digest op_abc", null)]
    [InlineData("Basic !!!", null)]
    [InlineData("", null)]
    public void KeyOf_Header(string header, string? expected) => Assert.Equal(expected, OperatorGate.KeyOf(header));

    [Fact]
    public void KeyOf_BasicPassword_AnyUserName() =>
        Assert.Equal("op_k:with:colons", OperatorGate.KeyOf("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("me:op_k:with:colons"))));

    [Fact]
    public async Task Metrics_OperatorKey_PrometheusTextWithTheBroadcasterMeter()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var fake = await FakeTwilio.StartAsync();
        await using var app = await DeliveryHost.StartAsync(db, fake, role: "web");
        var (_, key) = await app.Get<OperatorStore>().AddAsync("Ops");
        using var meter = new Meter(OperatorsSetup.MeterName);
        meter.CreateCounter<long>("broadcaster.test.probes").Add(3);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await app.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"(?m)^broadcaster_test_probes_total(\{[^}]*\})? 3( |$)", body);
    }
}
