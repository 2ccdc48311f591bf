using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Models;
using GraphCommsMock.TestStub;

namespace GraphCommsMock.CommsSdkTests;

public sealed class CommsSdkTests
{
    private static string Dump(CommsSdkHarness h, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "captures");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".txt");
        File.WriteAllText(path,
            "=== requests\n" + string.Join("\n----\n", h.Stub.Requests.Select(r => r.ToString())) +
            "\n=== auth provider\n" + string.Join("\n", h.Auth.Log) +
            "\n=== sdk log\n" + string.Join("\n", h.SdkLog.ToArray()));
        return path;
    }

    [Fact]
    public async Task Explore_add_call()
    {
        await using var h = await CommsSdkHarness.StartAsync((stub, r) =>
            r.Method == "POST" && r.Path == "/v1.0/communications/calls"
                ? StubResponse.Json(201, Canned.Call("establishing"), new Dictionary<string, string> { ["Location"] = $"{stub.BaseUrl}/v1.0/communications/calls/{Canned.CallId}" })
                : null);
        try
        {
            var call = await h.Client.Calls().AddAsync(new Call
            {
                Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Identity { Id = "8e8f1d60-6d3e-4e32-9eb5-a5e1d0f5f8a1" } } }],
                RequestedModalities = [Modality.Audio],
                TenantId = Canned.TenantId,
            });
            File.AppendAllText(Dump(h, "comms-add-call"), $"\n=== result: id={call.Id} state={call.Resource.State} resourcePath={call.ResourcePath}\n");
        }
        catch (Exception e)
        {
            File.AppendAllText(Dump(h, "comms-add-call"), "\n=== exception\n" + e);
            throw;
        }
    }
}
