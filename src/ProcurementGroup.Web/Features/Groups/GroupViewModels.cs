using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Groups;

namespace ProcurementGroup.Web.Features.Groups;

public sealed class GroupIndexViewModel
{
    public string? Q { get; init; }

    public GroupSort Sort { get; init; }

    public bool Desc { get; init; }

    public int Page { get; init; }

    public int PageCount { get; init; }

    public int Total { get; init; }

    public IReadOnlyList<GroupListRow> Rows { get; init; } = [];
}

public sealed class GroupForm
{
    public long Id { get; set; }

    public int Version { get; set; }

    [Display(Name = "Nom")]
    public string? Name { get; set; }

    [Display(Name = "Domaine")]
    public string? Domain { get; set; }

    [Display(Name = "Date de la convention")]
    public string? ConventionDate { get; set; }

    [Display(Name = "Début")]
    public string? StartDate { get; set; }

    [Display(Name = "Fin")]
    public string? EndDate { get; set; }

    public static GroupForm From(PurchasingGroup g) => new()
    {
        Id = g.Id,
        Version = g.Version,
        Name = g.Name,
        Domain = g.Domain.ToString(),
        ConventionDate = FrenchDate.ForInput(g.ConventionDate),
        StartDate = FrenchDate.ForInput(g.StartDate),
        EndDate = FrenchDate.ForInput(g.EndDate),
    };

    public (PurchasingGroup Group, List<(string Field, string Message)> Errors) Parse()
    {
        var errors = new List<(string, string)>();
        var g = new PurchasingGroup { Id = Id, Version = Version, Name = Name ?? string.Empty };
        g.Domain = GroupLabels.TryParseDomain(Domain, out var domain) ? domain : 0;
        g.ConventionDate = OptionalDate(ConventionDate, nameof(ConventionDate), errors);
        if (FrenchDate.TryParse(StartDate, out var start))
        {
            g.StartDate = start;
        }
        else
        {
            errors.Add((nameof(StartDate), DateMessage));
        }

        g.EndDate = OptionalDate(EndDate, nameof(EndDate), errors);
        return (g, errors);
    }

    public const string DateMessage = "Saisissez une date au format jj/mm/aaaa.";

    public static DateOnly? OptionalDate(string? text, string field, List<(string Field, string Message)> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (FrenchDate.TryParse(text, out var d))
        {
            return d;
        }

        errors.Add((field, DateMessage));
        return null;
    }
}

public sealed class AdhesionForm
{
    [Display(Name = "Membre")]
    public string? MemberId { get; set; }

    [Display(Name = "Date d'adhésion")]
    public string? JoinedOn { get; set; }

    [Display(Name = "Date de sortie")]
    public string? LeftOn { get; set; }

    public (Adhesion Adhesion, List<(string Field, string Message)> Errors) Parse(long groupId)
    {
        var errors = new List<(string, string)>();
        var a = new Adhesion { PurchasingGroupId = groupId };
        if (long.TryParse(MemberId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var memberId))
        {
            a.MemberId = memberId;
        }
        else
        {
            errors.Add((nameof(MemberId), "Choisissez un membre."));
        }

        if (FrenchDate.TryParse(JoinedOn, out var joined))
        {
            a.JoinedOn = joined;
        }
        else
        {
            errors.Add((nameof(JoinedOn), GroupForm.DateMessage));
        }

        a.LeftOn = GroupForm.OptionalDate(LeftOn, nameof(LeftOn), errors);
        return (a, errors);
    }
}

public sealed class GroupDetailsViewModel
{
    public required PurchasingGroup Group { get; init; }

    public IReadOnlyList<AdhesionRow> Adhesions { get; init; } = [];

    public IReadOnlyList<Member> Members { get; init; } = [];

    public AdhesionForm NewAdhesion { get; init; } = new();
}
