using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Broadcaster.CoordinatorConsole;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys in PostgreSQL, so a console cookie or form token issued by one
/// web process is read by every other (the default, a folder on each machine, would sign people out at random).
/// </summary>
public sealed class DataProtectionKeys(NpgsqlDataSource db) : IXmlRepository
{
    private const string SelectAll = "SELECT xml FROM data_protection_keys ORDER BY created_at";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = db.OpenConnection();
        return conn.Query<string>(SelectAll).Select(x => XElement.Parse(x)).ToList();
    }

    private const string Insert = "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING";

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = db.OpenConnection();
        conn.Execute(Insert, new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
