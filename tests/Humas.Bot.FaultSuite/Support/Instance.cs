using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.FakePlatforms.Processes;

namespace Humas.Bot.FaultSuite.Support;

/// <summary>One running service process and what /healthz says about it.</summary>
public sealed class Instance(ServiceProcess process, int port) : IDisposable
{
    // Room for a loaded 2-core machine, where a fresh process's first publish has taken over 5 s; the waits that
    // poll /healthz keep their own deadlines, so this only bounds one request.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public ServiceProcess Process { get; } = process;

    public string BaseUrl { get; } = $"http://127.0.0.1:{port}";

    public bool HasExited => Process.HasExited;

    public static HttpClient Client => Http;

    /// <summary>The cluster check of /healthz: (ready, leader, live instances); not ready while starting or down.</summary>
    public async Task<(bool Ready, bool Leader, int Live)> HealthAsync()
    {
        try
        {
            using var response = await Http.GetAsync(BaseUrl + "/healthz");
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var check in json.GetProperty("checks").EnumerateArray())
            {
                if (check.GetProperty("name").GetString() == "cluster" && check.TryGetProperty("data", out var data))
                {
                    return (response.IsSuccessStatusCode, data.GetProperty("leader").GetBoolean(), data.GetProperty("liveInstances").GetInt32());
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Starting, stopping or killed.
        }

        return (false, false, 0);
    }

    /// <summary>
    /// SIGKILL, then waits for the process to be gone. Returns the moment the signal was sent: the process runs none
    /// of its code after it, while the wait for its exit to be seen can take a while longer.
    /// </summary>
    public DateTimeOffset Kill()
    {
        Process.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        Process.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return killedAt;
    }

    public void Dispose() => Process.Dispose();
}
