using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Graph.Communications.Calls.Item.Participants.Invite;
using Microsoft.Graph.Communications.Calls.Item.Participants.Item.StartHoldMusic;
using Microsoft.Graph.Communications.Calls.Item.Participants.Item.StopHoldMusic;
using Microsoft.Graph.Communications.Calls.Item.PlayPrompt;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using ParticipantMuteBody = Microsoft.Graph.Communications.Calls.Item.Participants.Item.Mute.MutePostRequestBody;
using static GraphCommsMock.ClientTests.CannedGraph;

namespace GraphCommsMock.ClientTests;

/// <summary>
/// Microsoft.Graph 6.10.0 (Kiota) against the recording stub: the URLs, methods and bodies its
/// request builders send, and how it reads answers. Evidence for the notes; runs without the mock.
/// </summary>
public sealed class GraphSdkV6RequestTests
{
    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task Call_and_participant_actions_send_plain_action_paths()
    {
        await using var g = await GraphStub.StartAsync();
        var calls = g.Client.Communications.Calls;

        var created = await calls.PostAsync(new Call
        {
            CallbackUri = "https://bot.contoso.com/callback",
            Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "8e8f1d60-6d3e-4e32-9eb5-a5e1d0f5f8a1", DisplayName = "Alice" } } }],
            RequestedModalities = [Modality.Audio],
            MediaConfig = new ServiceHostedMediaConfig(),
            TenantId = TenantId,
        });
        Assert.Equal(CallId, created!.Id);
        Assert.Equal(CallState.Establishing, created.State);

        var call = await calls[CallId].GetAsync();
        Assert.Equal(CallState.Established, call!.State);
        Assert.Equal(CallDirection.Outgoing, call.Direction);
        Assert.Equal([Modality.Audio], call.RequestedModalities!.Select(m => m!.Value));

        var invite = await calls[CallId].Participants.Invite.PostAsync(new InvitePostRequestBody
        {
            Participants = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "278405a3-f568-4b3e-b684-009193463064" } }, ParticipantId = ParticipantId }],
            ClientContext = "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
        });
        Assert.Equal(OperationStatus.Running, invite!.Status); // body says "Running"

        var operation = await calls[CallId].Operations[OperationId].GetAsync();
        Assert.IsType<PlayPromptOperation>(operation);
        Assert.Equal(OperationStatus.Completed, operation!.Status);

        var hold = await calls[CallId].Participants[ParticipantId].StartHoldMusic.PostAsync(new StartHoldMusicPostRequestBody
        {
            CustomPrompt = new MediaPrompt { MediaInfo = new MediaInfo { Uri = "https://bot.contoso.com/hold.wav", ResourceId = "hold-1" } },
            ClientContext = "d45324c1-fcb5-430a-902c-f20af696537c",
        });
        Assert.Equal(OperationStatus.Running, hold!.Status);
        var unhold = await calls[CallId].Participants[ParticipantId].StopHoldMusic.PostAsync(new StopHoldMusicPostRequestBody { ClientContext = "d45324c1-fcb5-430a-902c-f20af696537c" });
        Assert.Equal(OperationStatus.Completed, unhold!.Status);
        var mute = await calls[CallId].Participants[ParticipantId].Mute.PostAsync(new ParticipantMuteBody { ClientContext = "d45324c1-fcb5-430a-902c-f20af696537c" });
        Assert.Equal(OperationStatus.Completed, mute!.Status);
        var play = await calls[CallId].PlayPrompt.PostAsync(new PlayPromptPostRequestBody
        {
            Prompts = [new MediaPrompt { MediaInfo = new MediaInfo { Uri = "https://bot.contoso.com/hello.wav", ResourceId = "prompt-1" } }],
            ClientContext = "d45324c1-fcb5-430a-902c-f20af696537c",
        });
        Assert.Equal(OperationStatus.Running, play!.Status);
        await calls[CallId].Participants[ParticipantId].DeleteAsync();
        await calls[CallId].DeleteAsync();

        var seen = g.Stub.Requests;
        Captures.Write("graph-v6-requests", seen);
        var c = $"/v1.0/communications/calls/{CallId}";
        var p = $"{c}/participants/{ParticipantId}";
        Assert.Equal(new[]
        {
            "POST /v1.0/communications/calls",
            $"GET {c}",
            $"POST {c}/participants/invite",
            $"GET {c}/operations/{OperationId}",
            $"POST {p}/startHoldMusic",
            $"POST {p}/stopHoldMusic",
            $"POST {p}/mute",
            $"POST {c}/playPrompt",
            $"DELETE {p}",
            $"DELETE {c}",
        }, seen.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.All(seen, r => Assert.Equal("Bearer test-token", r.Header("Authorization")));
        Assert.All(seen.Where(r => r.Method == "POST"), r => Assert.StartsWith("application/json", r.Header("Content-Type")));

        var createBody = Json(seen[0].Body);
        // Kiota writes "@odata.type" only where the runtime type differs from the declared one:
        // not on the call, its targets, identities or invite participants.
        Assert.False(createBody.TryGetProperty("@odata.type", out _));
        Assert.False(createBody.GetProperty("targets")[0].TryGetProperty("@odata.type", out _));
        Assert.Equal("#microsoft.graph.serviceHostedMediaConfig", createBody.GetProperty("mediaConfig").GetProperty("@odata.type").GetString());
        Assert.Equal("audio", createBody.GetProperty("requestedModalities")[0].GetString());
        var inviteBody = Json(seen[2].Body);
        Assert.False(inviteBody.GetProperty("participants")[0].TryGetProperty("@odata.type", out _));
        Assert.Equal(ParticipantId, inviteBody.GetProperty("participants")[0].GetProperty("participantId").GetString());
        Assert.Equal("#microsoft.graph.mediaPrompt", Json(seen[7].Body).GetProperty("prompts")[0].GetProperty("@odata.type").GetString());
        Assert.Equal("#microsoft.graph.mediaPrompt", Json(seen[4].Body).GetProperty("customPrompt").GetProperty("@odata.type").GetString());
        Assert.Equal("", seen[8].Body);
    }

    [Theory]
    [InlineData("running", OperationStatus.Running)]
    [InlineData("Running", OperationStatus.Running)]
    [InlineData("RUNNING", OperationStatus.Running)]
    [InlineData("completed", OperationStatus.Completed)]
    [InlineData("notStarted", OperationStatus.NotStarted)]
    [InlineData("notstarted", OperationStatus.NotStarted)]
    public async Task Operation_status_parses_case_insensitively(string wire, OperationStatus expected)
    {
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.Json(200, OperationJson("inviteParticipantsOperation", wire)));
        var op = await g.Client.Communications.Calls[CallId].Operations[OperationId].GetAsync();
        Assert.IsType<InviteParticipantsOperation>(op);
        Assert.Equal(expected, op!.Status);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("run ning")]
    [InlineData("")]
    public async Task Unknown_operation_status_becomes_null(string wire)
    {
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.Json(200, OperationJson("commsOperation", wire)));
        var op = await g.Client.Communications.Calls[CallId].Operations[OperationId].GetAsync();
        Assert.NotNull(op);
        Assert.Null(op!.Status);
    }

    [Theory]
    [InlineData("established", "incoming", CallState.Established, CallDirection.Incoming)]
    [InlineData("Established", "Incoming", CallState.Established, CallDirection.Incoming)]
    [InlineData("ESTABLISHED", "OUTGOING", CallState.Established, CallDirection.Outgoing)]
    [InlineData("transferAccepted", "outgoing", CallState.TransferAccepted, CallDirection.Outgoing)]
    [InlineData("terminated", "outgoing", CallState.Terminated, CallDirection.Outgoing)]
    public async Task Call_state_and_direction_parse_case_insensitively(string state, string direction, CallState expectedState, CallDirection expectedDirection)
    {
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.Json(200, CallJson(state, direction)));
        var call = await g.Client.Communications.Calls[CallId].GetAsync();
        Assert.Equal(expectedState, call!.State);
        Assert.Equal(expectedDirection, call.Direction);
    }

    [Fact]
    public async Task Unknown_call_state_direction_and_modality_become_null()
    {
        var body = CallJson("bogusState", "sideways").Replace("[\"audio\"]", "[\"Audio\",\"hologram\",\"VIDEO\"]");
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.Json(200, body));
        var call = await g.Client.Communications.Calls[CallId].GetAsync();
        Assert.Null(call!.State);
        Assert.Null(call.Direction);
        // Kiota keeps a null entry for a value it cannot map (collection of nullable enums).
        Assert.Equal(new Modality?[] { Modality.Audio, null, Modality.Video }, call.RequestedModalities!.ToArray());
    }

    [Fact]
    public async Task Graph_error_body_with_404_surfaces_as_ODataError()
    {
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.GraphError(404, "itemNotFound", "Call not found"));
        var e = await Assert.ThrowsAsync<ODataError>(() => g.Client.Communications.Calls["missing"].GetAsync());
        Assert.Equal(404, e.ResponseStatusCode);
        Assert.Equal("itemNotFound", e.Error!.Code);
        Assert.Equal("Call not found", e.Error.Message);
        Assert.Equal("00000000-0000-0000-0000-000000000001", e.Error.InnerError!.RequestId);
        Assert.Equal("00000000-0000-0000-0000-000000000002", e.Error.InnerError.ClientRequestId);
        Assert.Equal("Call not found", e.Message);
        Assert.Contains(e.ResponseHeaders, h => h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)); // response headers only, no content headers
    }

    [Fact]
    public async Task Error_with_a_text_body_is_not_an_ApiException()
    {
        // Kiota picks the parse node by Content-Type: text/plain cannot hold an ODataError.
        await using var g = await GraphStub.StartAsync(_ => new TestStub.StubResponse(404, "not json", "text/plain"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => g.Client.Communications.Calls["missing"].GetAsync());
        Assert.Equal("text does not support structured data", e.Message);
    }

    [Fact]
    public async Task Error_with_no_body_is_an_ApiException_with_the_status()
    {
        await using var g = await GraphStub.StartAsync(_ => TestStub.StubResponse.Empty(404));
        var e = await Assert.ThrowsAnyAsync<Microsoft.Kiota.Abstractions.ApiException>(() => g.Client.Communications.Calls["missing"].GetAsync());
        Assert.Equal(404, e.ResponseStatusCode);
        Assert.IsNotType<ODataError>(e);
        Captures.WriteText("graph-v6-empty-404", $"{e.GetType().FullName}: {e.Message}");
    }

    [Fact]
    public async Task AllowedHostsValidator_without_the_stub_host_sends_no_token()
    {
        // BaseBearerTokenAuthenticationProvider asks the token provider, whose validator says the
        // host is not allowed: the request goes out with no Authorization header at all.
        await using var g = await GraphStub.StartAsync(null, "graph.microsoft.com");
        await g.Client.Communications.Calls[CallId].GetAsync();
        Assert.Null(g.Stub.Requests.Single().Header("Authorization"));

        await using var allowed = await GraphStub.StartAsync(null, "127.0.0.1");
        await allowed.Client.Communications.Calls[CallId].GetAsync();
        Assert.Equal("Bearer test-token", allowed.Stub.Requests.Single().Header("Authorization"));
    }
}

/// <summary>The TokenCredential path (Azure.Identity style) of GraphServiceClient, against a non-Graph host.</summary>
public sealed class GraphSdkV6TokenCredentialTests
{
    private sealed class FixedCredential : Azure.Core.TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext context, CancellationToken cancellationToken)
        {
            Scopes.AddRange(context.Scopes);
            return new Azure.Core.AccessToken("credential-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(context, cancellationToken));
    }

    [Fact]
    public async Task Default_AzureIdentity_provider_gives_no_token_to_a_non_graph_host()
    {
        await using var stub = await TestStub.StubServer.StartAsync();
        stub.Handler = r => CannedGraph.Answer(r, stub.BaseUrl);
        var credential = new FixedCredential();
        var http = GraphClientFactory.Create(finalHandler: new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => stub.Certificates.ValidateServer(c as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        });
        var client = new GraphServiceClient(http, credential, ["https://graph.microsoft.com/.default"], stub.BaseUrl + "/v1.0");
        var call = await client.Communications.Calls[CannedGraph.CallId].GetAsync();
        Assert.NotNull(call);
        var seen = stub.Requests.Single();
        Captures.WriteText("graph-v6-tokencredential",
            $"Authorization header: {seen.Header("Authorization") ?? "(none)"}\ncredential asked for: {string.Join(" ", credential.Scopes)}\n");
        // Microsoft.Graph.Core's AzureIdentityAuthenticationProvider defaults its allowed hosts to
        // the Graph hosts: 127.0.0.1 is not one of them, so the credential is never asked.
        Assert.Null(seen.Header("Authorization"));
        Assert.Empty(credential.Scopes);

        // Naming the host explicitly makes it send the token.
        var provider = new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(credential, ["127.0.0.1"], null, true, ["https://graph.microsoft.com/.default"]);
        var allowed = new GraphServiceClient(http, provider, stub.BaseUrl + "/v1.0");
        await allowed.Communications.Calls[CannedGraph.CallId].GetAsync();
        Assert.Equal("Bearer credential-token", stub.Requests.Last().Header("Authorization"));
    }
}
