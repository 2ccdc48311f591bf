using System.Text.Json.Nodes;
using GraphCommsMock.NotificationEndpoint;
using GraphCommsMock.Testing;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace GraphCommsMock.GraphSdkTests;

/// <summary>
/// One commsNotification as a v6 bot reads it. The Graph SDK v6 has no commsNotification model (the
/// Communications SDK has), so the envelope is plain JSON; its resourceData is read with the SDK's
/// own deserializer into its model: a Call, a Participant, or the operation's derived type.
/// </summary>
public sealed record ParsedNotification(string ChangeType, string ResourceUrl, IParsable? Resource, JsonObject Raw)
{
    public Call? Call => Resource as Call;
    public CommsOperation? Operation => Resource as CommsOperation;
    public override string ToString() => $"{ChangeType} {ResourceUrl} {Raw["resourceData"]?["state"] ?? Raw["resourceData"]?["status"]}";
}

public static class Notifications
{
    /// <summary>Reads a notification body with the Graph SDK's own deserializer (the GraphServiceClient constructor registered it).</summary>
    public static async Task<IReadOnlyList<ParsedNotification>> ParseAsync(string body)
    {
        var envelope = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("#microsoft.graph.commsNotifications", (string?)envelope["@odata.type"]);
        var list = new List<ParsedNotification>();
        foreach (var item in envelope["value"]!.AsArray().Select(v => v!.AsObject()))
        {
            IParsable? resource = null;
            if (item["resourceData"] is JsonObject data)
            {
                var type = (string?)data["@odata.type"];
                var json = data.ToJsonString();
                resource = type == "#microsoft.graph.call" ? await KiotaJsonSerializer.DeserializeAsync(json, Call.CreateFromDiscriminatorValue)
                    : type == "#microsoft.graph.participant" ? await KiotaJsonSerializer.DeserializeAsync(json, Participant.CreateFromDiscriminatorValue)
                    : type?.EndsWith("Operation", StringComparison.Ordinal) == true ? await KiotaJsonSerializer.DeserializeAsync(json, CommsOperation.CreateFromDiscriminatorValue)
                    : null;
            }
            list.Add(new ParsedNotification((string)item["changeType"]!, (string)item["resourceUrl"]!, resource, item));
        }
        return list;
    }

    /// <summary>
    /// Waits until the call's last notification (<paramref name="last"/>) has reached the endpoint
    /// and the mock's journal has as many deliveries for the call as the endpoint received; then
    /// checks that each one passed the sample bots' validation (audience = the app, the call's
    /// tenant), was answered 202, and that every delivery was "delivered". Returns them parsed, in order.
    /// </summary>
    public static async Task<IReadOnlyList<ParsedNotification>> AllValidatedAsync(NotificationEndpointHost endpoint, MockControlPlane control, string callId, string appId, string tenantId, Func<ParsedNotification, bool> last)
    {
        var parsed = new List<ParsedNotification>();
        await Poll.UntilAsync(async () =>
        {
            parsed.Clear();
            foreach (var n in endpoint.Of(callId))
                parsed.AddRange(await ParseAsync(n.Body));
            return parsed.Any(last);
        }, done => done, $"the last notification of call {callId}");
        var deliveries = await Poll.UntilAsync(
            async () => (await control.JournalOfCallAsync(callId)).Where(e => (string?)e["kind"] == "delivery").ToList(),
            d => d.Count == endpoint.Of(callId).Count, $"the journal's deliveries for call {callId}");
        Assert.All(deliveries, d =>
        {
            Assert.True("delivered" == (string?)d["outcome"], d.ToJsonString() + "\n" + string.Join("\n", endpoint.Of(callId).Select(n => $"{n.Status} {n.Validation.Failure} {n.Body}")));
            Assert.Equal(202, (int?)d["status"]);
            Assert.Equal(endpoint.Url.ToString(), (string?)d["url"]);
        });
        var received = endpoint.Of(callId);
        Assert.NotEmpty(received);
        Assert.All(received, n =>
        {
            Assert.True(n.Validation.IsValid, n.Validation.Failure);
            Assert.Equal(202, n.Status);
            Assert.Equal(tenantId, n.Validation.TenantId);
            Assert.Equal(appId, n.Validation.Audience);
            Assert.Equal("https://api.botframework.com", n.Validation.Issuer);
            Assert.False(string.IsNullOrEmpty(n.Headers.GetValueOrDefault("X-Microsoft-Skype-Chain-ID")));
            Assert.StartsWith("application/json", n.Headers.GetValueOrDefault("Content-Type"));
        });
        return parsed;
    }
}
