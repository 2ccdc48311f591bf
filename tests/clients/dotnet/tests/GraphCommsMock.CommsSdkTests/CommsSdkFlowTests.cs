using System.Net;
using System.Text.Json;
using GraphCommsMock.TestStub;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Models;

namespace GraphCommsMock.CommsSdkTests;

/// <summary>
/// Microsoft.Graph.Communications.Client/.Calls 1.2.0.18742 on net10.0/Linux against the
/// recording stub: what it sends, what it needs back, and how notifications drive it.
/// </summary>
public sealed class CommsSdkFlowTests
{
    private static readonly string CallPath = $"/v1.0/communications/calls/{Canned.CallId}";

    /// <summary>Answers like the mock: 201 + Location for the call, 200 + Location + running operation for playPrompt.</summary>
    private static StubResponse? Answer(StubServer stub, RecordedRequest r)
    {
        if (r.Method == "POST" && r.Path == "/v1.0/communications/calls")
            return StubResponse.Json(201, Canned.Call("establishing"), new Dictionary<string, string> { ["Location"] = $"{stub.BaseUrl}{CallPath}" });
        if (r.Method == "POST" && r.Path == $"{CallPath}/playPrompt")
        {
            var context = JsonDocument.Parse(r.Body).RootElement.GetProperty("clientContext").GetString()!;
            return StubResponse.Json(200, Canned.Operation("playPromptOperation", "running", context),
                new Dictionary<string, string> { ["Location"] = $"{stub.BaseUrl}{CallPath}/operations/{Canned.OperationId}" });
        }
        if (r.Method == "POST" && r.Path == $"{CallPath}/mute")
        {
            var context = JsonDocument.Parse(r.Body).RootElement.GetProperty("clientContext").GetString()!;
            return StubResponse.Json(200, Canned.Operation("muteParticipantOperation", "completed", context),
                new Dictionary<string, string> { ["Location"] = $"{stub.BaseUrl}{CallPath}/operations/{Canned.OperationId}" });
        }
        if (r.Method == "DELETE" && r.Path == CallPath)
            return StubResponse.Empty(204);
        return null;
    }

    /// <summary>The body the mock sends for a call state change (server/wire/src/notifications.cpp).</summary>
    private static string CallNotification(string changeType, string state) => """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification",
         "changeType":"%changeType%","resource":"/app/calls/%CallId%","resourceUrl":"/communications/calls/%CallId%",
         "resourceData":{"@odata.type":"#microsoft.graph.call","@odata.id":"/communications/calls/%CallId%","state":"%state%"}}]}
        """.Replace("%changeType%", changeType).Replace("%CallId%", Canned.CallId).Replace("%state%", state);

    /// <summary>The body the mock sends when an operation finishes.</summary>
    private static string OperationNotification(string type, string status, string clientContext) => """
        {"@odata.type":"#microsoft.graph.commsNotifications","value":[{"@odata.type":"#microsoft.graph.commsNotification",
         "changeType":"deleted","resource":"/app/calls/%CallId%/operations/%OperationId%",
         "resourceUrl":"/communications/calls/%CallId%/operations/%OperationId%",
         "resourceData":{"@odata.type":"#microsoft.graph.%type%","@odata.id":"/communications/calls/%CallId%/operations/%OperationId%",
           "@odata.etag":"W/\"1\"","id":"%OperationId%","status":"%status%","clientContext":"%clientContext%",
           "resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":200,"subcode":0,"message":"Action completed."}}}]}
        """.Replace("%CallId%", Canned.CallId).Replace("%OperationId%", Canned.OperationId).Replace("%type%", type).Replace("%status%", status).Replace("%clientContext%", clientContext);

    private static async Task<T> Bounded<T>(Task<T> task, int seconds = 10)
    {
        var done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(done == task, $"timed out after {seconds} s");
        return await task;
    }

    private static async Task<RecordedRequest> WaitForRequest(StubServer stub, string method, string path, int seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var hit = stub.Requests.FirstOrDefault(r => r.Method == method && r.Path == path);
            if (hit is not null)
                return hit;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no {method} {path} within {seconds} s");
    }

    private static void Dump(CommsSdkHarness h, string name, string extra = "")
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "captures");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".txt"),
            "=== requests\n" + string.Join("\n----\n", h.Stub.Requests.Select(r => r.ToString())) +
            "\n=== auth provider\n" + string.Join("\n", h.Auth.Log) + "\n" + extra +
            "\n=== sdk log (warnings and errors)\n" + string.Join("\n", h.SdkLog.ToArray().Where(l => l.StartsWith("Warning") || l.StartsWith("Error"))));
    }

    [Fact]
    public async Task Add_call_sends_pascal_case_enums_and_odata_types_everywhere()
    {
        await using var h = await CommsSdkHarness.StartAsync(Answer);
        var call = await Bounded(h.Client.Calls().AddAsync(new Call
        {
            Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "8e8f1d60-6d3e-4e32-9eb5-a5e1d0f5f8a1" } } }],
            RequestedModalities = [Modality.Audio],
            TenantId = Canned.TenantId,
        }));
        Dump(h, "comms-add-call");
        Assert.Equal(Canned.CallId, call.Id);
        Assert.Equal(CallState.Establishing, call.Resource.State);

        var post = h.Stub.Requests.Single();
        Assert.Equal("POST", post.Method);
        Assert.Equal("/v1.0/communications/calls", post.Path);
        Assert.Equal("Bearer sdk-token", post.Header("Authorization"));
        Assert.NotNull(post.Header("Scenario-Id"));
        Assert.NotNull(post.Header("Client-Request-Id"));
        Assert.StartsWith("GraphCommunicationsClient-", post.Header("User-Agent"));
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("#microsoft.graph.call", body.GetProperty("@odata.type").GetString());
        Assert.Equal("Outgoing", body.GetProperty("direction").GetString());          // PascalCase
        Assert.Equal("Audio", body.GetProperty("requestedModalities")[0].GetString()); // PascalCase
        Assert.Equal("https://127.0.0.1:9/callback", body.GetProperty("callbackUri").GetString());
        Assert.Equal("#microsoft.graph.serviceHostedMediaConfig", body.GetProperty("mediaConfig").GetProperty("@odata.type").GetString());
        Assert.Equal(Canned.AppId, body.GetProperty("source").GetProperty("identity").GetProperty("application").GetProperty("id").GetString());
        Assert.Equal("#microsoft.graph.invitationParticipantInfo", body.GetProperty("targets")[0].GetProperty("@odata.type").GetString());
        Assert.Equal($"AuthenticateOutboundRequestAsync(POST {h.Stub.BaseUrl}/v1.0/communications/calls, tenant={Canned.TenantId})", h.Auth.Log.Single());
    }

    [Fact]
    public async Task Notifications_update_the_call_and_complete_playPrompt()
    {
        await using var h = await CommsSdkHarness.StartAsync(Answer);
        var call = await Bounded(h.Client.Calls().AddAsync(new Call
        {
            Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "8e8f1d60-6d3e-4e32-9eb5-a5e1d0f5f8a1" } } }],
            RequestedModalities = [Modality.Audio],
            TenantId = Canned.TenantId,
        }));

        // 1. A notification with a token the provider rejects: 401 + WWW-Authenticate, state unchanged.
        var rejected = await h.Client.ProcessNotificationAsync(Canned.Notification(CallNotification("updated", "established"), token: "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", string.Join(",", rejected.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal(CallState.Establishing, call.Resource.State);

        // 2. The mock's "call established" notification: 202, and the stateful call follows.
        var updated = new TaskCompletionSource<CallState?>();
        call.OnUpdated += (sender, args) => updated.TrySetResult(args.NewResource.State);
        var accepted = await h.Client.ProcessNotificationAsync(Canned.Notification(CallNotification("updated", "established")));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(CallState.Established, await Bounded(updated.Task));
        Assert.Equal(CallState.Established, call.Resource.State);

        // 3. playPrompt: the SDK posts, gets a running operation, and waits for the operation
        //    notification whose clientContext matches what it sent.
        var play = call.PlayPromptAsync([new MediaPrompt { MediaInfo = new MediaInfo { Uri = "https://bot.contoso.com/hello.wav", ResourceId = "prompt-1" } }]);
        var posted = await WaitForRequest(h.Stub, "POST", $"{CallPath}/playPrompt");
        var clientContext = JsonDocument.Parse(posted.Body).RootElement.GetProperty("clientContext").GetString()!;
        await Task.Delay(300);
        Assert.False(play.IsCompleted, "playPrompt should wait for the operation notification");
        var done = await h.Client.ProcessNotificationAsync(Canned.Notification(OperationNotification("playPromptOperation", "completed", clientContext)));
        Assert.Equal(HttpStatusCode.Accepted, done.StatusCode);
        var result = await Bounded(play);
        Assert.Equal(200, result.ResultInfo?.Code);

        // 4. Call-level mute: the answer is already "completed", so no notification is needed.
        await Bounded(call.MuteAsync().ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }));

        // 5. Delete, then the mock's "terminated" notification (changeType deleted) removes the call.
        await Bounded(call.DeleteAsync().ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }));
        var gone = await h.Client.ProcessNotificationAsync(Canned.Notification(CallNotification("deleted", "terminated")));
        Assert.Equal(HttpStatusCode.Accepted, gone.StatusCode);
        Dump(h, "comms-flow", $"=== playPrompt result: resultInfo={result.ResultInfo?.Code}/{result.ResultInfo?.Subcode}\n=== calls left: {h.Client.Calls().Count}");
        Assert.Empty(h.Client.Calls());

        var seen = h.Stub.Requests.Select(r => $"{r.Method} {r.Path}").ToArray();
        Assert.Equal(new[]
        {
            "POST /v1.0/communications/calls",
            $"POST {CallPath}/playPrompt",
            $"POST {CallPath}/mute",
            $"DELETE {CallPath}",
        }, seen);
        var playBody = JsonDocument.Parse(posted.Body).RootElement;
        Assert.Equal("#microsoft.graph.mediaPrompt", playBody.GetProperty("prompts")[0].GetProperty("@odata.type").GetString());
    }

    [Fact]
    public async Task Without_a_trusting_HttpClient_the_default_one_refuses_the_test_CA()
    {
        // No SetHttpClient: the SDK's own HttpClient uses the machine's trust, which lacks our CA
        // (this test process has no SSL_CERT_FILE).
        await using var h = await CommsSdkHarness.StartAsync(Answer, trustingHttpClient: false);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => h.Client.Calls().AddAsync(new Call
        {
            Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "8e8f1d60-6d3e-4e32-9eb5-a5e1d0f5f8a1" } } }],
            RequestedModalities = [Modality.Audio],
            TenantId = Canned.TenantId,
        }));
        var dir = Path.Combine(AppContext.BaseDirectory, "captures");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "comms-untrusted.txt"), e.ToString());
        Assert.Empty(h.Stub.Requests);
    }
}
