using ProcurementGroup.Web.Infrastructure;

namespace ProcurementGroup.Web;

public partial class Program
{
    /// <summary>
    /// Runs the web application, or one maintenance command given after <c>--</c>:
    /// <c>migrate</c>, <c>seed-demo</c>, <c>create-admin --email X</c>, <c>backup --out FILE</c>.
    /// </summary>
    public static Task<int> Main(string[] args) => AppHost.RunAsync(args);
}
