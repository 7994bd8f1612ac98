using System.Globalization;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;
using ProcurementGroup.Web.Infrastructure.Uploads;
using static ProcurementGroup.Web.Features.Members.MemberSpreadsheet;
using Member = ProcurementGroup.Core.Members.Member;

namespace ProcurementGroup.Web.Features.Members;

/// <summary>What an import did; <see cref="Unchanged"/> counts the lines identical to the stored member (nothing written).</summary>
public sealed record ImportOutcome(string? FileError, IReadOnlyList<string> Report, int Created, int Updated, bool Saved, int Unchanged = 0)
{
    public static ImportOutcome Refused(string message) => new(message, [], 0, 0, false);
}

/// <summary>
/// The import of a members file. It matches members by SIREN, or by exact name where the SIREN is empty, against one read
/// of the existing members; checks every line first and saves all of them in one transaction, or nothing.
/// </summary>
public sealed class MemberSpreadsheetImport(IDbConnectionFactory factory, IMemberRepository members, IAuditTrail audit, TimeProvider clock)
{
    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        [nameof(Member.Name)] = Name,
        [nameof(Member.Kind)] = Kind,
        [nameof(Member.Siren)] = SirenColumn,
        [nameof(Member.BillingSiret)] = BillingSiret,
        [nameof(Member.ChorusServiceCode)] = Chorus,
        [nameof(Member.AddressLine1)] = Address1,
        [nameof(Member.AddressLine2)] = Address2,
        [nameof(Member.PostalCode)] = PostalCode,
        [nameof(Member.City)] = City,
        [nameof(Member.BillingEmail)] = Email,
    };

    private sealed record PlannedLine(int LineNumber, Member Member, Member? Before, MemberAllocationBase? Base);

    public async Task<ImportOutcome> ImportAsync(IFormFile? file, CancellationToken cancellationToken = default)
    {
        var read = await MemberSpreadsheetReader.ReadAsync(file, cancellationToken);
        return read.Rows is { } rows ? await ImportRowsAsync(rows, cancellationToken) : ImportOutcome.Refused(read.Error!);
    }

    /// <summary>Checks every line, reports every problem with its line and column, and saves only when all are valid.</summary>
    public async Task<ImportOutcome> ImportRowsAsync(IReadOnlyList<SheetRow> sheet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var rows = sheet.Select(r => r.Texts()).ToList();
        if (rows.Count == 0)
        {
            return ImportOutcome.Refused(EmptyMessage);
        }

        if (rows.Count > MaxLines + 1)
        {
            return ImportOutcome.Refused($"Le fichier dépasse {MaxLines} lignes : découpez-le en plusieurs fichiers.");
        }

        var columns = new Dictionary<string, int>();
        var header = rows[0];
        for (var i = 0; i < header.Length; i++)
        {
            var folded = SearchText.Fold(header[i]?.Trim());
            var known = Headers.FirstOrDefault(h => SearchText.Fold(h) == folded);
            if (known is not null && !columns.ContainsKey(known))
            {
                columns[known] = i;
            }
        }

        var missing = new[] { Name, Kind }.Where(h => !columns.ContainsKey(h)).ToList();
        if (missing.Count > 0)
        {
            return ImportOutcome.Refused(
                $"Ligne {sheet[0].Number} : la ligne d'en-tête doit contenir les colonnes {string.Join(", ", missing.Select(m => "« " + m + " »"))} (colonnes attendues : {string.Join(" ; ", Headers)}).");
        }

        var report = new List<string>();
        var planned = new List<PlannedLine>();
        var seenSirens = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;

        // One read of the existing members for the whole file, in the transaction of the writes; matched in memory below.
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var existingBySiren = new Dictionary<string, Member>(StringComparer.Ordinal);
        var existingByName = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var stored in (await members.ListAllAsync(connection, tx)).OrderBy(m => m.Id))
        {
            if (stored.Siren is not null)
            {
                existingBySiren.TryAdd(stored.Siren, stored);
            }

            // The first of several members with the same name, as before (by id).
            existingByName.TryAdd(stored.Name, stored);
        }

        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var line = sheet[r].Number;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Length ? row[i]?.Trim() : null;
            void Error(string column, string message) => report.Add($"Ligne {line}, colonne {column} : {message}");
            var errorsBefore = report.Count;

            var name = Cell(Name) ?? string.Empty;
            var siren = FormText.Clean(Cell(SirenColumn)) is { } s ? Siren.Compact(s) : null;

            Member? existing = null;
            if (siren is not null)
            {
                if (seenSirens.TryGetValue(siren, out var other))
                {
                    Error(SirenColumn, $"ce SIREN figure déjà à la ligne {other}.");
                }

                seenSirens.TryAdd(siren, line);
                existing = existingBySiren.GetValueOrDefault(siren);
            }
            else if (name.Length > 0)
            {
                if (seenNames.TryGetValue(name, out var other))
                {
                    Error(Name, $"ce nom figure déjà à la ligne {other} sans SIREN.");
                }

                seenNames.TryAdd(name, line);
                existing = existingByName.GetValueOrDefault(name);
            }

            var member = existing is null ? new Member { CreatedAtUtc = now } : existing.Copy();
            member.UpdatedAtUtc = now;
            member.Name = name;
            if (!MemberLabels.TryParseKind(Cell(Kind), out var kind))
            {
                Error(Kind, $"type inconnu « {Cell(Kind)} » (valeurs possibles : {string.Join(", ", MemberLabels.Kinds.Values)}).");
            }

            member.Kind = kind;
            if (siren is not null)
            {
                member.Siren = siren;
            }

            // A column absent from the file leaves the field as it is.
            void Set(string column, Action<string?> setter)
            {
                if (columns.ContainsKey(column))
                {
                    setter(Cell(column));
                }
            }

            Set(BillingSiret, v => member.BillingSiret = v);
            Set(Chorus, v => member.ChorusServiceCode = v);
            Set(Address1, v => member.AddressLine1 = v);
            Set(Address2, v => member.AddressLine2 = v);
            Set(PostalCode, v => member.PostalCode = v);
            Set(City, v => member.City = v);
            Set(Email, v => member.BillingEmail = v);
            MemberService.Normalize(member);
            foreach (var (field, message) in MemberValidator.Validate(member))
            {
                if (field != nameof(Member.Kind))
                {
                    Error(FieldColumns.GetValueOrDefault(field, field), LowerFirst(message));
                }
            }

            var allocationBase = ParseBase(Cell, Error, columns);
            if (report.Count == errorsBefore)
            {
                planned.Add(new PlannedLine(line, member, existing, allocationBase));
            }
        }

        if (report.Count > 0)
        {
            report.Insert(0, "Aucune modification n'a été enregistrée : corrigez les lignes suivantes puis importez à nouveau le fichier.");
            return new ImportOutcome(null, report, 0, 0, false);
        }

        if (planned.Count == 0)
        {
            return ImportOutcome.Refused(EmptyMessage);
        }

        // A line identical to the stored member and its base for that year writes nothing: no Version bump, no audit row.
        var storedBases = (await members.AllBasesAsync(connection, tx)).ToLookup(b => b.MemberId);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var p in planned)
        {
            if (p.Before is not null && p.Member.HasSameDetailsAs(p.Before)
                && (p.Base is null || storedBases[p.Before.Id].Any(b => b.HasSameFiguresAs(p.Base))))
            {
                unchanged++;
                report.Add($"Ligne {p.LineNumber} : inchangé – {p.Member.Name}");
                continue;
            }

            if (p.Before is null)
            {
                p.Member.Id = await members.InsertAsync(connection, tx, p.Member);
                created++;
            }
            else if (!await members.UpdateAsync(connection, tx, p.Member))
            {
                return new ImportOutcome(null, [$"Ligne {p.LineNumber} : ce membre a été modifié par quelqu'un d'autre pendant l'import. Aucune modification n'a été enregistrée ; importez à nouveau le fichier."], 0, 0, false);
            }
            else
            {
                updated++;
            }

            if (p.Base is not null)
            {
                p.Base.MemberId = p.Member.Id;
                await members.UpsertBaseAsync(connection, tx, p.Base);
            }

            await audit.WriteAsync(connection, tx, MemberService.EntityType, p.Member.Id, "Imported", p.Before, new { Member = p.Member, Base = p.Base });
            report.Add($"Ligne {p.LineNumber} : {(p.Before is null ? "créé" : "mis à jour")} – {p.Member.Name}");
        }

        await tx.CommitAsync(cancellationToken);
        return new ImportOutcome(null, report, created, updated, true, unchanged);
    }

    private static MemberAllocationBase? ParseBase(Func<string, string?> cell, Action<string, string> error, Dictionary<string, int> columns)
    {
        string[] figures = [PopulationMunicipale, PopulationTotale, InseeYear, Pupils, Schools, MemberSpreadsheet.Sites, Lines];
        var yearText = cell(Year);
        if (string.IsNullOrWhiteSpace(yearText))
        {
            if (figures.Any(f => !string.IsNullOrWhiteSpace(cell(f))))
            {
                error(Year, "l'année est obligatoire quand une base de répartition est renseignée.");
            }

            return null;
        }

        if (!AllocationInput.TryYear(yearText, out var year))
        {
            error(Year, LowerFirst(AllocationInput.YearMessage));
            return null;
        }

        var errors = new List<(string Field, string Message)>();
        var b = new MemberAllocationBase
        {
            Year = year,
            PopulationMunicipale = AllocationInput.Count(cell(PopulationMunicipale), PopulationMunicipale, errors),
            PopulationTotale = AllocationInput.Count(cell(PopulationTotale), PopulationTotale, errors),
            Pupils = AllocationInput.Count(cell(Pupils), Pupils, errors),
            Schools = AllocationInput.Count(cell(Schools), Schools, errors),
            Sites = AllocationInput.Count(cell(MemberSpreadsheet.Sites), MemberSpreadsheet.Sites, errors),
            Lines = AllocationInput.Count(cell(Lines), Lines, errors),
        };
        if (!string.IsNullOrWhiteSpace(cell(InseeYear)))
        {
            if (AllocationInput.TryYear(cell(InseeYear), out var insee))
            {
                b.PopulationInseeYear = insee;
            }
            else
            {
                errors.Add((InseeYear, AllocationInput.YearMessage));
            }
        }

        foreach (var (field, message) in errors)
        {
            error(field, LowerFirst(message));
        }

        _ = columns;
        return b;
    }

    private static string LowerFirst(string message) =>
        message.Length == 0 ? message : char.ToLower(message[0], CultureInfo.GetCultureInfo("fr-FR")) + message[1..];
}
