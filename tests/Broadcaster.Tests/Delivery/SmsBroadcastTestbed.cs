using Broadcaster.Tests.Channels.Sms;
using Broadcaster.Tests.Infrastructure;

namespace Broadcaster.Tests.Delivery;

/// <summary>
/// The fan-out tests' world: a fresh database, a fake Twilio, network "socal" over the given counties and its
/// coordinator Ana, the author of the alerts.
/// </summary>
public abstract class SmsBroadcastTestbed(params string[] counties) : IAsyncLifetime
{
    protected const string AuthorPhone = "+12135550111";
    protected TestDatabase _db = null!;
    protected FakeTwilio _fake = null!;
    protected Seed _seed = null!;
    protected long _networkId;
    protected long _authorId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _fake = await FakeTwilio.StartAsync();
        _seed = new Seed(_db);
        _networkId = (await _seed.NetworkAsync("socal", counties)).Id;
        _authorId = (await _seed.CoordinatorAsync("socal", "Ana", AuthorPhone)).Coordinator.Id;
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
    }
}
