using Meridian.SharedKernel.Data;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Customers.Auth;

/// <summary>
/// The HMAC key that signs customer access tokens. From <c>Meridian:Customers:TokenSigningKey</c>
/// (base64, at least 32 bytes) when set; otherwise generated once and kept in a file beside the
/// SQLite database (in the git-ignored <c>data/</c> folder of the embedded default), so a restart
/// keeps issued tokens valid. The key is never logged.
/// </summary>
internal sealed class TokenSigningKey
{
    public const string ConfigurationKey = "Meridian:Customers:TokenSigningKey";
    public const string FileName = "customers-token-signing.key";
    public const int MinBytes = 32;

    public TokenSigningKey(IConfiguration configuration, RegionDatabase database, ILogger<TokenSigningKey> logger)
    {
        var configured = configuration[ConfigurationKey];
        var bytes = configured is { Length: > 0 }
            ? Decode(configured, ConfigurationKey)
            : LoadOrCreate(Path.Combine(database.DataFolder, FileName), logger);
        Key = new SymmetricSecurityKey(bytes);
    }

    public SymmetricSecurityKey Key { get; }

    internal static byte[] LoadOrCreate(string file, ILogger logger)
    {
        if (File.Exists(file))
        {
            return Decode(File.ReadAllText(file).Trim(), file);
        }
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options))
            {
                writer.Write(Convert.ToBase64String(bytes));
            }
            logger.SigningKeyGenerated(file);
            return bytes;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process created it first: use theirs, so both sign with the same key.
            return Decode(File.ReadAllText(file).Trim(), file);
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The token signing key in {source} is not base64.");
        }
        if (bytes.Length < MinBytes)
        {
            throw new InvalidOperationException($"The token signing key in {source} has {bytes.Length} bytes; at least {MinBytes} are required.");
        }
        return bytes;
    }
}
