// A Teams calling bot on Microsoft's Communications SDK, pointed at graph-comms-mock: it answers
// every incoming call, plays a prompt, holds and unholds the caller and hangs up (CallScript).
// Settings come from the environment (Settings.cs); README.md says how to run it.
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GraphCommsMock.SampleBot;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Client;
using Microsoft.Graph.Communications.Common.Telemetry;

static void Log(string message) => Console.WriteLine($"sample-bot: {message}");

var settings = Settings.FromEnvironment();
using var trust = settings.TrustMockCa ? await MockCertificateTrust.TrustAsync(settings, Log) : null;

var logger = new GraphLogger("graph-comms-mock-sample-bot", redirectToTrace: false);
var client = new CommunicationsClientBuilder("graph-comms-mock sample bot", settings.AppId, logger)
    .SetAuthenticationProvider(new MockAuthenticationProvider(settings, Log))
    .SetServiceBaseUrl(settings.GraphBaseUrl)
    .SetNotificationUrl(settings.NotificationUrl)
    .Build();
var script = new CallScript(settings, Log);
client.Calls().OnIncoming += (sender, args) =>
{
    foreach (var call in args.AddedResources)
        _ = script.RunAsync(call);
};

// The SDK insists on an https notification URL; the mock does not check callbacks' certificates,
// so a self-signed one made at start will do.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(settings.Port, listen => listen.UseHttps(SelfSigned(settings.NotificationUrl.Host))));
var app = builder.Build();
app.MapPost(settings.NotificationUrl.AbsolutePath, async (HttpContext context) =>
{
    // The samples' controllers hand the request to the SDK as an HttpRequestMessage: it checks the
    // token (MockAuthenticationProvider), updates its calls and raises the events.
    var request = context.Request;
    using var message = new HttpRequestMessage(HttpMethod.Post, $"{request.Scheme}://{request.Host}{request.Path}")
    {
        Content = new StreamContent(request.Body),
    };
    message.Content.Headers.Clear();
    foreach (var (name, values) in request.Headers)
        if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
    using var answer = await client.ProcessNotificationAsync(message);
    context.Response.StatusCode = (int)answer.StatusCode;
});
await app.StartAsync();
Log($"listening on {settings.NotificationUrl} (Graph at {settings.GraphBaseUrl})");
// Until Ctrl+C or SIGTERM (docker stop): the host's console lifetime stops it.
await app.WaitForShutdownAsync();
client.Dispose();
Log("stopped");
return 0;

static X509Certificate2 SelfSigned(string host)
{
    using var key = RSA.Create(2048);
    var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    var names = new SubjectAlternativeNameBuilder();
    if (IPAddress.TryParse(host, out var address))
        names.AddIpAddress(address);
    else
        names.AddDnsName(host);
    request.CertificateExtensions.Add(names.Build());
    using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
    // Through PKCS#12, so that SslStream can use the key.
    return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, ""), "");
}
