using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphCommsMock.Testing;

/// <summary>The mock's control plane (/_mock/...): no token needed. A plain HttpClient: the CA is trusted through SSL_CERT_FILE.</summary>
public sealed class MockControlPlane(MockSettings settings) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = settings.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>GET /_mock/journal: {"value": [entry, ...]}, oldest first.</summary>
    public async Task<JsonArray> JournalAsync(CancellationToken ct = default)
        => (await http.GetFromJsonAsync<JsonNode>("/_mock/journal", ct))!["value"]!.AsArray();

    /// <summary>The journal's entries about one call: its requests (by path), events and deliveries (by callId).</summary>
    public async Task<IReadOnlyList<JsonObject>> JournalOfCallAsync(string callId, CancellationToken ct = default)
        => (await JournalAsync(ct)).OfType<JsonObject>()
            .Where(e => (string?)e["callId"] == callId || ((string?)e["path"])?.Contains(callId, StringComparison.Ordinal) == true)
            .ToList();

    /// <summary>GET /_mock/calls/{id}: the call in fixture form, with what the engine keeps under _mock.</summary>
    public async Task<JsonObject> ExportCallAsync(string callId, CancellationToken ct = default)
        => (JsonObject)(await http.GetFromJsonAsync<JsonNode>($"/_mock/calls/{callId}", ct))!;

    /// <summary>POST /_mock/calls/incoming: a caller rings the bot. Returns the new call's id.</summary>
    public async Task<string> RingBotAsync(JsonObject call, CancellationToken ct = default)
    {
        using var response = await http.PostAsync("/_mock/calls/incoming", new StringContent(call.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"POST /_mock/calls/incoming answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>POST /_mock/calls/{id}/invitations/{participantId}/answer: a pending invitee answers now.</summary>
    public async Task InviteeAnswersAsync(string callId, string participantId, CancellationToken ct = default)
    {
        using var response = await http.PostAsync($"/_mock/calls/{callId}/invitations/{participantId}/answer", null, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"invitee answer answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>POST /_mock/tokens: an access token with the claims a test chooses (e.g. no roles).</summary>
    public async Task<string> MintTokenAsync(object request, CancellationToken ct = default)
    {
        using var response = await http.PostAsJsonAsync("/_mock/tokens", request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!["access_token"]!.GetValue<string>();
    }

    public void Dispose() => http.Dispose();
}

/// <summary>Bounded waiting.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        do
        {
            last = await probe();
            if (done(last))
                return last;
            await Task.Delay(50);
        } while (DateTime.UtcNow < until);
        throw new TimeoutException($"{what}: not within {seconds} s (last seen: {Describe(last)})");
    }

    public static Task UntilAsync(Func<bool> done, string what, int seconds = 10)
        => UntilAsync(() => Task.FromResult(done()), d => d, what, seconds);

    public static async Task<T> Bounded<T>(Task<T> task, string what, int seconds = 15)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds))) != task)
            throw new TimeoutException($"{what}: not within {seconds} s");
        return await task;
    }

    public static async Task Bounded(Task task, string what, int seconds = 15)
    {
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds))) != task)
            throw new TimeoutException($"{what}: not within {seconds} s");
        await task;
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        JsonNode n => n.ToJsonString(),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>()) + "]",
        _ => value.ToString() ?? "",
    };
}
