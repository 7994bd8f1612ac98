using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Infrastructure.Authorization;

namespace ProcurementGroup.Web.Features.Home;

[Authorize(Policy = Policies.SignedIn)]
public sealed class HomeController(IUserMemberRepository userMembers, IAllocationRunRepository runs, IAuthorizationService authorization, OpenDataChecksQuery openData) : Controller
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

        if (await authorization.AllowsAsync(User, Policies.Finance))
        {
            model.FinanceToDo = await runs.ToDoAsync(cancellationToken);
        }

        if (await authorization.AllowsAsync(User, Policies.Administrator))
        {
            model.OpenData = await openData.LoadAsync(cancellationToken);
        }

        return View(model);
    }

    // Error and status pages are re-executed with the failed request's method: a POST that failed must still get its page.
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    public IActionResult Error() => View("Status", new StatusViewModel(500));

    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [Route("/Home/Status/{code:int}")]
    public IActionResult Status([FromRoute] int code)
    {
        // Re-executed after a failed request, the response already carries the real status: trust it over binding,
        // which may not see the route value when the original request's body could not be read.
        var status = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null ? Response.StatusCode : code;
        return View(new StatusViewModel(status));
    }
}

public sealed class HomeViewModel
{
    public string DisplayName { get; init; } = string.Empty;

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<(long Id, string Name)> Members { get; set; } = [];

    /// <summary>What finance has to do (issue 9 item 10); null for a user who is not finance.</summary>
    public FinanceToDo? FinanceToDo { get; set; }

    /// <summary>The open data's problems (issue 10): the coordinator's SIRET, contracts left out or late; null for a non-administrator.</summary>
    public OpenDataChecksViewModel? OpenData { get; set; }
}

public sealed record StatusViewModel(int Code)
{
    public string Title => Code switch
    {
        400 => "Requête invalide",
        403 => "Accès refusé",
        404 => "Page introuvable",
        413 => "Fichier trop volumineux",
        429 => "Trop de tentatives",
        _ => "Une erreur est survenue",
    };

    public string Message => Code switch
    {
        400 => "La requête n'a pas pu être traitée. Rechargez la page et réessayez.",
        403 => "Vous n'avez pas les droits nécessaires pour cette page.",
        404 => "La page demandée n'existe pas ou vous n'y avez pas accès.",
        413 => "Le fichier dépasse la taille autorisée (5 Mo).",
        429 => "Trop de demandes en peu de temps depuis votre poste pour ce compte. Patientez une minute, puis réessayez.",
        _ => "L'erreur a été enregistrée. Réessayez dans quelques instants.",
    };
}
