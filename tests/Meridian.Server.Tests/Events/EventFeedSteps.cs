using System.Net.Http.Json;
using System.Text.Json;

namespace Meridian.Server.Tests.Events;

public static class EventFeedSteps
{
    /// <summary>Every published event in the feed (all pages) whose subject is <paramref name="subject"/>, in feed order.</summary>
    public static async Task<List<JsonElement>> FeedOf(HttpClient admin, string subject)
    {
        var found = new List<JsonElement>();
        string? cursor = "0";
        while (cursor is not null)
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/events?limit=100&after={cursor}");
            found.AddRange(page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subject").GetString() == subject));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        return found;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the events of <paramref name="subject"/> include every type in <paramref name="types"/>, and returns them.</summary>
    public static async Task<List<JsonElement>> EventsOf(HttpClient admin, string subject, params string[] types)
    {
        List<JsonElement> events = [];
        await Eventually(async () =>
        {
            events = await FeedOf(admin, subject);
            return types.All(t => events.Any(e => e.GetProperty("type").GetString() == t));
        }, $"{subject} has {string.Join(", ", types)} in the feed");
        return events;
    }
}
