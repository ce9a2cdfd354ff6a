using System.Text.Json;
using Meridian.SharedKernel.Idempotency;
using Meridian.SharedKernel.Redis;
using StackExchange.Redis;

namespace Meridian.Idempotency.Data;

/// <summary>
/// Idempotency records in Redis, one hash per key that expires with the retention. Each operation is one Lua
/// script, so a claim is atomic across replicas exactly as the database's primary key makes it. Losing a record
/// (Redis flushed) can never create a second order: checkout's order is unique by the same key in the database;
/// the record only saves the replay and the 409/422 answers.
/// </summary>
internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, TimeProvider time, string region) : IIdempotencyStore
{
    private const string ClaimScript = """
        local h = redis.call('HMGET', KEYS[1], 'fp', 'done', 'lease', 'status', 'ctype', 'headers', 'body')
        if not h[1] then
          redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'done', '0', 'lease', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[4])
          return { 'claimed' }
        end
        if h[1] ~= ARGV[1] then return { 'mismatch' } end
        if h[2] == '1' then return { 'completed', h[4], h[5] or '', h[6] or '{}', h[7] or '' } end
        if tonumber(h[3]) > tonumber(ARGV[3]) then return { 'inflight' } end
        redis.call('HSET', KEYS[1], 'lease', ARGV[2])
        return { 'claimed' }
        """;

    private const string CompleteScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'done', '1', 'status', ARGV[1], 'ctype', ARGV[2], 'headers', ARGV[3], 'body', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('HGET', KEYS[1], 'done') == '0' then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public Task<IdempotencyClaim> ClaimAsync(string scope, string key, string fingerprint, TimeSpan lease, CancellationToken cancellationToken) =>
        MeridianRedis.CallAsync<IdempotencyClaim>(async () =>
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [KeyOf(scope, key)],
                [fingerprint, now + (long)lease.TotalMilliseconds, now, (long)ExpireIdempotencyRecords.Retention.TotalMilliseconds]))!;
            return (string?)result[0] switch
            {
                "claimed" => new IdempotencyClaim.Claimed(),
                "mismatch" => new IdempotencyClaim.Mismatch(),
                "inflight" => new IdempotencyClaim.InFlight(),
                _ => new IdempotencyClaim.Completed(new StoredResponse(
                    (int)result[1],
                    (string?)result[2] is { Length: > 0 } contentType ? contentType : null,
                    (byte[]?)result[4] ?? [],
                    JsonSerializer.Deserialize<Dictionary<string, string>>((string?)result[3] ?? "{}") ?? [])),
            };
        });

    public Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return MeridianRedis.CallAsync(() => redis.GetDatabase().ScriptEvaluateAsync(CompleteScript, [KeyOf(scope, key)],
            [response.Status, response.ContentType ?? string.Empty, JsonSerializer.Serialize(response.Headers), response.Body,
                (long)ExpireIdempotencyRecords.Retention.TotalMilliseconds]));
    }

    public Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken) =>
        MeridianRedis.CallAsync(() => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [KeyOf(scope, key)]));

    // The region is part of the key: a Redis shared across regions by mistake still keeps their records apart.
    private RedisKey KeyOf(string scope, string key) => $"meridian:{region}:idempotency:{scope}:{key}";
}
