using System.Net;
using System.Text;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphCommsMock.GraphSdkTests;

/// <summary>
/// What the Graph SDK v6 does with answers the mock never gives (canned answers, no server): the
/// reasons behind two rules the real-mock tests rely on. Kept from the stub-based evidence tests;
/// the rest of those are now proven against the mock itself.
/// </summary>
public sealed class ClientBehaviourTests
{
    private sealed class Canned(HttpStatusCode status, string body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) });
    }

    private static GraphServiceClient Client(HttpStatusCode status, string body, string contentType = "application/json")
        => new(GraphClientFactory.Create(finalHandler: new Canned(status, body, contentType)), new AnonymousAuthenticationProvider(), "https://graph.invalid/v1.0");

    [Theory]
    [InlineData("running", OperationStatus.Running)]
    [InlineData("RUNNING", OperationStatus.Running)]
    [InlineData("bogus", null)]
    [InlineData("run ning", null)]
    public async Task An_enum_value_it_cannot_read_becomes_null_silently(string wire, OperationStatus? expected)
    {
        // Kiota reads enum values case-insensitively and turns the rest into null, without an error:
        // so the flow tests assert every enum they read is not null.
        var graph = Client(HttpStatusCode.OK, $$"""{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op","status":"{{wire}}"}""");
        var op = await graph.Communications.Calls["c"].Operations["op"].GetAsync();
        Assert.IsType<PlayPromptOperation>(op);
        Assert.Equal(expected, op!.Status);
    }

    [Fact]
    public async Task An_error_with_a_text_body_is_not_an_ODataError()
    {
        // Kiota picks the parser by Content-Type: a text/plain error cannot become an ODataError,
        // so the mock's errors are application/json always.
        var graph = Client(HttpStatusCode.NotFound, "Call not found", "text/plain");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => graph.Communications.Calls["c"].GetAsync());
        Assert.Equal("text does not support structured data", e.Message);
    }
}
