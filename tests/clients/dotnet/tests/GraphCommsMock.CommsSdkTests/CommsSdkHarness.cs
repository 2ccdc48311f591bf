using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using GraphCommsMock.TestStub;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Client.Authentication;
using Microsoft.Graph.Communications.Common.Telemetry;

namespace GraphCommsMock.CommsSdkTests;

/// <summary>Records how the SDK calls the authentication provider; accepts every inbound request.</summary>
public sealed class RecordingAuthProvider(string tenantForInbound) : IRequestAuthenticationProvider
{
    public ConcurrentQueue<string> Log { get; } = new();

    public Task AuthenticateOutboundRequestAsync(HttpRequestMessage request, string tenant)
    {
        Log.Enqueue($"AuthenticateOutboundRequestAsync({request.Method} {request.RequestUri}, tenant={tenant ?? "(null)"})");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sdk-token");
        return Task.CompletedTask;
    }

    public Task<RequestValidationResult> ValidateInboundRequestAsync(HttpRequestMessage request)
    {
        Log.Enqueue($"ValidateInboundRequestAsync({request.Method} {request.RequestUri}, Authorization={request.Headers.Authorization})");
        var ok = request.Headers.Authorization?.Parameter == "mock-notification-token";
        return Task.FromResult(new RequestValidationResult { IsValid = ok, TenantId = ok ? tenantForInbound : null });
    }
}

public static class Canned
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string TenantId = "aa67bd4c-8475-432d-bd41-39f255720e0a";
    public const string CallId = "e141b67c-90fd-455d-858b-b48a40b9cc8d";
    public const string OperationId = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";

    public static string Call(string state) => $$"""
        {"@odata.type":"#microsoft.graph.call","id":"{{CallId}}","state":"{{state}}","direction":"outgoing",
         "callbackUri":"https://127.0.0.1:9/callback","requestedModalities":["audio"],
         "mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"},
         "tenantId":"{{TenantId}}","myParticipantId":"499ff390-7a72-40e8-83a0-8fac6295ae7e"}
        """;

    public static string Operation(string type, string status, string clientContext) => $$"""
        {"@odata.type":"#microsoft.graph.{{type}}","id":"{{OperationId}}","status":"{{status}}","clientContext":"{{clientContext}}"}
        """;

    /// <summary>A notification POST as the mock would send it to the bot's callback.</summary>
    public static HttpRequestMessage Notification(string body, string token = "mock-notification-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://127.0.0.1:9/callback")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Microsoft-Skype-Chain-ID", CallId);
        request.Headers.Add("X-Microsoft-Skype-Message-ID", Guid.NewGuid().ToString());
        return request;
    }
}

/// <summary>A stub, a CommunicationsClient pointed at it, and the records of both.</summary>
public sealed class CommsSdkHarness : IAsyncDisposable
{
    public StubServer Stub { get; }
    public ICommunicationsClient Client { get; }
    public RecordingAuthProvider Auth { get; }
    public List<string> SdkLog { get; }

    private CommsSdkHarness(StubServer stub, ICommunicationsClient client, RecordingAuthProvider auth, List<string> sdkLog)
    {
        Stub = stub;
        Client = client;
        Auth = auth;
        SdkLog = sdkLog;
    }

    public static async Task<CommsSdkHarness> StartAsync(Func<StubServer, RecordedRequest, StubResponse?> handler, bool trustingHttpClient = true)
    {
        var stub = await StubServer.StartAsync();
        stub.Handler = r => handler(stub, r);
        var logger = new GraphLogger("graph-comms-mock-tests", redirectToTrace: false);
        var sdkLog = new List<string>();
        logger.DiagnosticLevel = System.Diagnostics.TraceLevel.Verbose;
        logger.Subscribe(new LogObserver(sdkLog));
        var auth = new RecordingAuthProvider(Canned.TenantId);
        var builder = new CommunicationsClientBuilder("graph-comms-mock tests", Canned.AppId, logger);
        builder.SetAuthenticationProvider(auth);
        builder.SetServiceBaseUrl(new Uri(stub.BaseUrl + "/v1.0"));
        builder.SetNotificationUrl(new Uri("https://127.0.0.1:9/callback"));
        if (trustingHttpClient)
            builder.SetHttpClient(stub.Certificates.CreateTrustingHttpClient());
        return new CommsSdkHarness(stub, builder.Build(), auth, sdkLog);
    }

    private sealed class LogObserver(List<string> sink) : IObserver<LogEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(LogEvent value)
        {
            lock (sink)
                sink.Add($"{value.Level} {value.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Stub.DisposeAsync();
    }
}
