namespace GraphCommsMock.Testing;

/// <summary>
/// The mock these tests run against, as run.sh started it and described it in the environment:
///   MOCK_URL          https://127.0.0.1:PORT (TLS; the process trusts the mock's CA through
///                     SSL_CERT_FILE, set before it started, as docs/clients.md tells .NET users)
///   MOCK_TENANT_ID    the tenant of the test app (and of the calls the tests place)
///   MOCK_APP_ID       the test app registered in the fixture's _mock.apps
///   MOCK_APP_SECRET   its client secret
///   MOCK_APP_CERT     PEM file of its certificate, MOCK_APP_KEY the certificate's private key
/// </summary>
public sealed record MockSettings(Uri BaseUrl, string TenantId, string AppId, string AppSecret, string CertificateFile, string KeyFile)
{
    private static readonly Lazy<MockSettings> current = new(Read);

    /// <summary>The settings, or an exception saying to run the tests through run.sh.</summary>
    public static MockSettings Current => current.Value;

    /// <summary>https://127.0.0.1:PORT/v1.0, the Graph base URL a bot is given.</summary>
    public string GraphBaseUrl => $"{BaseUrl.AbsoluteUri.TrimEnd('/')}/v1.0";

    /// <summary>The authority MSAL.NET is given: https://127.0.0.1:PORT/{tenant}.</summary>
    public string Authority => $"{BaseUrl.AbsoluteUri.TrimEnd('/')}/{TenantId}";

    /// <summary>Where a bot validating inbound notifications finds the mock's signing keys.</summary>
    public string NotificationOpenIdConfiguration => $"{BaseUrl.AbsoluteUri.TrimEnd('/')}/_mock/.well-known/openid-configuration";

    private static MockSettings Read()
    {
        static string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: these tests run against a real graph-comms-mock; start them with tests/clients/dotnet/run.sh BINARY");
        return new MockSettings(new Uri(Get("MOCK_URL")), Get("MOCK_TENANT_ID"), Get("MOCK_APP_ID"), Get("MOCK_APP_SECRET"), Get("MOCK_APP_CERT"), Get("MOCK_APP_KEY"));
    }
}
