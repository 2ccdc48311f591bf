using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GraphCommsMock.TestStub;

/// <summary>A throw-away CA and a server certificate it issued for 127.0.0.1 and localhost.</summary>
public sealed class TestCertificates : IDisposable
{
    public X509Certificate2 Authority { get; }
    public X509Certificate2 Server { get; }

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    private static readonly Lazy<TestCertificates> shared = new(() => Create());

    /// <summary>One CA and server certificate per process (RSA key generation is the slow part).</summary>
    public static TestCertificates Shared => shared.Value;

    public static TestCertificates Create(string commonName = "graph-comms-mock test CA")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={commonName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, ""), "");
        var authority = X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert));
        ca.Dispose();
        return new TestCertificates(authority, server);
    }

    /// <summary>The CA in PEM, e.g. for SSL_CERT_FILE.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Writes the CA as PEM to <paramref name="path"/> and returns the path.</summary>
    public string WriteAuthorityPem(string path)
    {
        File.WriteAllText(path, AuthorityPem + "\n");
        return path;
    }

    /// <summary>Validates a server chain against this CA only (for an HttpClientHandler in in-process tests).</summary>
    public bool ValidateServer(X509Certificate2? certificate)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>An HttpClient that trusts only this CA (what a test harness would do, not a user).</summary>
    public HttpClient CreateTrustingHttpClient(TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => ValidateServer(cert as X509Certificate2) },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(20) };
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
