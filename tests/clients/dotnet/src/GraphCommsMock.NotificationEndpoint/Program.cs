using GraphCommsMock.NotificationEndpoint;

// Run by hand against the mock:
//   dotnet run -- <openid-configuration-url> <app-id> [port] [--allow-http-config]
// e.g. dotnet run -- https://127.0.0.1:8443/_mock/.well-known/openid-configuration 11111111-2222-3333-4444-555555555555 5005
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: GraphCommsMock.NotificationEndpoint <openid-configuration-url> <app-id> [port] [--allow-http-config]");
    return 2;
}
var options = new NotificationEndpointOptions
{
    OpenIdConfigurationUrl = args[0],
    AppId = args[1],
    Port = args.Length > 2 && int.TryParse(args[2], out var port) ? port : 5005,
    RequireHttps = !args.Contains("--allow-http-config"),
};
await using var host = await NotificationEndpointHost.StartAsync(options);
Console.WriteLine($"notification endpoint listening on {host.Url}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
return 0;
