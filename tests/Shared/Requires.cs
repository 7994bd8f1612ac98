namespace ProcurementGroup.Testing;

/// <summary>
/// The one skipping mechanism of the test projects (Xunit.SkippableFact: mark the test [SkippableFact]).
/// A test that needs something this machine lacks is skipped with a visible reason, except under CI=true where a
/// missing browser is a failure: CI installs Chromium, so its absence there is a broken set-up, not a reason to skip.
/// </summary>
public static class Requires
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string SqlServerVariable = "PROCUREMENT_TEST_SQLSERVER";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the Chromium executable, skips the test when it is missing, or fails under CI=true.</summary>
    public static string Chromium()
    {
        var path = Environment.GetEnvironmentVariable("PROCUREMENT_CHROMIUM") ?? ChromiumPath;
        if (File.Exists(path))
        {
            return path;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"Chromium is required under CI=true but {path} does not exist (apt-get install -y chromium).");
        }

        Skip.If(true, $"Chromium not found at {path}: browser tests skipped (apt-get install -y chromium to run them).");
        return path;
    }

    /// <summary>Returns the SQL Server connection string from PROCUREMENT_TEST_SQLSERVER, or skips the test visibly.</summary>
    public static string SqlServer()
    {
        var connectionString = Environment.GetEnvironmentVariable(SqlServerVariable);
        Skip.If(string.IsNullOrWhiteSpace(connectionString), $"{SqlServerVariable} is not set: SQL Server tests skipped (the SQL Server path is checked by parsing).");
        return connectionString!;
    }
}
