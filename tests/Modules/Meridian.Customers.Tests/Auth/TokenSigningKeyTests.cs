using Meridian.Customers.Auth;
using Meridian.SharedKernel.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Meridian.Customers.Tests.Auth;

public sealed class TokenSigningKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "meridian-key-tests", Guid.NewGuid().ToString("N"));

    public TokenSigningKeyTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void without_configuration_a_key_is_generated_once_beside_the_database_and_reused_after_a_restart()
    {
        var configuration = Configuration(("ConnectionStrings:Meridian", $"Data Source={Path.Combine(_folder, "meridian.db")}"));

        var first = new TokenSigningKey(configuration, new RegionDatabase(configuration, _folder), NullLogger<TokenSigningKey>.Instance);
        var second = new TokenSigningKey(configuration, new RegionDatabase(configuration, _folder), NullLogger<TokenSigningKey>.Instance);

        Assert.True(File.Exists(Path.Combine(_folder, TokenSigningKey.FileName)));
        Assert.True(first.Key.Key.Length >= TokenSigningKey.MinBytes);
        Assert.Equal(first.Key.Key, second.Key.Key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, TokenSigningKey.FileName)));
        }
    }

    [Fact]
    public void a_configured_key_is_used_and_no_file_is_written()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var configuration = Configuration(
            ("ConnectionStrings:Meridian", $"Data Source={Path.Combine(_folder, "meridian.db")}"),
            (TokenSigningKey.ConfigurationKey, Convert.ToBase64String(bytes)));

        var key = new TokenSigningKey(configuration, new RegionDatabase(configuration, _folder), NullLogger<TokenSigningKey>.Instance);

        Assert.Equal(bytes, key.Key.Key);
        Assert.False(File.Exists(Path.Combine(_folder, TokenSigningKey.FileName)));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public void a_configured_key_that_is_not_base64_or_too_short_stops_the_start(string configured)
    {
        var configuration = Configuration((TokenSigningKey.ConfigurationKey, configured));

        var error = Assert.Throws<InvalidOperationException>(() => new TokenSigningKey(configuration, new RegionDatabase(configuration, _folder), NullLogger<TokenSigningKey>.Instance));

        Assert.DoesNotContain(configured, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
