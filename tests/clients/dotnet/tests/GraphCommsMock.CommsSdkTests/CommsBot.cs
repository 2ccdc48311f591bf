using System.Collections.Concurrent;
using System.Net.Http.Headers;
using GraphCommsMock.NotificationEndpoint;
using GraphCommsMock.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Client.Authentication;
using Microsoft.Graph.Communications.Common.Telemetry;
using Microsoft.Identity.Client;

namespace GraphCommsMock.CommsSdkTests;

/// <summary>
/// The samples' IRequestAuthenticationProvider, pointed at the mock: outbound, an MSAL.NET token
/// from the mock's token endpoint for the call's tenant (the samples build
/// ConfidentialClientApplicationBuilder.Create(appId).WithAuthority("https://login.microsoftonline.com/{tenant}")
/// .WithClientSecret(secret); here the authority is the mock and instance discovery is off); inbound,
/// the samples' token validation against the mock's OpenID configuration.
/// </summary>
public sealed class SampleAuthenticationProvider(MockSettings mock, SampleBotTokenValidation validation) : IRequestAuthenticationProvider
{
    private readonly ConcurrentDictionary<string, IConfidentialClientApplication> apps = new();

    public ConcurrentQueue<string> Outbound { get; } = new();

    public async Task AuthenticateOutboundRequestAsync(HttpRequestMessage request, string tenant)
    {
        tenant = string.IsNullOrWhiteSpace(tenant) ? "common" : tenant;
        var app = apps.GetOrAdd(tenant, t => ConfidentialClientApplicationBuilder.Create(mock.AppId)
            .WithAuthority($"{mock.BaseUrl.AbsoluteUri.TrimEnd('/')}/{t}")
            .WithInstanceDiscovery(false)
            .WithClientSecret(mock.AppSecret)
            .Build());
        var result = await app.AcquireTokenForClient(["https://graph.microsoft.com/.default"]).ExecuteAsync();
        Outbound.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath} tenant={tenant}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", result.AccessToken);
    }

    public async Task<RequestValidationResult> ValidateInboundRequestAsync(HttpRequestMessage request)
    {
        var verdict = await validation.ValidateAsync(request.Headers.Authorization?.ToString());
        return new RequestValidationResult { IsValid = verdict.IsValid, TenantId = verdict.TenantId };
    }
}

/// <summary>A Communications SDK bot: the client, its https notification endpoint on Kestrel feeding ProcessNotificationAsync, and what its log said.</summary>
public sealed class CommsBot : IAsyncDisposable
{
    public required ICommunicationsClient Client { get; init; }
    public required NotificationEndpointHost Endpoint { get; init; }
    /// <summary>The samples' provider; null when the SDK's own authentication is used.</summary>
    public SampleAuthenticationProvider? Auth { get; init; }
    public ConcurrentQueue<string> Log { get; } = new();

    /// <param name="sdkAuthentication">
    /// false: SetAuthenticationProvider with the samples' provider (as the samples do).
    /// true: the SDK's own SetAuthentication(appId, MsalTokenProvider, GraphAuthenticationOptions),
    /// new in 1.2.0.18xxx: outbound MSAL against the mock; inbound its DefaultAuthenticationProvider,
    /// whose "OID" path validates the mock's tokens against OidAuthorityUrl.
    /// </param>
    public static async Task<CommsBot> StartAsync(MockSettings mock, bool sdkAuthentication = false)
    {
        ICommunicationsClient? client = null;
        var endpoint = await NotificationEndpointHost.StartAsync(new NotificationEndpointOptions
        {
            OpenIdConfigurationUrl = mock.NotificationOpenIdConfiguration,
            AppId = mock.AppId,
            Https = true, // SetNotificationUrl refuses http
            Forward = (request, body) => client!.ProcessNotificationAsync(ToMessage(request, body)),
        });
        var logger = new GraphLogger("graph-comms-mock-tests", redirectToTrace: false) { DiagnosticLevel = System.Diagnostics.TraceLevel.Info };
        var builder = new CommunicationsClientBuilder("graph-comms-mock .NET tests", mock.AppId, logger);
        SampleAuthenticationProvider? auth = null;
        if (sdkAuthentication)
        {
            var msal = ConfidentialClientApplicationBuilder.Create(mock.AppId)
                .WithAuthority(mock.Authority).WithInstanceDiscovery(false)
                .WithClientSecret(mock.AppSecret).Build();
            var root = mock.BaseUrl.AbsoluteUri.TrimEnd('/');
            builder.SetAuthentication(mock.AppId, new MsalTokenProvider(msal), new GraphAuthenticationOptions
            {
                EntraAuthorityUrl = $"{mock.Authority}/v2.0/.well-known/openid-configuration",
                ValidEntraIssuerPrefixes = [root + "/"],
                OidAuthorityUrl = mock.NotificationOpenIdConfiguration,
            });
        }
        else
        {
            auth = new SampleAuthenticationProvider(mock, new SampleBotTokenValidation(mock.NotificationOpenIdConfiguration, mock.AppId));
            builder.SetAuthenticationProvider(auth);
        }
        builder.SetServiceBaseUrl(new Uri(mock.GraphBaseUrl));
        builder.SetNotificationUrl(endpoint.Url);
        client = builder.Build();
        var bot = new CommsBot { Client = client, Endpoint = endpoint, Auth = auth };
        logger.Subscribe(new LogObserver(bot.Log));
        return bot;
    }

    /// <summary>The ASP.NET Core request as the HttpRequestMessage ProcessNotificationAsync takes (the samples' controllers do the same).</summary>
    private static HttpRequestMessage ToMessage(HttpRequest request, string body)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}")
        {
            Content = new StringContent(body),
        };
        message.Content.Headers.Clear();
        foreach (var (name, values) in request.Headers)
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        return message;
    }

    private sealed class LogObserver(ConcurrentQueue<string> sink) : IObserver<LogEvent>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(LogEvent value) => sink.Enqueue($"{value.Level} {value.Component} {value.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync();
        Client.Dispose();
    }
}
