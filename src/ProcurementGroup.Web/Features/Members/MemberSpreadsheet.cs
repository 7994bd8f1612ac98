using System.Globalization;
using System.Text;
using MiniExcelLibs;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Auditing;
using Member = ProcurementGroup.Core.Members.Member;

namespace ProcurementGroup.Web.Features.Members;

public sealed record ImportOutcome(string? FileError, IReadOnlyList<string> Report, int Created, int Updated, bool Saved)
{
    public static ImportOutcome Refused(string message) => new(message, [], 0, 0, false);
}

/// <summary>
/// Export and import of the members as XLSX or CSV (<c>;</c>, UTF-8 with BOM, decimal comma, no thousands separator, so that
/// French Excel reads the numbers as numbers). An import matches members by SIREN, or by exact name where the SIREN is empty,
/// checks every line first and saves all of them in one transaction, or nothing.
/// </summary>
public sealed class MemberSpreadsheet(IDbConnectionFactory factory, IMemberRepository members, IAuditTrail audit, TimeProvider clock)
{
    public const string RequiredMessage = "Choisissez un fichier XLSX ou CSV à importer.";
    public const string TooLargeMessage = "Le fichier dépasse la taille maximale autorisée (5 Mo).";
    public const string FormatMessage = "Le fichier doit être un classeur XLSX ou un fichier CSV (séparateur « ; »).";
    public const string NotXlsxMessage = Infrastructure.Uploads.XlsxUpload.NotXlsxMessage;
    public const string ZipBombMessage = Infrastructure.Uploads.XlsxUpload.ZipBombMessage;
    public const string UnreadableMessage = "Le fichier n'a pas pu être lu. Vérifiez qu'il s'agit d'un classeur XLSX ou d'un fichier CSV exporté par un tableur.";
    public const string EmptyMessage = "Le fichier ne contient aucune ligne de membre sous la ligne d'en-tête.";
    public const int MaxLines = 10_000;

    public const string Name = "Nom";
    public const string Kind = "Type";
    public const string SirenColumn = "SIREN";
    public const string BillingSiret = "SIRET facturation";
    public const string Chorus = "Code service Chorus";
    public const string Address1 = "Adresse 1";
    public const string Address2 = "Adresse 2";
    public const string PostalCode = "Code postal";
    public const string City = "Ville";
    public const string Email = "Courriel facturation";
    public const string Year = "Année";
    public const string PopulationMunicipale = "Population municipale";
    public const string PopulationTotale = "Population totale";
    public const string InseeYear = "Année INSEE";
    public const string Pupils = "Élèves";
    public const string Schools = "Écoles";
    public const string Sites = "Sites";
    public const string Lines = "Lignes";

    public static readonly IReadOnlyList<string> Headers =
        [Name, Kind, SirenColumn, BillingSiret, Chorus, Address1, Address2, PostalCode, City, Email, Year, PopulationMunicipale, PopulationTotale, InseeYear, Pupils, Schools, Sites, Lines];

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

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // ---------------------------------------------------------------- export

    /// <summary>One row per member with its latest year's bases; numbers stay numbers (long), texts stay texts.</summary>
    private async Task<List<object?[]>> RowsAsync(CancellationToken cancellationToken)
    {
        var all = await members.ListAllAsync(cancellationToken);
        var bases = await members.LatestBasesAsync(cancellationToken);
        return all.Select(m =>
        {
            bases.TryGetValue(m.Id, out var b);
            return new object?[]
            {
                m.Name, MemberLabels.Kind(m.Kind), m.Siren, m.BillingSiret, m.ChorusServiceCode, m.AddressLine1, m.AddressLine2, m.PostalCode, m.City,
                m.BillingEmail, (long?)b?.Year, b?.PopulationMunicipale, b?.PopulationTotale, (long?)b?.PopulationInseeYear, b?.Pupils, b?.Schools, b?.Sites, b?.Lines,
            };
        }).ToList();
    }

    public async Task<byte[]> ExportCsvAsync(CancellationToken cancellationToken = default)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(';', Headers.Select(Quote))).Append("\r\n");
        foreach (var row in await RowsAsync(cancellationToken))
        {
            sb.Append(string.Join(';', row.Select(v => v switch
            {
                null => string.Empty,
                long l => FrenchNumber.ForSpreadsheet(l),
                decimal d => FrenchNumber.ForSpreadsheet(d),
                _ => Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty),
            }))).Append("\r\n");
        }

        return [.. Utf8Bom, .. new UTF8Encoding(false).GetBytes(sb.ToString())];
    }

    public async Task<byte[]> ExportXlsxAsync(CancellationToken cancellationToken = default)
    {
        var sheet = (await RowsAsync(cancellationToken)).Select(row =>
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < Headers.Count; i++)
            {
                d[Headers[i]] = row[i];
            }

            return d;
        }).ToList();
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheet, sheetName: "Membres", excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    // ---------------------------------------------------------------- reading an upload

    /// <summary>Reads the uploaded file into rows of text, or returns the French reason it is refused. Never throws on bad content.</summary>
    public static async Task<(List<string?[]>? Rows, string? Error)> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, RequiredMessage);
        }

        if (file.Length > UploadLimits.FileBytes)
        {
            return (null, TooLargeMessage);
        }

        var extension = Path.GetExtension(file.FileName ?? string.Empty).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv"))
        {
            return (null, FormatMessage);
        }

        using var buffer = new MemoryStream();
        try
        {
            await using var input = file.OpenReadStream();
            await input.CopyToAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException)
        {
            return (null, TooLargeMessage);
        }

        if (buffer.Length > UploadLimits.FileBytes)
        {
            return (null, TooLargeMessage);
        }

        buffer.Position = 0;
        return extension == ".xlsx" ? ReadXlsx(buffer) : ReadCsv(buffer.ToArray());
    }

    /// <summary>An XLSX is checked by <see cref="Infrastructure.Uploads.XlsxUpload"/> (zip, [Content_Types].xml, 50 MB unpacked) before MiniExcel reads it.</summary>
    public static (List<string?[]>? Rows, string? Error) ReadXlsx(MemoryStream buffer)
    {
        if (Infrastructure.Uploads.XlsxUpload.Check(buffer, buffer.Length) is { } refused)
        {
            return (null, refused);
        }

        try
        {
            buffer.Position = 0;
            var rows = new List<string?[]>();
            foreach (IDictionary<string, object?> row in buffer.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                rows.Add(row.Values.Select(CellText).ToArray());
                if (rows.Count > MaxLines + 1)
                {
                    break;
                }
            }

            return (rows, null);
        }
#pragma warning disable CA1031 // Whatever MiniExcel throws on a malformed workbook, the user gets a French message, not a 500.
        catch (Exception)
#pragma warning restore CA1031
        {
            return (null, UnreadableMessage);
        }
    }

    private static string? CellText(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>CSV as French Excel writes it: <c>;</c> (or <c>,</c>) separated, UTF-8 (with or without BOM) or Windows Latin-1.</summary>
    public static (List<string?[]>? Rows, string? Error) ReadCsv(byte[] bytes)
    {
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            return (null, FormatMessage);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Contains(';', StringComparison.Ordinal) || !firstLine.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        var rows = new List<string?[]>();
        var row = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                if (rows.Count > MaxLines + 1)
                {
                    break;
                }
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return (rows, null);
    }

    // ---------------------------------------------------------------- import

    private sealed record PlannedLine(int LineNumber, Member Member, Member? Before, MemberAllocationBase? Base);

    public async Task<ImportOutcome> ImportAsync(IFormFile? file, CancellationToken cancellationToken = default)
    {
        var (rows, error) = await ReadAsync(file, cancellationToken);
        return rows is null ? ImportOutcome.Refused(error!) : await ImportRowsAsync(rows, cancellationToken);
    }

    /// <summary>Checks every line, reports every problem with its line and column, and saves only when all are valid.</summary>
    public async Task<ImportOutcome> ImportRowsAsync(List<string?[]> rows, CancellationToken cancellationToken = default)
    {
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
                $"Ligne 1 : la ligne d'en-tête doit contenir les colonnes {string.Join(", ", missing.Select(m => "« " + m + " »"))} (colonnes attendues : {string.Join(" ; ", Headers)}).");
        }

        var report = new List<string>();
        var planned = new List<PlannedLine>();
        var seenSirens = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var line = r + 1;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string? Cell(string column) => columns.TryGetValue(column, out var i) && i < row.Length ? row[i]?.Trim() : null;
            void Error(string column, string message) => report.Add($"Ligne {line}, colonne {column} : {message}");
            var errorsBefore = report.Count;

            var name = Cell(Name) ?? string.Empty;
            var siren = MemberService.Clean(Cell(SirenColumn)) is { } s ? Siren.Compact(s) : null;

            Member? existing = null;
            if (siren is not null)
            {
                if (seenSirens.TryGetValue(siren, out var other))
                {
                    Error(SirenColumn, $"ce SIREN figure déjà à la ligne {other}.");
                }

                seenSirens.TryAdd(siren, line);
                existing = await members.GetBySirenAsync(connection, tx, siren);
            }
            else if (name.Length > 0)
            {
                if (seenNames.TryGetValue(name, out var other))
                {
                    Error(Name, $"ce nom figure déjà à la ligne {other} sans SIREN.");
                }

                seenNames.TryAdd(name, line);
                existing = await members.GetByExactNameAsync(connection, tx, name);
            }

            var member = existing is null ? new Member { CreatedAtUtc = now } : Copy(existing);
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

        int created = 0, updated = 0;
        foreach (var p in planned)
        {
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
        return new ImportOutcome(null, report, created, updated, true);
    }

    private static MemberAllocationBase? ParseBase(Func<string, string?> cell, Action<string, string> error, Dictionary<string, int> columns)
    {
        string[] figures = [PopulationMunicipale, PopulationTotale, InseeYear, Pupils, Schools, Sites, Lines];
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
            Sites = AllocationInput.Count(cell(Sites), Sites, errors),
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

    private static Member Copy(Member m) => new()
    {
        Id = m.Id,
        Name = m.Name,
        Kind = m.Kind,
        Siren = m.Siren,
        BillingSiret = m.BillingSiret,
        ChorusServiceCode = m.ChorusServiceCode,
        AddressLine1 = m.AddressLine1,
        AddressLine2 = m.AddressLine2,
        PostalCode = m.PostalCode,
        City = m.City,
        BillingEmail = m.BillingEmail,
        Version = m.Version,
        CreatedAtUtc = m.CreatedAtUtc,
        UpdatedAtUtc = m.UpdatedAtUtc,
    };
}
