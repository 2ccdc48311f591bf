using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GraphCommsMock.NotificationEndpoint;

public sealed class NotificationEndpointOptions
{
    /// <summary>Microsoft's: https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration; the mock's: {base}/_mock/.well-known/openid-configuration.</summary>
    public required string OpenIdConfigurationUrl { get; init; }

    /// <summary>The bot's app id: the tokens' audience.</summary>
    public required string AppId { get; init; }

    /// <summary>Serve https (a self-signed certificate for 127.0.0.1: the Communications SDK wants an https notification URL; the mock does not check callbacks' certificates).</summary>
    public bool Https { get; init; }

    /// <summary>0: any free port.</summary>
    public int Port { get; init; }

    public string Path { get; init; } = "/api/calling";

    /// <summary>
    /// Null: the endpoint answers itself, 202 for a valid token and 403 otherwise. Else every
    /// notification is handed on (the Communications SDK's ProcessNotificationAsync) and its answer
    /// is the endpoint's; the token's validation is still recorded.
    /// </summary>
    public Func<HttpRequest, string, Task<HttpResponseMessage>>? Forward { get; init; }
}

/// <summary>One notification POST as the endpoint saw it, and what it answered.</summary>
public sealed record ReceivedNotification(string Body, IReadOnlyDictionary<string, string> Headers, InboundValidation Validation, int Status, IReadOnlyDictionary<string, string>? AnswerHeaders = null);

/// <summary>A minimal ASP.NET Core endpoint on Kestrel (127.0.0.1) for the mock's notifications.</summary>
public sealed class NotificationEndpointHost : IAsyncDisposable
{
    private readonly WebApplication app;

    public ConcurrentQueue<ReceivedNotification> Received { get; } = new();
    public Uri Url { get; private set; } = null!;
    public SampleBotTokenValidation Validation { get; }

    private NotificationEndpointHost(WebApplication app, SampleBotTokenValidation validation)
    {
        this.app = app;
        Validation = validation;
    }

    public static async Task<NotificationEndpointHost> StartAsync(NotificationEndpointOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.Https)
                listen.UseHttps(SelfSignedCertificate());
        }));
        var validation = new SampleBotTokenValidation(options.OpenIdConfigurationUrl, options.AppId);
        var app = builder.Build();
        var host = new NotificationEndpointHost(app, validation);
        app.MapPost(options.Path, async (HttpContext context) =>
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var verdict = await validation.ValidateAsync(headers.GetValueOrDefault("Authorization"), context.RequestAborted);
            if (options.Forward is null)
            {
                var status = verdict.IsValid ? StatusCodes.Status202Accepted : StatusCodes.Status403Forbidden;
                host.Received.Enqueue(new ReceivedNotification(body, headers, verdict, status));
                context.Response.StatusCode = status;
                return;
            }
            using var answer = await options.Forward(request, body);
            var answerHeaders = answer.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            host.Received.Enqueue(new ReceivedNotification(body, headers, verdict, (int)answer.StatusCode, answerHeaders));
            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var header in answer.Headers)
                context.Response.Headers[header.Key] = header.Value.ToArray();
            if (answer.Content is { } content)
                await content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        host.Url = new UriBuilder(address) { Host = "127.0.0.1", Path = options.Path }.Uri;
        return host;
    }

    /// <summary>The notifications whose body names the call.</summary>
    public IReadOnlyList<ReceivedNotification> Of(string callId)
        => Received.Where(n => n.Body.Contains(callId, StringComparison.Ordinal)).ToList();

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so SslStream can use the key.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, ""), "");
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
