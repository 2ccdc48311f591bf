using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GraphCommsMock.NotificationEndpoint;

public sealed class NotificationEndpointOptions
{
    /// <summary>The OpenID configuration the notification JWT's signing keys come from.
    /// Microsoft's: https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration; the mock's: {base}/_mock/.well-known/openid-configuration.</summary>
    public required string OpenIdConfigurationUrl { get; init; }

    /// <summary>The bot's app id: the token's audience.</summary>
    public required string AppId { get; init; }

    /// <summary>The issuers the Microsoft samples accept.</summary>
    public string[] ValidIssuers { get; init; } = ["https://graph.microsoft.com", "https://api.botframework.com"];

    /// <summary>HttpDocumentRetriever refuses http:// configuration URLs unless this is false.</summary>
    public bool RequireHttps { get; init; } = true;

    /// <summary>Null: the retriever's own HttpClient (trust from the machine, SSL_CERT_FILE/SSL_CERT_DIR on Linux).</summary>
    public HttpClient? Backchannel { get; init; }

    /// <summary>Null: plain http on 127.0.0.1. Else https with this certificate.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>0: any free port.</summary>
    public int Port { get; init; }

    public string Path { get; init; } = "/api/calling";
}

/// <summary>One notification that passed validation.</summary>
public sealed record AcceptedNotification(string TenantId, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the endpoint saw: accepted notifications and the reasons for rejections.</summary>
public sealed class NotificationLog
{
    public ConcurrentQueue<AcceptedNotification> Accepted { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();
}

/// <summary>
/// A minimal ASP.NET Core endpoint (Kestrel on 127.0.0.1) that validates the notification JWT as
/// the samples' AuthenticationProvider.ValidateInboundRequestAsync does: signing keys from an
/// OpenID configuration (ConfigurationManager + HttpDocumentRetriever), issuer in a fixed list,
/// audience = app id, lifetime, then a tenant id claim.
/// </summary>
public sealed class NotificationEndpointHost : IAsyncDisposable
{
    public const string TenantClaimType = "http://schemas.microsoft.com/identity/claims/tenantid";

    private readonly WebApplication app;

    public NotificationLog Log { get; }
    public Uri Url { get; }

    private NotificationEndpointHost(WebApplication app, NotificationLog log, Uri url)
    {
        this.app = app;
        Log = log;
        Url = url;
    }

    public static IConfigurationManager<OpenIdConnectConfiguration> CreateConfigurationManager(NotificationEndpointOptions options)
    {
        var retriever = options.Backchannel is null ? new HttpDocumentRetriever() : new HttpDocumentRetriever(options.Backchannel);
        retriever.RequireHttps = options.RequireHttps;
        return new ConfigurationManager<OpenIdConnectConfiguration>(options.OpenIdConfigurationUrl, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    /// <summary>Validates "Authorization: Bearer ..." and returns the tenant id, or null and why not.</summary>
    public static async Task<(string? TenantId, string? Failure)> ValidateAsync(string? authorization, NotificationEndpointOptions options, IConfigurationManager<OpenIdConnectConfiguration> configuration, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, "no bearer token");
        var token = authorization["Bearer ".Length..].Trim();
        OpenIdConnectConfiguration config;
        try
        {
            config = await configuration.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e)
        {
            return (null, $"OpenID configuration: {e.GetType().FullName}: {e.Message}");
        }
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = options.ValidIssuers,
            ValidAudience = options.AppId,
            IssuerSigningKeys = config.SigningKeys,
        };
        ClaimsPrincipal principal;
        try
        {
            // JwtSecurityTokenHandler, as the samples use: its default inbound claim map turns "tid"
            // into http://schemas.microsoft.com/identity/claims/tenantid.
            principal = new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
        }
        catch (Exception e)
        {
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
        var tenant = principal.FindFirst(c => c.Type.Equals(TenantClaimType, StringComparison.Ordinal))?.Value;
        return string.IsNullOrEmpty(tenant) ? (null, "no tenant id claim") : (tenant, null);
    }

    public static async Task<NotificationEndpointHost> StartAsync(NotificationEndpointOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.ServerCertificate is not null)
                listen.UseHttps(options.ServerCertificate);
        }));
        var log = new NotificationLog();
        var configuration = CreateConfigurationManager(options);
        var app = builder.Build();
        app.MapPost(options.Path, async (HttpRequest request, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(ct);
            var (tenant, failure) = await ValidateAsync(request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, options, configuration, ct);
            if (tenant is null)
            {
                log.Rejected.Enqueue(failure!);
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return Results.StatusCode(401);
            }
            log.Accepted.Enqueue(new AcceptedNotification(tenant, body, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.StatusCode(202);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var url = new UriBuilder(address) { Host = "127.0.0.1", Path = options.Path }.Uri;
        return new NotificationEndpointHost(app, log, url);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
