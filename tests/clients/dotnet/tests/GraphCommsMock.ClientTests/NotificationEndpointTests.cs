using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphCommsMock.NotificationEndpoint;
using GraphCommsMock.TestStub;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GraphCommsMock.ClientTests;

/// <summary>
/// The bot-side endpoint validating notification JWTs the samples' way, against an OpenID
/// configuration and JWKS served by the stub (as the mock serves /_mock/.well-known/openid-configuration and /_mock/keys).
/// </summary>
public sealed class NotificationEndpointTests
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Tenant = "aa67bd4c-8475-432d-bd41-39f255720e0a";
    private static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "mock-key-1" };

    private static StubResponse? OpenIdProvider(StubServer stub, RecordedRequest r)
    {
        if (r.Path == "/_mock/.well-known/openid-configuration")
            return StubResponse.Json(200, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = "https://api.botframework.com",
                ["jwks_uri"] = stub.BaseUrl + "/_mock/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            }));
        if (r.Path == "/_mock/keys")
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(SigningKey.Rsa.ExportParameters(false)) { KeyId = SigningKey.KeyId });
            return StubResponse.Json(200, JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } }));
        }
        return null;
    }

    private static string Token(string issuer = "https://api.botframework.com", string audience = AppId, string? tenant = Tenant, DateTime? expires = null)
    {
        var claims = new Dictionary<string, object>();
        if (tenant is not null)
            claims["tid"] = tenant;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(50),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private static async Task<HttpStatusCode> Post(NotificationEndpointHost endpoint, string? token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent("""{"@odata.type":"#microsoft.graph.commsNotifications","value":[]}""", Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Microsoft-Skype-Chain-ID", "e141b67c-90fd-455d-858b-b48a40b9cc8d");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(StubServer Stub, NotificationEndpointHost Endpoint)> Start(bool https = true, bool requireHttps = true, bool trustingBackchannel = true)
    {
        var stub = await StubServer.StartAsync(https: https);
        stub.Handler = r => OpenIdProvider(stub, r);
        var endpoint = await NotificationEndpointHost.StartAsync(new NotificationEndpointOptions
        {
            OpenIdConfigurationUrl = stub.BaseUrl + "/_mock/.well-known/openid-configuration",
            AppId = AppId,
            RequireHttps = requireHttps,
            Backchannel = trustingBackchannel ? stub.Certificates.CreateTrustingHttpClient() : null,
        });
        return (stub, endpoint);
    }

    [Fact]
    public async Task Valid_token_is_accepted_and_tid_becomes_the_tenant_claim()
    {
        var (stub, endpoint) = await Start();
        await using var _ = stub;
        await using var __ = endpoint;
        Assert.Equal(HttpStatusCode.Accepted, await Post(endpoint, Token()));
        Assert.Equal(Tenant, Assert.Single(endpoint.Log.Accepted).TenantId);
        Assert.Equal(new[] { "GET /_mock/.well-known/openid-configuration", "GET /_mock/keys" }, stub.Requests.Select(r => $"{r.Method} {r.Path}"));
        // Both issuers of the samples' list pass.
        Assert.Equal(HttpStatusCode.Accepted, await Post(endpoint, Token(issuer: "https://graph.microsoft.com")));
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("wrong-issuer")]
    [InlineData("no-tenant")]
    [InlineData("expired")]
    [InlineData("no-token")]
    [InlineData("other-key")]
    public async Task Invalid_tokens_are_refused_with_401(string kind)
    {
        var (stub, endpoint) = await Start();
        await using var _ = stub;
        await using var __ = endpoint;
        var token = kind switch
        {
            "wrong-audience" => Token(audience: "22222222-0000-0000-0000-000000000000"),
            "wrong-issuer" => Token(issuer: "https://127.0.0.1/mock"),
            "no-tenant" => Token(tenant: null),
            "expired" => Token(expires: DateTime.UtcNow.AddMinutes(-6)),
            "other-key" => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "https://api.botframework.com", Audience = AppId, Claims = new Dictionary<string, object> { ["tid"] = Tenant },
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "mock-key-1" }, SecurityAlgorithms.RsaSha256),
            }),
            _ => null,
        };
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(endpoint, token));
        var reason = Assert.Single(endpoint.Log.Rejected);
        Captures.WriteText("notification-rejections", $"{kind}: {reason}\n", append: true);
    }

    [Fact]
    public async Task Http_configuration_url_is_refused_unless_RequireHttps_is_false()
    {
        var (stub, endpoint) = await Start(https: false);
        await using var _ = stub;
        await using var __ = endpoint;
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(endpoint, Token()));
        var reason = Assert.Single(endpoint.Log.Rejected);
        Captures.WriteText("notification-http-config", reason);
        Assert.Contains("IDX20108", reason); // "The address specified ... is not valid as per HTTPS scheme"
        Assert.Empty(stub.Requests);

        var (stub2, endpoint2) = await Start(https: false, requireHttps: false);
        await using var ___ = stub2;
        await using var ____ = endpoint2;
        Assert.Equal(HttpStatusCode.Accepted, await Post(endpoint2, Token()));
    }

    [Fact]
    public async Task Default_retriever_does_not_trust_the_test_CA_in_this_process()
    {
        var (stub, endpoint) = await Start(trustingBackchannel: false);
        await using var _ = stub;
        await using var __ = endpoint;
        Assert.Equal(HttpStatusCode.Unauthorized, await Post(endpoint, Token()));
        var reason = Assert.Single(endpoint.Log.Rejected);
        Captures.WriteText("notification-untrusted-config", reason);
        Assert.Contains("IDX20803", reason); // "Unable to obtain configuration from ..."
    }
}
