using System.Data.Common;
using System.Globalization;

namespace Meridian.Server.Tests.Infrastructure;

/// <summary>
/// What tests read from a Server's database from outside it, in SQL both engines run: quoted identifiers and
/// <c>@name</c> parameters.
/// </summary>
internal static class Database
{
    /// <summary>A number, with an optional parameter <c>@p</c>.</summary>
    public static long Scalar(DbConnection db, string sql, object? parameter = null)
    {
        using var command = Command(db, sql, parameter is null ? [] : [("@p", parameter)]);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public static int Execute(DbConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Every row of <paramref name="sql"/>, with nulls as null.</summary>
    public static List<object?[]> Query(DbConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(db, sql, parameters);
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

    private static DbCommand Command(DbConnection db, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
