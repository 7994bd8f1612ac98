using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using ProcurementGroup.Data.Accounts;

namespace ProcurementGroup.Web.Features.Users;

public sealed class UserListViewModel
{
    public string? Search { get; init; }

    public UserSort Sort { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; }

    public int Total { get; init; }

    public IReadOnlyList<UserListRow> Rows { get; init; } = [];

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The sort a column header links to: ascending first, descending when already ascending.</summary>
    public UserSort Toggle(UserSort ascending, UserSort descending) => Sort == ascending ? descending : ascending;

    public string? AriaSort(UserSort ascending, UserSort descending) =>
        Sort == ascending ? "ascending" : Sort == descending ? "descending" : null;
}

/// <summary>The invitation and edit form. Rules are checked by <see cref="UserAdministration"/> (French messages by field).</summary>
public sealed class UserFormViewModel
{
    public long? Id { get; set; }

    [Display(Name = "Adresse électronique")]
    public string? Email { get; set; }

    [Display(Name = "Nom affiché")]
    public string? DisplayName { get; set; }

    [Display(Name = "Rôles")]
    public List<string> Roles { get; set; } = [];

    [Display(Name = "Membres pour lesquels l'acheteur agit")]
    public List<long> MemberIds { get; set; } = [];

    public bool IsDisabled { get; set; }

    public bool HasPassword { get; set; }

    /// <summary>The account's ConcurrencyStamp when the page was loaded, posted back in a hidden field.</summary>
    public string? ConcurrencyStamp { get; set; }

    public IReadOnlyList<SelectListItem> MemberOptions { get; set; } = [];

    public IReadOnlyList<string> RoleOptions { get; set; } = [];

    public UserInput ToInput() => new(Email, DisplayName, Roles, MemberIds);

    public static UserFormViewModel From(UserDetails details) => new()
    {
        Id = details.User.Id,
        Email = details.User.Email,
        DisplayName = details.User.DisplayName,
        Roles = details.Roles.ToList(),
        MemberIds = details.MemberIds.ToList(),
        IsDisabled = details.User.IsDisabled,
        HasPassword = details.User.PasswordHash is not null,
        ConcurrencyStamp = details.User.ConcurrencyStamp,
    };
}

public static class RoleLabels
{
    public static string Of(string role) => role switch
    {
        Core.Accounts.Roles.Administrator => "Administrateur",
        Core.Accounts.Roles.ProcurementOfficer => "Service marchés",
        Core.Accounts.Roles.Finance => "Service financier",
        Core.Accounts.Roles.MemberBuyer => "Acheteur d'un membre",
        _ => role,
    };
}
