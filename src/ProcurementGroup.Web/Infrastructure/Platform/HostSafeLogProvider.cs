using Hangfire.Logging;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>
/// Hangfire keeps its log provider in a static, process-wide field. When several hosts live in one process (the
/// test suite starts one per test class) and one of them stops, its logger factory is disposed while Hangfire may still
/// create loggers through it (e.g. for a job attribute first read by another host), which throws. This provider asks
/// the host's logger factory and falls back to a silent logger once that factory is gone. One host per process in
/// production: there it behaves exactly like Hangfire's own ASP.NET Core provider.
/// </summary>
internal sealed class HostSafeLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
