using Broadcaster.Privacy;
using Npgsql;

namespace Broadcaster.Coordinators;

/// <summary>Coordinators' phones under the current key, for <see cref="KeyRotation"/>.</summary>
public sealed class CoordinatorRekeying(NpgsqlDataSource db, AddressProtector protector) : AddressRekeying(db, protector)
{
    public override string What => "coordinator phones";

    protected override string Remaining => "SELECT count(*) FROM coordinators WHERE phone_cipher IS NOT NULL AND phone_key_id <> @current";

    protected override string Claim => """
        SELECT id, phone_cipher, phone_key_id FROM coordinators
        WHERE id > @afterId AND phone_cipher IS NOT NULL AND phone_key_id <> @current
        ORDER BY id LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    protected override string Update => """
        UPDATE coordinators c SET phone_cipher = u.cipher, phone_key_id = @current
        FROM unnest(@ids::bigint[], @ciphers::bytea[]) AS u(id, cipher)
        WHERE c.id = u.id
        """;
}
