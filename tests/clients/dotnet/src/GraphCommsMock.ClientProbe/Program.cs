using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

// A bot's outbound side with default settings: MSAL.NET for the token, Graph SDK v6 for the call.
// No HttpClient of ours anywhere: the server certificate is trusted (or not) through the
// process's environment (SSL_CERT_FILE / SSL_CERT_DIR), as a user's bot would be.
//
//   GraphCommsMock.ClientProbe --authority https://127.0.0.1:PORT/TENANT [--oidc] [--cert]
//       [--tenant TID] [--graph https://127.0.0.1:PORT/v1.0 --call CALLID]
var options = new Dictionary<string, string?>();
for (var i = 0; i < args.Length; i++)
    options[args[i]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : null;
string? Opt(string name) => options.TryGetValue(name, out var v) ? v : null;

var result = new Dictionary<string, object?>();
var exit = 0;
try
{
    var builder = ConfidentialClientApplicationBuilder.Create(Opt("--client-id") ?? "11111111-2222-3333-4444-555555555555");
    if (options.ContainsKey("--cert"))
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=graph-comms-mock test bot", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        builder = builder.WithCertificate(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1)));
    }
    else
    {
        builder = builder.WithClientSecret(Opt("--secret") ?? "test-secret");
    }
    var authority = Opt("--authority") ?? throw new ArgumentException("--authority is required");
    builder = options.ContainsKey("--oidc")
        ? builder.WithOidcAuthority(authority)
        : builder.WithAuthority(authority).WithInstanceDiscovery(false);
    var app = builder.Build();
    var scopes = new[] { "https://graph.microsoft.com/.default" };

    async Task<AuthenticationResult> Acquire()
    {
        var q = app.AcquireTokenForClient(scopes);
        if (Opt("--tenant") is { } tenant)
            q = q.WithTenantId(tenant);
        return await q.ExecuteAsync();
    }

    var first = await Acquire();
    var second = await Acquire();
    result["accessToken"] = first.AccessToken;
    result["tokenEndpoint"] = first.AuthenticationResultMetadata.TokenEndpoint;
    result["firstSource"] = first.AuthenticationResultMetadata.TokenSource.ToString();
    result["secondSource"] = second.AuthenticationResultMetadata.TokenSource.ToString();

    if (Opt("--graph") is { } graphBaseUrl)
    {
        var tokens = new MsalAccessTokenProvider(Acquire, new Uri(graphBaseUrl).Host);
        var graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(tokens), graphBaseUrl);
        var call = await graph.Communications.Calls[Opt("--call") ?? "unknown"].GetAsync();
        result["callState"] = call?.State?.ToString();
    }
    result["ok"] = true;
}
catch (Exception e)
{
    result["ok"] = false;
    result["error"] = $"{e.GetType().FullName}: {(e as MsalException)?.ErrorCode}: {e.Message}";
    result["inner"] = e.InnerException is null ? null : $"{e.InnerException.GetType().FullName}: {e.InnerException.Message}";
    exit = 1;
}
Console.WriteLine(JsonSerializer.Serialize(result));
return exit;

/// <summary>Kiota's token hook, fed by MSAL; only the hosts given get a token.</summary>
sealed class MsalAccessTokenProvider(Func<Task<AuthenticationResult>> acquire, params string[] hosts) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new(hosts);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken cancellationToken = default)
        => AllowedHostsValidator.IsUrlHostValid(uri) ? (await acquire()).AccessToken : string.Empty;
}
