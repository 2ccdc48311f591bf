using System.Text.Json;
using GraphCommsMock.TestStub;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphCommsMock.ClientTests;

/// <summary>An IAccessTokenProvider that hands out a fixed token (a bot would call MSAL here).</summary>
public sealed class FixedTokenProvider(string token, params string[] allowedHosts) : IAccessTokenProvider
{
    public int Calls;
    public AllowedHostsValidator AllowedHostsValidator { get; } = new(allowedHosts);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        return Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}

/// <summary>
/// Canned Graph answers, shaped like the mock's (status, Location, bodies), so the SDK's
/// request builders and parsers can be exercised without the mock.
/// </summary>
public static class CannedGraph
{
    public const string CallId = "e141b67c-90fd-455d-858b-b48a40b9cc8d";
    public const string ParticipantId = "fa1e9582-7145-4ca3-bcd8-577f561fcb6e";
    public const string OperationId = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";
    public const string TenantId = "aa67bd4c-8475-432d-bd41-39f255720e0a";

    public static string CallJson(string state = "establishing", string direction = "outgoing") => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#communications/calls/$entity",
        ["@odata.type"] = "#microsoft.graph.call",
        ["id"] = CallId,
        ["state"] = state,
        ["direction"] = direction,
        ["callbackUri"] = "https://bot.contoso.com/callback",
        ["requestedModalities"] = new[] { "audio" },
        ["mediaConfig"] = new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
        ["tenantId"] = TenantId,
        ["myParticipantId"] = "499ff390-7a72-40e8-83a0-8fac6295ae7e",
    });

    public static string OperationJson(string type, string status) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["@odata.type"] = "#microsoft.graph." + type,
        ["id"] = OperationId,
        ["status"] = status,
        ["clientContext"] = "d45324c1-fcb5-430a-902c-f20af696537c",
    });

    public static StubResponse? Answer(RecordedRequest r, string baseUrl)
    {
        var p = r.Path;
        var calls = "/v1.0/communications/calls";
        var opLocation = new Dictionary<string, string> { ["Location"] = $"{baseUrl}{calls}/{CallId}/operations/{OperationId}" };
        if (r.Method == "POST" && p == calls)
            return StubResponse.Json(201, CallJson(), new Dictionary<string, string> { ["Location"] = $"{baseUrl}{calls}/{CallId}" });
        if (r.Method == "GET" && p == $"{calls}/{CallId}")
            return StubResponse.Json(200, CallJson("established"));
        if (r.Method == "DELETE" && (p == $"{calls}/{CallId}" || p == $"{calls}/{CallId}/participants/{ParticipantId}"))
            return StubResponse.Empty(204);
        if (r.Method == "POST" && p.EndsWith("/participants/invite"))
            return StubResponse.Json(200, OperationJson("inviteParticipantsOperation", "Running"), opLocation);
        if (r.Method == "GET" && p == $"{calls}/{CallId}/operations/{OperationId}")
            return StubResponse.Json(200, OperationJson("playPromptOperation", "completed"));
        if (r.Method == "POST" && p.EndsWith("/startHoldMusic"))
            return StubResponse.Json(202, OperationJson("startHoldMusicOperation", "running"), opLocation);
        if (r.Method == "POST" && p.EndsWith("/stopHoldMusic"))
            return StubResponse.Json(202, OperationJson("stopHoldMusicOperation", "completed"), opLocation);
        if (r.Method == "POST" && p.EndsWith("/mute"))
            return StubResponse.Json(200, OperationJson("muteParticipantOperation", "completed"), opLocation);
        if (r.Method == "POST" && p.EndsWith("/playPrompt"))
            return StubResponse.Json(200, OperationJson("playPromptOperation", "running"), opLocation);
        return null;
    }
}

/// <summary>A stub plus a GraphServiceClient pointed at https://127.0.0.1:PORT/v1.0.</summary>
public sealed class GraphStub : IAsyncDisposable
{
    public StubServer Stub { get; }
    public GraphServiceClient Client { get; }
    public FixedTokenProvider Tokens { get; }
    public string GraphBaseUrl => Stub.BaseUrl + "/v1.0";

    private GraphStub(StubServer stub, GraphServiceClient client, FixedTokenProvider tokens)
    {
        Stub = stub;
        Client = client;
        Tokens = tokens;
    }

    public static async Task<GraphStub> StartAsync(Func<RecordedRequest, StubResponse?>? handler = null, params string[] allowedHosts)
    {
        var stub = await StubServer.StartAsync();
        stub.Handler = handler ?? (r => CannedGraph.Answer(r, stub.BaseUrl));
        var tokens = new FixedTokenProvider("test-token", allowedHosts);
        // GraphClientFactory.Create keeps the SDK's middleware (retry, redirect, headers); only the
        // final handler is ours, so that this process trusts the test CA without touching the machine.
        var finalHandler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => stub.Certificates.ValidateServer(c as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        };
        var http = GraphClientFactory.Create(finalHandler: finalHandler);
        http.Timeout = TimeSpan.FromSeconds(20);
        var client = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(tokens), stub.BaseUrl + "/v1.0");
        return new GraphStub(stub, client, tokens);
    }

    public ValueTask DisposeAsync() => Stub.DisposeAsync();
}
