using System.Data.Common;
using Meridian.SharedKernel.Data;

namespace Meridian.Events.Data;

/// <summary>
/// Parameterised commands for the paths that run on a connection the module does not own (another
/// module's transaction, a consumer's). The SQL is the common subset of SQLite and PostgreSQL: quoted
/// identifiers, <c>@name</c> parameters, <c>ON CONFLICT</c>, <c>LIMIT</c>; integers and text only.
/// </summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters) =>
        DbCommands.Command(connection, transaction, text, parameters);

    public static Task<int> ExecuteAsync(DbTransaction transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        DbCommands.ExecuteAsync(transaction, text, cancellationToken, parameters);

    public static async Task<int> ExecuteAsync(DbConnection connection, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Makes an <see cref="DateTimeOffset"/> the integer the event tables store.</summary>
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
