using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Meridian.SharedKernel.Data;

/// <summary>Model conventions every module's context applies, so providers behave the same.</summary>
public static class Conventions
{
    /// <summary>
    /// SQLite stores <see cref="DateTimeOffset"/> as text it cannot order or compare; as a binary
    /// number it sorts correctly. PostgreSQL keeps its native <c>timestamptz</c>, which Npgsql writes
    /// only from UTC values, so a time a client sent with an offset is stored as the same instant in UTC.
    /// </summary>
    public static void UseMeridianConventions(this ModelConfigurationBuilder builder, DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsSqlite())
        {
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else
        {
            builder.Properties<DateTimeOffset>().HaveConversion<SameInstantInUtc>();
        }
    }

    private sealed class SameInstantInUtc() : ValueConverter<DateTimeOffset, DateTimeOffset>(value => value.ToUniversalTime(), value => value);
}
