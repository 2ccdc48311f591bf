using System.Text.Json.Nodes;
using GraphCommsMock.NotificationEndpoint;
using GraphCommsMock.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Communications.Calls.Item;
using Microsoft.Graph.Communications.Calls.Item.Answer;
using Microsoft.Graph.Communications.Calls.Item.Participants.Invite;
using Microsoft.Graph.Communications.Calls.Item.Participants.Item.StartHoldMusic;
using Microsoft.Graph.Communications.Calls.Item.Participants.Item.StopHoldMusic;
using Microsoft.Graph.Communications.Calls.Item.PlayPrompt;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ParticipantMuteBody = Microsoft.Graph.Communications.Calls.Item.Participants.Item.Mute.MutePostRequestBody;

namespace GraphCommsMock.GraphSdkTests;

/// <summary>
/// Item 1 and 3: a bot's flow through the Graph SDK v6's own request builders against the real
/// mock over https (MSAL token), every notification validated by the sample bots' code on a
/// Kestrel endpoint. Enum values must come out as the SDK's enums, never null.
/// </summary>
public sealed class GraphBotFlowTests : IDisposable
{
    private readonly MockSettings mock = MockSettings.Current;
    private readonly MockControlPlane control = new(MockSettings.Current);
    private readonly GraphServiceClient graph;

    public GraphBotFlowTests() => graph = Bot.Graph(mock, Bot.Msal(mock));

    public void Dispose() => control.Dispose();

    private Task<NotificationEndpointHost> StartEndpoint(string? appId = null)
        => NotificationEndpointHost.StartAsync(new NotificationEndpointOptions { OpenIdConfigurationUrl = mock.NotificationOpenIdConfiguration, AppId = appId ?? mock.AppId });

    private static InvitationParticipantInfo User(string id, string? participantId = null) => new()
    {
        Identity = new IdentitySet { User = new Identity { Id = id, DisplayName = "user " + id[..8] } },
        ParticipantId = participantId,
    };

    private static MediaPrompt Prompt(string name) => new() { MediaInfo = new MediaInfo { Uri = $"https://bot.contoso.com/{name}.wav", ResourceId = name } };

    private async Task<Call> PlaceCallAsync(NotificationEndpointHost endpoint, params string[] users)
    {
        var created = await graph.Communications.Calls.PostAsync(new Call
        {
            CallbackUri = endpoint.Url.ToString(),
            Targets = users.Select(u => User(u)).ToList(),
            RequestedModalities = [Modality.Audio],
            MediaConfig = new ServiceHostedMediaConfig(),
            TenantId = mock.TenantId,
        });
        Assert.NotNull(created?.Id);
        return created!;
    }

    private static Task<T> Until<T>(Func<Task<T?>> get, Func<T, bool> done, string what) where T : class
        => Poll.UntilAsync(async () => await get(), x => x is not null && done(x), what)!;

    [Fact]
    public async Task A_bot_flow_through_the_sdk_request_builders()
    {
        await using var endpoint = await StartEndpoint();
        var alice = Guid.NewGuid().ToString();

        // Create: 201, the call as the SDK's model, enums parsed.
        var created = await PlaceCallAsync(endpoint, alice);
        Assert.Equal(CallState.Establishing, created.State);
        Assert.Equal(CallDirection.Outgoing, created.Direction);
        Assert.Equal([Modality.Audio], created.RequestedModalities!.Select(m => m!.Value));
        Assert.IsType<ServiceHostedMediaConfig>(created.MediaConfig);
        var c = graph.Communications.Calls[created.Id];

        // Get it until established.
        var call = await Until(() => c.GetAsync(), x => x.State == CallState.Established, "call established");
        Assert.Equal(created.Id, call.Id);
        Assert.Equal(CallDirection.Outgoing, call.Direction);
        Assert.Equal(mock.TenantId, call.TenantId);

        // The roster: the target joined; every media stream's enums parsed.
        var roster = await c.Participants.GetAsync();
        Assert.Contains(roster!.Value!, p => p.Info?.Identity?.User?.Id == alice);
        Assert.All(roster.Value!.SelectMany(p => p.MediaStreams ?? []), s =>
        {
            Assert.NotNull(s.MediaType);
            Assert.NotNull(s.Direction);
        });

        // Invite Bob: "Running" in the answer (the docs' casing) is OperationStatus.Running.
        string bob = Guid.NewGuid().ToString(), bobId = Guid.NewGuid().ToString();
        var inviteBob = new InvitePostRequestBody { Participants = [User(bob, bobId)], ClientContext = "invite-bob" };
        var invite = await c.Participants.Invite.PostAsync(inviteBob);
        Assert.Equal(OperationStatus.Running, invite!.Status);
        Assert.Equal("invite-bob", invite.ClientContext);
        Assert.Equal(bobId, Assert.Single(invite.Participants!).ParticipantId);
        // ... get the operation: the derived type from @odata.type, still running.
        var operation = await c.Operations[invite.Id].GetAsync();
        Assert.IsType<InviteParticipantsOperation>(operation);
        Assert.Equal(OperationStatus.Running, operation!.Status);
        // ... inviting the same participant id again is a conflict.
        // (A new body: the SDK's backing store would send a posted one's unchanged values no more.)
        var conflict = await Assert.ThrowsAsync<ODataError>(() => c.Participants.Invite.PostAsync(new InvitePostRequestBody { Participants = [User(bob, bobId)], ClientContext = "invite-bob-again" }));
        Assert.Equal(409, conflict.ResponseStatusCode);
        Assert.Equal("Conflict", conflict.Error!.Code);
        // ... Bob answers (the mock runs with --invite-answer-ms 600000, so only now).
        await control.InviteeAnswersAsync(created.Id!, bobId);
        operation = await Until(() => c.Operations[invite.Id].GetAsync(), o => o.Status != OperationStatus.Running, "invite settled");
        Assert.Equal(OperationStatus.Completed, operation.Status);
        var bobParticipant = await c.Participants[bobId].GetAsync();
        Assert.Equal(bob, bobParticipant!.Info!.Identity!.User!.Id);
        var p = c.Participants[bobId];

        // Hold music: running, the participant on hold at once, completed later; stop: completed.
        var hold = await p.StartHoldMusic.PostAsync(new StartHoldMusicPostRequestBody { CustomPrompt = Prompt("hold"), ClientContext = "hold-bob" });
        Assert.Equal(OperationStatus.Running, hold!.Status);
        Assert.Equal("hold-bob", hold.ClientContext);
        Assert.True(await OnHoldAsync(created.Id!, bobId));
        var holdDone = await Until(() => c.Operations[hold.Id].GetAsync(), o => o.Status != OperationStatus.Running, "hold music started");
        Assert.IsType<StartHoldMusicOperation>(holdDone);
        Assert.Equal(OperationStatus.Completed, holdDone.Status);
        var unhold = await p.StopHoldMusic.PostAsync(new StopHoldMusicPostRequestBody { ClientContext = "unhold-bob" });
        Assert.Equal(OperationStatus.Completed, unhold!.Status);
        Assert.False(await OnHoldAsync(created.Id!, bobId));

        // Mute Bob.
        var mute = await p.Mute.PostAsync(new ParticipantMuteBody { ClientContext = "mute-bob" });
        Assert.IsType<MuteParticipantOperation>(mute);
        Assert.Equal(OperationStatus.Completed, mute!.Status);
        Assert.True((await p.GetAsync())!.IsMuted);

        // Delete Bob, an active participant: 204, then he is not found.
        await p.DeleteAsync();
        var goneBob = await Assert.ThrowsAsync<ODataError>(() => p.GetAsync());
        Assert.Equal(404, goneBob.ResponseStatusCode);
        Assert.Equal("itemNotFound", goneBob.Error!.Code);

        // Invite Carol and delete her while she is still invited: her invitation fails 487.
        string carolId = Guid.NewGuid().ToString();
        var inviteCarol = await c.Participants.Invite.PostAsync(new InvitePostRequestBody { Participants = [User(Guid.NewGuid().ToString(), carolId)], ClientContext = "invite-carol" });
        Assert.Equal(OperationStatus.Running, inviteCarol!.Status);
        await c.Participants[carolId].DeleteAsync();
        var cancelled = await Until(() => c.Operations[inviteCarol.Id].GetAsync(), o => o.Status != OperationStatus.Running, "cancelled invitation settled");
        Assert.Equal(OperationStatus.Failed, cancelled.Status);
        Assert.Equal(487, cancelled.ResultInfo!.Code);

        // Play a prompt: running, then completed 200.
        var play = await c.PlayPrompt.PostAsync(new PlayPromptPostRequestBody { Prompts = [Prompt("hello")], ClientContext = "play-hello" });
        Assert.IsType<PlayPromptOperation>(play);
        Assert.Equal(OperationStatus.Running, play!.Status);
        var played = await Until(() => c.Operations[play.Id].GetAsync(), o => o.Status != OperationStatus.Running, "prompt played");
        Assert.Equal(OperationStatus.Completed, played.Status);
        Assert.Equal(200, played.ResultInfo!.Code);

        // Hang up: 204; the call is terminating, then gone (404 8522, "Call not found.").
        await c.DeleteAsync();
        var gone = await Poll.UntilAsync(async () =>
        {
            try
            {
                Assert.Equal(CallState.Terminating, (await c.GetAsync())!.State);
                return null;
            }
            catch (ODataError e)
            {
                return e;
            }
        }, e => e is not null, "the call gone");
        Assert.Equal(404, gone!.ResponseStatusCode);
        Assert.Equal("8522", gone.Error!.Code);

        // Item 3: every notification of the call passed the sample bots' validation, in order.
        var notes = await Notifications.AllValidatedAsync(endpoint, control, created.Id!, mock.AppId, mock.TenantId, n => n.Call?.State == CallState.Terminated);
        var states = notes.Where(n => n.Call is not null).Select(n => (n.ChangeType, n.Call!.State)).ToList();
        Assert.Equal(new (string, CallState?)[]
        {
            ("updated", CallState.Establishing),
            ("updated", CallState.Established),
            ("updated", CallState.Established), // the media connected: mediaState.audio active
            ("updated", CallState.Terminating),
            ("deleted", CallState.Terminated),
        }, states);
        Assert.Equal(MediaState.Active, notes.Where(n => n.Call is not null).ElementAt(2).Call!.MediaState!.Audio);
        var finished = notes.Where(n => n.Operation is not null).ToDictionary(n => n.Operation!.ClientContext!, n => n.Operation!);
        Assert.Equal(OperationStatus.Completed, finished["invite-bob"].Status);
        Assert.IsType<InviteParticipantsOperation>(finished["invite-bob"]);
        Assert.Equal(OperationStatus.Completed, finished["hold-bob"].Status);
        Assert.Equal(OperationStatus.Failed, finished["invite-carol"].Status);
        Assert.Equal(487, finished["invite-carol"].ResultInfo!.Code);
        Assert.Equal(OperationStatus.Completed, finished["play-hello"].Status);
        Assert.All(notes.Where(n => n.Operation is not null), n => Assert.Equal("deleted", n.ChangeType));
    }

    private async Task<bool> OnHoldAsync(string callId, string participantId)
    {
        var exported = await control.ExportCallAsync(callId);
        var participant = exported["participants"]!.AsArray().Single(x => (string?)x!["id"] == participantId)!;
        return (bool?)participant["_mock"]?["onHold"] == true;
    }

    [Fact]
    public async Task An_incoming_call_from_the_control_plane_is_answered_by_the_bot()
    {
        await using var endpoint = await StartEndpoint();
        var callId = await control.RingBotAsync(new JsonObject
        {
            ["tenantId"] = mock.TenantId,
            ["callbackUri"] = endpoint.Url.ToString(),
            ["requestedModalities"] = new JsonArray("audio"),
            ["source"] = new JsonObject { ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["displayName"] = "Caller" } } },
            ["targets"] = new JsonArray(new JsonObject { ["identity"] = new JsonObject { ["application"] = new JsonObject { ["id"] = mock.AppId, ["displayName"] = "graph-comms-mock .NET tests" } } }),
        });

        // The bot hears of it through a "created" notification with the call, state incoming.
        var incoming = await Poll.UntilAsync(async () =>
        {
            foreach (var n in endpoint.Of(callId))
                foreach (var parsed in await Notifications.ParseAsync(n.Body))
                    if (parsed.ChangeType == "created")
                        return parsed;
            return null;
        }, x => x is not null, "the incoming call's notification");
        Assert.Equal(CallState.Incoming, incoming!.Call!.State);
        Assert.Equal(CallDirection.Incoming, incoming.Call.Direction);

        // It answers with service-hosted media through the SDK's Answer builder.
        var c = graph.Communications.Calls[callId];
        await c.Answer.PostAsync(new AnswerPostRequestBody
        {
            CallbackUri = endpoint.Url.ToString(),
            AcceptedModalities = [Modality.Audio],
            MediaConfig = new ServiceHostedMediaConfig(),
        });
        await Until(() => c.GetAsync(), x => x.State == CallState.Established, "answered call established");
        var play = await c.PlayPrompt.PostAsync(new PlayPromptPostRequestBody { Prompts = [Prompt("welcome")], ClientContext = "welcome" });
        await Until(() => c.Operations[play!.Id].GetAsync(), o => o.Status == OperationStatus.Completed, "welcome prompt played");
        await c.DeleteAsync();

        // Every notification validated, with the audience the call's application target.
        var notes = await Notifications.AllValidatedAsync(endpoint, control, callId, mock.AppId, mock.TenantId, n => n.Call?.State == CallState.Terminated);
        Assert.Equal(new[] { CallState.Incoming, CallState.Establishing, CallState.Established, CallState.Established, CallState.Terminating, CallState.Terminated },
            notes.Where(n => n.Call is not null).Select(n => n.Call!.State!.Value));
        Assert.Contains(notes, n => n.Operation?.ClientContext == "welcome" && n.Operation.Status == OperationStatus.Completed);
    }

    [Fact]
    public async Task Errors_arrive_as_ODataError_with_the_status_and_code()
    {
        static async Task<ODataError> Fails(Func<Task> action, int status, string code)
        {
            var e = await Assert.ThrowsAsync<ODataError>(action);
            Assert.Equal(status, e.ResponseStatusCode);
            Assert.Equal(code, e.Error!.Code);
            Assert.False(string.IsNullOrEmpty(e.Error.Message));
            Assert.False(string.IsNullOrEmpty(e.Error.InnerError?.RequestId));
            return e;
        }

        var unknown = graph.Communications.Calls[Guid.NewGuid().ToString()];
        var notFound = await Fails(() => unknown.GetAsync(), 404, "8522");
        Assert.Equal("Call not found.", notFound.Error!.Message);
        await Fails(() => unknown.Participants[Guid.NewGuid().ToString()].DeleteAsync(), 404, "8522");

        await using var endpoint = await StartEndpoint();
        var created = await PlaceCallAsync(endpoint, Guid.NewGuid().ToString());
        var c = graph.Communications.Calls[created.Id];
        await Fails(() => c.Participants[Guid.NewGuid().ToString()].GetAsync(), 404, "itemNotFound");
        await Fails(() => c.Operations[Guid.NewGuid().ToString()].GetAsync(), 404, "itemNotFound");
        var bad = await Fails(() => c.PlayPrompt.PostAsync(new PlayPromptPostRequestBody { Prompts = [], ClientContext = "none" }), 400, "BadRequest");
        Assert.Contains("prompts", bad.Error!.Message);

        // No token: Kiota's AllowedHostsValidator with only Graph's own host sends none to the mock.
        var withoutToken = Bot.Graph(mock, Bot.Msal(mock), allowedHosts: ["graph.microsoft.com"]);
        await Fails(() => withoutToken.Communications.Calls[created.Id].GetAsync(), 401, "InvalidAuthenticationToken");
        // A token of the mock's authority without the route's roles.
        var noRoles = Bot.Graph(mock, await control.MintTokenAsync(new { appId = mock.AppId, tenantId = mock.TenantId, roles = Array.Empty<string>() }));
        var forbidden = await Fails(() => noRoles.Communications.Calls[created.Id].GetAsync(), 403, "7504");
        Assert.Contains("Calls.Initiate.All", forbidden.Error!.Message);

        await c.DeleteAsync();
        await Notifications.AllValidatedAsync(endpoint, control, created.Id!, mock.AppId, mock.TenantId, n => n.Call?.State == CallState.Terminated);
    }

    [Fact]
    public async Task The_endpoint_answers_403_to_what_the_samples_refuse()
    {
        await using var endpoint = await StartEndpoint();
        using var http = new HttpClient();
        async Task<int> Post(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent("{\"value\":[]}", System.Text.Encoding.UTF8, "application/json") };
            if (token is not null)
                request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        Assert.Equal(403, await Post(null));
        Assert.Equal(403, await Post("not-a-jwt"));
        // An access token from the mock's token endpoint: right keys' owner, wrong issuer and audience.
        var access = await Bot.Msal(mock).AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync();
        Assert.Equal(403, await Post(access.AccessToken));
        Assert.All(endpoint.Received, n => Assert.False(n.Validation.IsValid));

        // Real notification tokens for another bot: the audience check refuses them, and the mock
        // journals the 403s as failed deliveries.
        await using var other = await StartEndpoint(appId: "3f9a1c2e-0000-4000-8000-000000000001");
        var created = await PlaceCallAsync(other, Guid.NewGuid().ToString());
        await Poll.UntilAsync(() => other.Of(created.Id!).Count > 0, "a notification for the other bot");
        var refused = other.Of(created.Id!)[0];
        Assert.Equal(403, refused.Status);
        Assert.Contains("IDX10214", refused.Validation.Failure); // audience validation failed
        var delivery = await Poll.UntilAsync(
            async () => (await control.JournalOfCallAsync(created.Id!)).FirstOrDefault(e => (string?)e["kind"] == "delivery"),
            d => d is not null, "the refused delivery in the journal");
        Assert.Equal(403, (int?)delivery!["status"]);
        Assert.Equal("failed", (string?)delivery["outcome"]);
        await graph.Communications.Calls[created.Id].DeleteAsync();
        await Poll.UntilAsync(() => other.Of(created.Id!).Any(n => n.Body.Contains("\"terminated\"")), "the refused call's last notification");
        Assert.All(other.Of(created.Id!), n => Assert.Equal(403, n.Status));
    }
}
