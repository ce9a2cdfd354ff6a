using System.Data.Common;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Meridian.Customers.Data;

/// <summary>
/// SQLite leaves the bytes of deleted and overwritten rows in free space in the file, where they
/// could be carved out after an erasure. <c>secure_delete</c> zeroes them; it is a setting of the
/// connection, so the customers context sets it each time it opens one. Other providers ignore it.
/// </summary>
internal sealed class SecureDeleteInterceptor : DbConnectionInterceptor
{
    public const string Pragma = "PRAGMA secure_delete = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
