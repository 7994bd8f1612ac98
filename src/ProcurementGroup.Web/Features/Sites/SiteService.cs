using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Sites;

/// <summary>A site as typed in its form.</summary>
public sealed class SiteForm
{
    public long Id { get; set; }

    public long MemberId { get; set; }

    [Display(Name = "Nom du site")]
    public string? Name { get; set; }

    [Display(Name = "Adresse")]
    public string? Address { get; set; }

    [Display(Name = "Code INSEE de la commune")]
    public string? CommuneInsee { get; set; }

    /// <summary>The Version the page was loaded with, posted back in a hidden field.</summary>
    public int Version { get; set; }

    public static SiteForm From(MemberSite s) => new() { Id = s.Id, MemberId = s.MemberId, Name = s.Name, Address = s.Address, CommuneInsee = s.CommuneInsee, Version = s.Version };

    public MemberSite ToSite() => new() { Id = Id, MemberId = MemberId, Name = Name ?? string.Empty, Address = Address, CommuneInsee = CommuneInsee, Version = Version };
}

public sealed class SitesIndexViewModel
{
    public long? MemberId { get; init; }

    public string? MemberName { get; init; }

    public IReadOnlyList<MemberSite> Sites { get; init; } = [];

    /// <summary>The members the user may choose from when none is selected.</summary>
    public IReadOnlyList<(long Id, string Name)> Members { get; init; } = [];
}

/// <summary>Audited writes to a member's sites. The caller has checked the user may act for the member.</summary>
public sealed class SiteService(IDbConnectionFactory factory, IMemberSiteRepository sites, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "MemberSite";

    public const string ConflictMessage =
        "Quelqu'un d'autre a modifié ce site depuis que vous avez ouvert la page : rien n'a été enregistré. Vos saisies sont conservées ci-dessous ; rechargez la page pour voir la nouvelle version, puis reportez vos modifications.";

    public async Task<FormResult> CreateAsync(MemberSite site, CancellationToken cancellationToken = default)
    {
        var errors = MemberSiteRules.Normalize(site);
        if (errors.Count > 0)
        {
            return FormResult.Invalid(errors);
        }

        site.CreatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        site.Id = await sites.InsertAsync(connection, tx, site);
        await audit.WriteAsync(connection, tx, EntityType, site.Id, "Created", null, site);
        await tx.CommitAsync(cancellationToken);
        return FormResult.Ok;
    }

    public async Task<FormResult> UpdateAsync(MemberSite site, CancellationToken cancellationToken = default)
    {
        var errors = MemberSiteRules.Normalize(site);
        if (errors.Count > 0)
        {
            return FormResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await sites.GetAsync(connection, tx, site.Id);
        if (before is null || before.MemberId != site.MemberId)
        {
            return FormResult.Missing;
        }

        site.IsArchived = before.IsArchived;
        site.CreatedAtUtc = before.CreatedAtUtc;
        if (await sites.UpdateAsync(connection, tx, site) == 0)
        {
            return new FormResult(FormOutcome.Conflict, [(string.Empty, ConflictMessage)]);
        }

        site.Version++;
        await audit.WriteAsync(connection, tx, EntityType, site.Id, "Updated", before, site);
        await tx.CommitAsync(cancellationToken);
        return FormResult.Ok;
    }

    /// <summary>Archives (or restores) a site: it leaves the choices of new lines but stays on the lines that name it.</summary>
    public async Task<FormResult> SetArchivedAsync(long id, bool archived, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await sites.GetAsync(connection, tx, id);
        if (before is null)
        {
            return FormResult.Missing;
        }

        await sites.SetArchivedAsync(connection, tx, id, archived);
        await audit.WriteAsync(connection, tx, EntityType, id, archived ? "Archived" : "Restored", before, new { before.Id, before.MemberId, before.Name, IsArchived = archived });
        await tx.CommitAsync(cancellationToken);
        return FormResult.Ok;
    }
}
