using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// Hands lock waits to SQLite's own busy handler. Without <c>busy_timeout</c>, Microsoft.Data.Sqlite retries a
/// busy database itself, sleeping 150 ms between tries, so under a few concurrent writers an add to a cart that
/// needs a millisecond of the write lock waited 100–260 ms. SQLite's handler retries after 1, 2, 5, 10 … ms.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>The one instance every context shares: the interceptor keeps no state.</summary>
    public static SqliteBusyTimeout Instance { get; } = new();

    private SqliteBusyTimeout()
    {
    }

    /// <summary>Sets the busy timeout of <paramref name="connection"/> from its default command timeout.</summary>
    public static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {Math.Max(1, sqlite.DefaultTimeout) * 1000};";
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }
}
