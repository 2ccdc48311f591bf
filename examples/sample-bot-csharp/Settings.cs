namespace GraphCommsMock.SampleBot;

/// <summary>The bot's settings, from the environment (the same names as the Node sample's where they mean the same).</summary>
public sealed record Settings(int Port, Uri MockUrl, string AppId, string AppSecret, Uri NotificationUrl, bool TrustMockCa)
{
    public static Settings FromEnvironment()
    {
        static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var port = int.Parse(Get("PORT") ?? "3978");
        var mock = new Uri(Get("MOCK_URL") ?? "https://localhost:8080");
        if (mock.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"MOCK_URL must be https (the Communications SDK refuses http): {mock}");
        return new Settings(
            port,
            mock,
            Get("BOT_APP_ID") ?? throw new InvalidOperationException("BOT_APP_ID is not set: the bot's application id, the audience of its notification tokens"),
            Get("BOT_APP_SECRET") ?? "graph-comms-mock-secret",
            new Uri(Get("NOTIFICATION_URL") ?? $"https://localhost:{port}/api/calls"),
            Get("TRUST_MOCK_CA") is not { } trust || !(trust == "0" || (bool.TryParse(trust, out var yes) && !yes)));
    }

    public string Root => MockUrl.AbsoluteUri.TrimEnd('/');

    /// <summary>The Graph base URL: Microsoft's is https://graph.microsoft.com/v1.0.</summary>
    public Uri GraphBaseUrl => new($"{Root}/v1.0");

    /// <summary>MSAL's authority for a tenant: Microsoft's is https://login.microsoftonline.com/{tenant}.</summary>
    public string Authority(string tenant) => $"{Root}/{tenant}";

    /// <summary>Where inbound tokens' keys are published: Microsoft's is https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration.</summary>
    public string NotificationOpenIdConfiguration => $"{Root}/_mock/.well-known/openid-configuration";
}
