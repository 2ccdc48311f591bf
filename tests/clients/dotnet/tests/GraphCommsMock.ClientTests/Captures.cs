using GraphCommsMock.TestStub;

namespace GraphCommsMock.ClientTests;

/// <summary>Writes what a stub saw to bin/.../captures/NAME.txt, the raw evidence behind the notes.</summary>
public static class Captures
{
    public static string Write(string name, IEnumerable<RecordedRequest> requests) =>
        WriteText(name, string.Join("\n----\n", requests.Select(r => r.ToString())));

    public static string WriteText(string name, string text, bool append = false)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "captures");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".txt");
        if (append)
            File.AppendAllText(path, text);
        else
            File.WriteAllText(path, text);
        return path;
    }
}
