using System.Diagnostics;
using System.Text.Json;
using GraphCommsMock.TestStub;

namespace GraphCommsMock.ClientTests;

/// <summary>
/// MSAL.NET 4.92.0 (and Graph SDK v6 behind it) in a child process with default HttpClients and
/// SSL_CERT_FILE naming the test CA, against the stub as token endpoint and Graph.
/// </summary>
public sealed class MsalTests
{
    private const string Tenant = "aa67bd4c-8475-432d-bd41-39f255720e0a";

    /// <summary>Token endpoint, OpenID configuration (issuer = the authority) and one Graph GET.</summary>
    private static StubResponse? IdentityProvider(StubServer stub, RecordedRequest r)
    {
        var host = "https://" + r.Header("Host");
        if (r.Method == "GET" && r.Path.EndsWith("/.well-known/openid-configuration"))
        {
            var authority = host + r.Path[..^"/.well-known/openid-configuration".Length];
            return StubResponse.Json(200, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = authority,
                ["token_endpoint"] = authority + "/oauth2/v2.0/token",
            }));
        }
        if (r.Method == "POST" && r.Path.EndsWith("/oauth2/v2.0/token"))
            return StubResponse.Json(200, """{"token_type":"Bearer","expires_in":3599,"access_token":"stub-access-token"}""");
        if (r.Method == "GET" && r.Path.StartsWith("/v1.0/communications/calls/"))
            return r.Header("Authorization") == "Bearer stub-access-token"
                ? StubResponse.Json(200, CannedGraph.CallJson("established"))
                : StubResponse.GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
        return null;
    }

    private static async Task<(JsonElement Result, string Stderr)> RunProbe(StubServer stub, string? caFile, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GraphCommsMock.ClientProbe.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment.Remove("SSL_CERT_FILE");
        start.Environment.Remove("SSL_CERT_DIR");
        if (caFile is not null)
            start.Environment["SSL_CERT_FILE"] = caFile;
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = await stdout;
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "{}";
        return (JsonDocument.Parse(line).RootElement.Clone(), await stderr);
    }

    private static async Task<StubServer> StartIdp()
    {
        var stub = await StubServer.StartAsync();
        stub.Handler = r => IdentityProvider(stub, r);
        return stub;
    }

    private static string CaFile(StubServer stub) =>
        stub.Certificates.WriteAuthorityPem(Path.Combine(Path.GetTempPath(), $"graph-comms-mock-ca-{Environment.ProcessId}.pem"));

    [Fact]
    public async Task Client_secret_with_WithAuthority_and_no_instance_discovery()
    {
        await using var stub = await StartIdp();
        var (result, stderr) = await RunProbe(stub, CaFile(stub), "--authority", $"{stub.BaseUrl}/{Tenant}", "--graph", stub.BaseUrl + "/v1.0", "--call", CannedGraph.CallId);
        Captures.Write("msal-secret-aad-authority", stub.Requests);
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString() + stderr);
        Assert.Equal("stub-access-token", result.GetProperty("accessToken").GetString());
        Assert.Equal("IdentityProvider", result.GetProperty("firstSource").GetString());
        Assert.Equal("Cache", result.GetProperty("secondSource").GetString());
        Assert.Equal("Established", result.GetProperty("callState").GetString());

        var token = stub.Requests.Single(r => r.Path.EndsWith("/token"));
        Assert.Equal("POST", token.Method);
        Assert.Equal($"/{Tenant}/oauth2/v2.0/token", token.Path);
        Assert.Equal("application/x-www-form-urlencoded", token.Header("Content-Type"));
        var form = token.Form();
        Assert.Equal("11111111-2222-3333-4444-555555555555", form["client_id"]);
        Assert.Equal("test-secret", form["client_secret"]);
        Assert.Equal("https://graph.microsoft.com/.default", form["scope"]);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("2", form["client_info"]);
        Assert.DoesNotContain(stub.Requests, r => r.Path.Contains("openid-configuration")); // AAD-type authority: no discovery document
        Assert.Equal(2, stub.Requests.Count); // one token request (the second acquisition came from the cache), one Graph GET
    }

    [Fact]
    public async Task Client_certificate_sends_a_client_assertion()
    {
        await using var stub = await StartIdp();
        var (result, stderr) = await RunProbe(stub, CaFile(stub), "--authority", $"{stub.BaseUrl}/{Tenant}", "--cert");
        Captures.Write("msal-cert-aad-authority", stub.Requests);
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString() + stderr);
        var form = stub.Requests.Single().Form();
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.False(form.ContainsKey("client_secret"));
        var parts = form["client_assertion"].Split('.');
        Assert.Equal(3, parts.Length);
        static JsonElement Decode(string s) => JsonDocument.Parse(Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + (4 - s.Length % 4) % 4, '='))).RootElement;
        var header = Decode(parts[0]);
        var payload = Decode(parts[1]);
        Captures.WriteText("msal-client-assertion", $"header: {header}\npayload: {payload}\n");
        // MSAL 4.92 signs with PS256 and names the key by x5t#S256 for this authority (RS256 + x5t
        // was seen with a non-GUID tenant segment): the mock should not check the assertion's algorithm.
        Assert.Contains(header.GetProperty("alg").GetString(), new[] { "RS256", "PS256" });
        Assert.Equal($"{stub.BaseUrl}/{Tenant}/oauth2/v2.0/token", payload.GetProperty("aud").GetString());
        Assert.Equal("11111111-2222-3333-4444-555555555555", payload.GetProperty("iss").GetString());
        Assert.Equal("11111111-2222-3333-4444-555555555555", payload.GetProperty("sub").GetString());
        foreach (var claim in new[] { "exp", "nbf", "jti" })
            Assert.True(payload.TryGetProperty(claim, out _), claim);
    }

    [Fact]
    public async Task WithTenantId_replaces_the_tenant_segment_of_the_authority()
    {
        await using var stub = await StartIdp();
        var (result, stderr) = await RunProbe(stub, CaFile(stub), "--authority", $"{stub.BaseUrl}/common", "--tenant", Tenant);
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString() + stderr);
        Assert.Equal($"/{Tenant}/oauth2/v2.0/token", stub.Requests.Single().Path);
    }

    [Fact]
    public async Task Oidc_authority_reads_the_discovery_document_first()
    {
        await using var stub = await StartIdp();
        var (result, stderr) = await RunProbe(stub, CaFile(stub), "--authority", $"{stub.LocalhostUrl}/{Tenant}", "--oidc");
        Captures.Write("msal-secret-oidc-authority", stub.Requests);
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString() + stderr);
        Assert.Equal(new[] { $"GET /{Tenant}/.well-known/openid-configuration", $"POST /{Tenant}/oauth2/v2.0/token" },
            stub.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task Oidc_authority_refuses_WithTenantId()
    {
        await using var stub = await StartIdp();
        var (result, _) = await RunProbe(stub, CaFile(stub), "--authority", $"{stub.BaseUrl}/{Tenant}", "--oidc", "--tenant", Tenant);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.StartsWith("Microsoft.Identity.Client.MsalClientException: authority_type_mismatch:", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Without_SSL_CERT_FILE_the_server_certificate_is_refused()
    {
        await using var stub = await StartIdp();
        var (result, _) = await RunProbe(stub, null, "--authority", $"{stub.BaseUrl}/{Tenant}");
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.StartsWith("System.Net.Http.HttpRequestException", result.GetProperty("error").GetString());
        Assert.Contains("PartialChain", result.GetProperty("inner").GetString());
    }

    [Fact]
    public async Task Http_authority_is_refused_before_any_request()
    {
        await using var stub = await StartIdp();
        var (result, _) = await RunProbe(stub, CaFile(stub), "--authority", $"http://127.0.0.1:{stub.Port}/{Tenant}");
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("The authority must use HTTPS scheme.", result.GetProperty("error").GetString());
        Assert.Empty(stub.Requests);
    }
}
