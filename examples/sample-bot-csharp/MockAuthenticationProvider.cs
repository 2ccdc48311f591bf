using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using Microsoft.Graph.Communications.Client.Authentication;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GraphCommsMock.SampleBot;

/// <summary>
/// What Microsoft's sample bots put in their IRequestAuthenticationProvider, with the mock's URLs:
/// outbound, an app-only token from MSAL.NET for the call's tenant (authority = the mock, instance
/// discovery off); inbound, the notification's bearer token checked against the published keys
/// (issuer https://graph.microsoft.com or https://api.botframework.com, audience = this bot's app
/// id, a tenant id claim). A token that fails is refused: the SDK answers the notification 401.
/// </summary>
public sealed class MockAuthenticationProvider(Settings settings, Action<string> log) : IRequestAuthenticationProvider
{
    private const string TenantClaim = "http://schemas.microsoft.com/identity/claims/tenantid";
    private readonly ConcurrentDictionary<string, IConfidentialClientApplication> apps = new();
    private readonly ConfigurationManager<OpenIdConnectConfiguration> keys =
        new(settings.NotificationOpenIdConfiguration, new OpenIdConnectConfigurationRetriever());

    public async Task AuthenticateOutboundRequestAsync(HttpRequestMessage request, string tenant)
    {
        tenant = string.IsNullOrWhiteSpace(tenant) ? "common" : tenant;
        var app = apps.GetOrAdd(tenant, t => ConfidentialClientApplicationBuilder.Create(settings.AppId)
            .WithAuthority(settings.Authority(t))
            .WithInstanceDiscovery(false)
            .WithClientSecret(settings.AppSecret)
            .Build());
        var token = await app.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
    }

    public async Task<RequestValidationResult> ValidateInboundRequestAsync(HttpRequestMessage request)
    {
        var token = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } t } ? t : null;
        if (token is null)
        {
            log("refused a notification: no bearer token");
            return new RequestValidationResult { IsValid = false };
        }
        try
        {
            var configuration = await keys.GetConfigurationAsync();
            var parameters = new TokenValidationParameters
            {
                ValidIssuers = ["https://graph.microsoft.com", "https://api.botframework.com"],
                ValidAudience = settings.AppId,
                IssuerSigningKeys = configuration.SigningKeys,
            };
            var principal = new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
            var tenant = principal.FindFirst(TenantClaim)?.Value;
            if (string.IsNullOrEmpty(tenant))
            {
                log("refused a notification: its token has no tenant id");
                return new RequestValidationResult { IsValid = false };
            }
            return new RequestValidationResult { IsValid = true, TenantId = tenant };
        }
        // SecurityTokenException for a token that fails a check; a malformed one is an
        // ArgumentException (SecurityTokenMalformedException); keys that cannot be read, an
        // InvalidOperationException or an IOException. Each is a refusal (401), not a 500.
        catch (Exception e) when (e is SecurityTokenException or ArgumentException or InvalidOperationException or IOException)
        {
            log($"refused a notification: {e.Message}");
            return new RequestValidationResult { IsValid = false };
        }
    }
}
