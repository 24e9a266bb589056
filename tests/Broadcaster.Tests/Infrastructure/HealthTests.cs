using System.Net;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.InfrastructureTests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_DatabaseAnswers_200()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = await TestApp.StartAsync(db);

        var response = await app.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_ProblemJson404()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = await TestApp.StartAsync(db);

        var response = await app.Http.GetAsync("/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
