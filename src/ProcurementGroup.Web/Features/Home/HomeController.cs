using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Features.Home;

[Authorize]
public sealed class HomeController(IUserMemberRepository userMembers) : Controller
{
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var model = new HomeViewModel
        {
            DisplayName = User.Identity?.Name ?? string.Empty,
            Roles = Roles.All.Where(User.IsInRole).ToList(),
        };
        if (User.IsInRole(Roles.MemberBuyer) && MemberAccess.UserId(User) is { } userId)
        {
            model.Members = await userMembers.MembersForUserAsync(userId, cancellationToken);
        }

        return View(model);
    }

    [AllowAnonymous]
    public IActionResult Error() => View("Status", new StatusViewModel(500));

    [AllowAnonymous]
    [Route("/Home/Status/{code:int}")]
    public IActionResult Status(int code) => View(new StatusViewModel(code));
}

public sealed class HomeViewModel
{
    public string DisplayName { get; init; } = string.Empty;

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<(long Id, string Name)> Members { get; set; } = [];
}

public sealed record StatusViewModel(int Code)
{
    public string Title => Code switch
    {
        400 => "Requête invalide",
        403 => "Accès refusé",
        404 => "Page introuvable",
        413 => "Fichier trop volumineux",
        _ => "Une erreur est survenue",
    };

    public string Message => Code switch
    {
        400 => "La requête n'a pas pu être traitée. Rechargez la page et réessayez.",
        403 => "Vous n'avez pas les droits nécessaires pour cette page.",
        404 => "La page demandée n'existe pas ou vous n'y avez pas accès.",
        413 => "Le fichier dépasse la taille autorisée (5 Mo).",
        _ => "L'erreur a été enregistrée. Réessayez dans quelques instants.",
    };
}
