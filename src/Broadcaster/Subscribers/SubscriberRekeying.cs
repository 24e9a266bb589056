using Broadcaster.Privacy;
using Npgsql;

namespace Broadcaster.Subscribers;

/// <summary>Subscribers' addresses under the current key, for <see cref="KeyRotation"/>.</summary>
public sealed class SubscriberRekeying(NpgsqlDataSource db, AddressProtector protector) : AddressRekeying(db, protector)
{
    public override string What => "subscribers";

    protected override string Remaining => "SELECT count(*) FROM subscribers WHERE address_cipher IS NOT NULL AND address_key_id <> @current";

    // SKIP LOCKED: a row held by a subscriber's conversation (STOP, JOIN) is left for the next pass.
    protected override string Claim => """
        SELECT id, address_cipher, address_key_id FROM subscribers
        WHERE id > @afterId AND address_cipher IS NOT NULL AND address_key_id <> @current
        ORDER BY id LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    protected override string Update => """
        UPDATE subscribers s SET address_cipher = u.cipher, address_key_id = @current
        FROM unnest(@ids::bigint[], @ciphers::bytea[]) AS u(id, cipher)
        WHERE s.id = u.id
        """;
}
