using System.IdentityModel.Tokens.Jwt;
using GraphCommsMock.Testing;
using Microsoft.Identity.Client;

namespace GraphCommsMock.GraphSdkTests;

/// <summary>MSAL.NET 4.92 ConfidentialClientApplication with the mock as its authority, over https (CA trusted through SSL_CERT_FILE).</summary>
public sealed class MsalTests
{
    private readonly MockSettings mock = MockSettings.Current;

    private static JwtSecurityToken Read(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token);

    private void AssertAccessToken(AuthenticationResult result, string tenant)
    {
        var jwt = Read(result.AccessToken);
        Assert.Equal("https://graph.microsoft.com", Assert.Single(jwt.Audiences));
        Assert.Equal(mock.AppId, jwt.Claims.Single(c => c.Type == "appid").Value);
        Assert.Equal(tenant, jwt.Claims.Single(c => c.Type == "tid").Value);
        Assert.Contains("Calls.Initiate.All", jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal("Bearer", result.TokenType);
        Assert.True(result.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30), $"expires {result.ExpiresOn}");
    }

    [Fact]
    public async Task Client_secret_token_from_the_mock_authority_then_from_the_cache()
    {
        var app = Bot.Msal(mock);
        var first = await app.AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync();
        var second = await app.AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, first.AuthenticationResultMetadata.TokenSource);
        Assert.Equal($"{mock.Authority}/oauth2/v2.0/token", first.AuthenticationResultMetadata.TokenEndpoint);
        Assert.Equal(TokenSource.Cache, second.AuthenticationResultMetadata.TokenSource); // expires_in was read
        Assert.Equal(first.AccessToken, second.AccessToken);
        AssertAccessToken(first, mock.TenantId);
    }

    [Fact]
    public async Task Certificate_client_assertion_token_from_the_mock_authority()
    {
        // MSAL signs the assertion PS256 with x5t#S256 for a GUID tenant; the mock checks it against the
        // certificate run.sh registered in the fixture's _mock.apps.
        var result = await Bot.Msal(mock, certificate: true).AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, result.AuthenticationResultMetadata.TokenSource);
        AssertAccessToken(result, mock.TenantId);
    }

    [Fact]
    public async Task Oidc_authority_reads_the_tenants_openid_configuration()
    {
        // WithOidcAuthority: GET {authority}/.well-known/openid-configuration, whose issuer must be the authority itself.
        var app = ConfidentialClientApplicationBuilder.Create(mock.AppId)
            .WithOidcAuthority(mock.Authority)
            .WithClientSecret(mock.AppSecret)
            .Build();
        var result = await app.AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync();
        Assert.Equal($"{mock.Authority}/oauth2/v2.0/token", result.AuthenticationResultMetadata.TokenEndpoint);
        AssertAccessToken(result, mock.TenantId);
    }

    [Fact]
    public async Task WithTenantId_on_the_request_moves_the_token_endpoint_and_the_tenant()
    {
        // What the Communications SDK's MsalTokenProvider does when a call names its tenant.
        const string other = "0d2b4c6e-8f10-4a32-b546-d7e8f9a0b1c2";
        var result = await Bot.Msal(mock).AcquireTokenForClient(Bot.GraphScopes).WithTenantId(other).ExecuteAsync();
        Assert.EndsWith($"/{other}/oauth2/v2.0/token", result.AuthenticationResultMetadata.TokenEndpoint);
        AssertAccessToken(result, other);
    }

    [Fact]
    public async Task A_wrong_secret_is_an_MsalServiceException_invalid_client()
    {
        var e = await Assert.ThrowsAsync<MsalServiceException>(() => Bot.Msal(mock, secret: "not-the-secret").AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync());
        Assert.Equal("invalid_client", e.ErrorCode);
        Assert.Equal(401, e.StatusCode);
        Assert.Contains("AADSTS7000215", e.Message);
    }
}
