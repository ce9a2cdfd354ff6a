using Microsoft.Data.Sqlite;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>Reads a Server's SQLite file from outside the Server, as the crash tests check what a killed process left.</summary>
internal static class SqliteFile
{
    /// <summary>A connection of its own (no pool, so a killed server's file is reopened fresh each time).</summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 10 }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Every row of <paramref name="sql"/>, with nulls as null.</summary>
    public static List<object?[]> Query(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }
}
