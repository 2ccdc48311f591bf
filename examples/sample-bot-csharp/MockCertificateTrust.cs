using System.Security.Cryptography.X509Certificates;

namespace GraphCommsMock.SampleBot;

/// <summary>
/// The mock signs its TLS certificate with a local CA made at its start. The README's way to trust
/// it is SSL_CERT_FILE, set before the process starts; inside a container the bot cannot have the
/// file before the mock runs, so it fetches the CA over plain http on the same port (the mock
/// serves both) and adds it to the user's root store, which .NET on Linux trusts beside the
/// system's. Done before the first https request, so every client (MSAL, the OpenID configuration
/// retriever, the Communications SDK) trusts the mock. The mock makes a new CA at each start, so
/// the bot takes its CA out of the store again when it stops (disposed), and at start the CAs an
/// earlier, killed run left. Linux only: on Windows adding a root asks the user, on macOS it fails.
/// </summary>
public sealed class MockCertificateTrust : IDisposable
{
    private readonly X509Certificate2 ca;

    private MockCertificateTrust(X509Certificate2 ca) => this.ca = ca;

    public static async Task<MockCertificateTrust> TrustAsync(Settings settings, Action<string> log)
    {
        var caUrl = new UriBuilder(settings.MockUrl) { Scheme = Uri.UriSchemeHttp, Path = "/_mock/ca.pem" }.Uri;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string pem;
        while (true)
        {
            try
            {
                pem = await http.GetStringAsync(caUrl);
                break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                log($"waiting for the mock's CA at {caUrl}: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        var ca = X509Certificate2.CreateFromPem(pem);
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        // A bot that was killed could not take out the CA of an earlier mock: do it now.
        foreach (var stale in store.Certificates.Find(X509FindType.FindBySubjectDistinguishedName, ca.Subject, validOnly: false))
            store.Remove(stale);
        store.Add(ca);
        log($"trusting the mock's CA {ca.Subject} (from {caUrl})");
        return new MockCertificateTrust(ca);
    }

    public void Dispose()
    {
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(ca);
        }
        ca.Dispose();
    }
}
