using GraphCommsMock.NotificationEndpoint;

// By hand, against a running mock (started with its CA trusted: SSL_CERT_FILE=ca.pem):
//   SSL_CERT_FILE=ca.pem dotnet run -- https://127.0.0.1:8080/_mock/.well-known/openid-configuration <app-id> [port] [--https]
// then give the printed URL as a call's callbackUri.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: GraphCommsMock.NotificationEndpoint <openid-configuration-url> <app-id> [port] [--https]");
    return 2;
}
await using var host = await NotificationEndpointHost.StartAsync(new NotificationEndpointOptions
{
    OpenIdConfigurationUrl = args[0],
    AppId = args[1],
    Port = args.Length > 2 && int.TryParse(args[2], out var port) ? port : 5005,
    Https = args.Contains("--https"),
});
Console.WriteLine($"notification endpoint listening on {host.Url}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
var shown = 0;
while (!done.Task.IsCompleted)
{
    await Task.WhenAny(done.Task, Task.Delay(200));
    foreach (var n in host.Received.Skip(shown))
        Console.WriteLine($"{n.Status} {(n.Validation.IsValid ? $"tenant {n.Validation.TenantId}" : n.Validation.Failure)}: {n.Body}");
    shown = host.Received.Count;
}
return 0;
