using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GraphCommsMock.TestStub;

/// <summary>One request as the stub saw it.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body)
{
    public string PathAndQuery => Path + Query;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>The body as form fields (application/x-www-form-urlencoded).</summary>
    public IReadOnlyDictionary<string, string> Form()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var i = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((i < 0 ? pair : pair[..i]).Replace('+', ' '));
            var value = i < 0 ? "" : Uri.UnescapeDataString(pair[(i + 1)..].Replace('+', ' '));
            result[key] = value;
        }
        return result;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(' ').Append(PathAndQuery).Append('\n');
        foreach (var (k, v) in Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            sb.Append(k).Append(": ").Append(v).Append('\n');
        if (Body.Length > 0)
            sb.Append('\n').Append(Body).Append('\n');
        return sb.ToString();
    }
}

/// <summary>What the stub answers.</summary>
public sealed record StubResponse(int Status, string? Body = null, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    public static StubResponse Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) => new(status, body, "application/json", headers);
    public static StubResponse Empty(int status, IReadOnlyDictionary<string, string>? headers = null) => new(status, null, "application/json", headers);

    public static StubResponse GraphError(int status, string code, string message) => Json(status,
        System.Text.Json.JsonSerializer.Serialize(new
        {
            error = new
            {
                code,
                message,
                innerError = new Dictionary<string, string>
                {
                    ["date"] = "2026-01-01T00:00:00",
                    ["request-id"] = "00000000-0000-0000-0000-000000000001",
                    ["client-request-id"] = "00000000-0000-0000-0000-000000000002",
                },
            },
        }));
}

/// <summary>
/// A Kestrel HTTPS server on 127.0.0.1 (random port) that records every request and answers with
/// <see cref="Handler"/>. Bounded: every request is answered by the handler or a 404.
/// </summary>
public sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public TestCertificates Certificates { get; }
    public int Port { get; }

    /// <summary>https://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl => $"{(IsHttps ? "https" : "http")}://127.0.0.1:{Port}";

    /// <summary>https://localhost:PORT (same listener; the certificate names both).</summary>
    public string LocalhostUrl => $"https://localhost:{Port}";

    public Func<RecordedRequest, StubResponse?> Handler { get; set; } = _ => null;

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public void ClearRequests() => requests.Clear();

    private StubServer(WebApplication app, TestCertificates certificates, int port)
    {
        this.app = app;
        Certificates = certificates;
        Port = port;
    }

    /// <summary>Plain http (BaseUrl then starts with http://), e.g. to show what refuses it.</summary>
    public bool IsHttps { get; private init; } = true;

    public static async Task<StubServer> StartAsync(TestCertificates? certificates = null, Func<RecordedRequest, StubResponse?>? handler = null, bool https = true)
    {
        certificates ??= TestCertificates.Shared;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (https)
                    listen.UseHttps(certificates.Server);
            }));
        var app = builder.Build();
        StubServer? self = null;
        app.Run(async context =>
        {
            var recorded = await RecordAsync(context.Request);
            self!.requests.Enqueue(recorded);
            StubResponse? response;
            try
            {
                response = self.Handler(recorded);
            }
            catch (Exception e)
            {
                response = StubResponse.Json(500, System.Text.Json.JsonSerializer.Serialize(new { stubError = e.ToString() }));
            }
            response ??= StubResponse.GraphError(404, "itemNotFound", $"The stub has no answer for {recorded.Method} {recorded.Path}");
            context.Response.StatusCode = response.Status;
            if (response.Headers is not null)
                foreach (var (k, v) in response.Headers)
                    context.Response.Headers[k] = v;
            if (response.Body is not null)
            {
                context.Response.ContentType = response.ContentType;
                await context.Response.WriteAsync(response.Body);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        self = new StubServer(app, certificates, port) { IsHttps = https };
        if (handler is not null)
            self.Handler = handler;
        return self;
    }

    private static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }
}
