using Meridian.Events.Consumers;

namespace Meridian.Events.Tests;

public sealed class BackoffTests
{
    [Fact]
    public void retries_wait_twice_as_long_each_time_with_jitter_and_never_longer_than_the_maximum()
    {
        var settings = new EventsOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var ceiling = Math.Min(Math.Pow(2, attempt - 1), 60);
            for (var draw = 0; draw < 50; draw++)
            {
                var delay = ConsumerRunner.Backoff(settings, attempt).TotalSeconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
    }

    [Fact]
    public void jitter_spreads_the_retries_of_one_attempt()
    {
        var settings = new EventsOptions();
        var delays = Enumerable.Range(0, 20).Select(_ => ConsumerRunner.Backoff(settings, 3)).Distinct().Count();
        Assert.True(delays > 10, $"Only {delays} distinct delays in 20 draws.");
    }
}
