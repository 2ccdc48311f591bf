using System.Security.Cryptography.X509Certificates;
using GraphCommsMock.Testing;
using Microsoft.Graph;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace GraphCommsMock.GraphSdkTests;

/// <summary>A bot's outbound side, set up as "Using it from C#" in docs/clients.md says: MSAL.NET with the mock as its authority, the Graph SDK v6 with the mock as its base URL. No HttpClient of ours: the mock's CA is trusted through SSL_CERT_FILE.</summary>
public static class Bot
{
    public static readonly string[] GraphScopes = ["https://graph.microsoft.com/.default"];

    public static IConfidentialClientApplication Msal(MockSettings mock, bool certificate = false, string? secret = null)
    {
        var builder = ConfidentialClientApplicationBuilder.Create(mock.AppId)
            // An AAD-style authority on the mock; no instance discovery, which would ask login.microsoftonline.com first.
            .WithAuthority(mock.Authority)
            .WithInstanceDiscovery(false);
        builder = certificate
            ? builder.WithCertificate(X509Certificate2.CreateFromPemFile(mock.CertificateFile, mock.KeyFile))
            : builder.WithClientSecret(secret ?? mock.AppSecret);
        return builder.Build();
    }

    /// <summary>A GraphServiceClient on https://127.0.0.1:PORT/v1.0 whose tokens come from <paramref name="app"/>; <paramref name="allowedHosts"/> null = the mock's host.</summary>
    public static GraphServiceClient Graph(MockSettings mock, IConfidentialClientApplication app, string[]? allowedHosts = null)
        => new(new BaseBearerTokenAuthenticationProvider(new MsalAccessTokenProvider(app, allowedHosts ?? [mock.BaseUrl.Host])), mock.GraphBaseUrl);

    /// <summary>A GraphServiceClient that sends a fixed token.</summary>
    public static GraphServiceClient Graph(MockSettings mock, string token)
        => new(new BaseBearerTokenAuthenticationProvider(new FixedTokenProvider(token, mock.BaseUrl.Host)), mock.GraphBaseUrl);
}

/// <summary>Kiota's token hook, fed by MSAL. Kiota asks it for every request, and it answers only for the allowed hosts (the default list of Graph's own hosts would leave the mock without a token).</summary>
public sealed class MsalAccessTokenProvider(IConfidentialClientApplication app, string[] allowedHosts) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new(allowedHosts);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri))
            return string.Empty;
        var result = await app.AcquireTokenForClient(Bot.GraphScopes).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }
}

public sealed class FixedTokenProvider(string token, string host) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        => Task.FromResult(token);
}
