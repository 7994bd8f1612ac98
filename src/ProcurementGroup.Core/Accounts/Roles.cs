namespace ProcurementGroup.Core.Accounts;

/// <summary>The four roles; a user may hold several (in a small syndicat the officer also does finance).</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string ProcurementOfficer = "ProcurementOfficer";
    public const string Finance = "Finance";
    public const string MemberBuyer = "MemberBuyer";

    public static readonly IReadOnlyList<string> All = [Administrator, ProcurementOfficer, Finance, MemberBuyer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>An account. Identity works on this class through our Dapper stores.</summary>
public sealed class AppUser
{
    public long Id { get; set; }

    public string Email { get; set; } = string.Empty;

    public string NormalizedEmail { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public bool EmailConfirmed { get; set; }

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset? LockoutEnd { get; set; }

    public bool LockoutEnabled { get; set; } = true;

    public int AccessFailedCount { get; set; }

    /// <summary>Signing in asks for a code from an authenticator app (TOTP) after the password.</summary>
    public bool TwoFactorEnabled { get; set; }

    /// <summary>The authenticator app's shared key (base32), as Identity generates it.</summary>
    public string? AuthenticatorKey { get; set; }

    /// <summary>A disabled account cannot log in; its history stays.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
