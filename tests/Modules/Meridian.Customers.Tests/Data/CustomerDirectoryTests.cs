using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.Customers.Tests.Domain;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Tests.Data;

public sealed class CustomerDirectoryTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private CustomersDbContext _db = null!;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new CustomersDbContext(new DbContextOptionsBuilder<CustomersDbContext>().UseSqlite(_connection).Options);
        await _db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task the_directory_gives_home_region_and_email_and_no_email_once_erased()
    {
        var active = TestCustomers.New();
        var erased = TestCustomers.New();
        erased.Email = "someone.else@example.com";
        erased.Erase(DateTimeOffset.UnixEpoch, Emails.ErasedPseudonym());
        _db.Customers.AddRange(active, erased);
        await _db.SaveChangesAsync();
        var directory = new CustomerDirectory(_db);

        var found = await directory.FindAsync(active.Id, CancellationToken.None);
        var gone = await directory.FindAsync(erased.Id, CancellationToken.None);

        Assert.Equal(("ada@example.com", "eu-central", "EU", false), (found!.Email, found.HomeRegion, found.Jurisdiction, found.IsErased));
        Assert.Null(gone!.Email);
        Assert.True(gone.IsErased);
        Assert.Null(await directory.FindAsync("cus_unknown", CancellationToken.None));
    }
}
