using System.IdentityModel.Tokens.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GraphCommsMock.NotificationEndpoint;

/// <summary>What the validation of one notification's token found.</summary>
public sealed record InboundValidation(bool IsValid, string? TenantId, string? Failure, string? Issuer = null, string? Audience = null)
{
    public static InboundValidation Invalid(string failure) => new(false, null, failure);
}

/// <summary>
/// A notification's bearer token, validated as the published sample bots' AuthenticationProvider
/// .ValidateInboundRequestAsync does (microsoft-graph-comms-samples, Samples/Common/Sample.Common*/
/// Authentication/AuthenticationProvider.cs): the signing keys from an OpenID configuration read by
/// ConfigurationManager with the default retriever (https only, the machine's trust), issuer one of
/// https://graph.microsoft.com and https://api.botframework.com, audience the bot's app id,
/// lifetime, and a tenant id claim. Each token goes through both of the handlers bots use:
/// JwtSecurityTokenHandler (the samples: its inbound claim map turns "tid" into
/// http://schemas.microsoft.com/identity/claims/tenantid) and JsonWebTokenHandler (the
/// Communications SDK's own provider); it is valid only if both accept it.
/// </summary>
public sealed class SampleBotTokenValidation
{
    public const string TenantClaimType = "http://schemas.microsoft.com/identity/claims/tenantid";
    public static readonly string[] SampleIssuers = ["https://graph.microsoft.com", "https://api.botframework.com"];

    private readonly IConfigurationManager<OpenIdConnectConfiguration> configuration;
    private readonly string appId;
    private readonly string[] validIssuers;

    public SampleBotTokenValidation(string openIdConfigurationUrl, string appId, string[]? validIssuers = null)
    {
        // As in the samples: new ConfigurationManager<OpenIdConnectConfiguration>(authDomain, new OpenIdConnectConfigurationRetriever()).
        configuration = new ConfigurationManager<OpenIdConnectConfiguration>(openIdConfigurationUrl, new OpenIdConnectConfigurationRetriever());
        this.appId = appId;
        this.validIssuers = validIssuers ?? SampleIssuers;
    }

    /// <summary>Validates the value of an Authorization header ("Bearer ...").</summary>
    public async Task<InboundValidation> ValidateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return InboundValidation.Invalid("no bearer token");
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0)
            return InboundValidation.Invalid("empty bearer token");
        OpenIdConnectConfiguration config;
        try
        {
            config = await configuration.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return InboundValidation.Invalid($"OpenID configuration: {e.GetType().FullName}: {e.Message}");
        }
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = validIssuers,
            ValidAudience = appId,
            IssuerSigningKeys = config.SigningKeys,
        };

        string? samplesTenant;
        string? issuer;
        string? audience;
        try
        {
            var principal = new JwtSecurityTokenHandler().ValidateToken(token, parameters, out var validated);
            samplesTenant = principal.FindFirst(TenantClaimType)?.Value;
            issuer = validated.Issuer;
            audience = (validated as JwtSecurityToken)?.Audiences.FirstOrDefault();
        }
        catch (Exception e)
        {
            return InboundValidation.Invalid($"JwtSecurityTokenHandler: {e.GetType().Name}: {e.Message}");
        }
        if (string.IsNullOrEmpty(samplesTenant))
            return InboundValidation.Invalid("JwtSecurityTokenHandler: no tenant id claim");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
            return InboundValidation.Invalid($"JsonWebTokenHandler: {result.Exception?.GetType().Name}: {result.Exception?.Message}");
        var tenant = result.Claims.TryGetValue(TenantClaimType, out var longClaim) ? longClaim as string
            : result.Claims.TryGetValue("tid", out var tid) ? tid as string : null;
        if (string.IsNullOrEmpty(tenant))
            return InboundValidation.Invalid("JsonWebTokenHandler: no tenant id claim");
        if (tenant != samplesTenant)
            return InboundValidation.Invalid($"the handlers disagree on the tenant: {samplesTenant} and {tenant}");
        return new InboundValidation(true, tenant, null, issuer, audience);
    }
}
