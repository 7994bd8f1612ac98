-- Foundation schema: accounts, members, groupements, audit, e-mail outbox, data-protection keys.
-- Money is INTEGER cents; dates are TEXT 'yyyy-MM-dd'; instants are TEXT UTC 'yyyy-MM-dd HH:mm:ss.fffffff'.
-- The SQL Server twin (sql/sqlserver/0001_initial.sql) must keep the same tables and columns.

CREATE TABLE Users (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    Email TEXT NOT NULL,
    NormalizedEmail TEXT NOT NULL,
    DisplayName TEXT NOT NULL,
    EmailConfirmed INTEGER NOT NULL DEFAULT 0,
    PasswordHash TEXT NULL,
    SecurityStamp TEXT NOT NULL,
    ConcurrencyStamp TEXT NOT NULL,
    LockoutEnd TEXT NULL,
    LockoutEnabled INTEGER NOT NULL DEFAULT 1,
    AccessFailedCount INTEGER NOT NULL DEFAULT 0,
    IsDisabled INTEGER NOT NULL DEFAULT 0,
    CreatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_Users_NormalizedEmail ON Users (NormalizedEmail);

CREATE TABLE UserRoles (
    UserId INTEGER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    Role TEXT NOT NULL,
    PRIMARY KEY (UserId, Role)
);

CREATE TABLE Members (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    NameSearch TEXT NOT NULL,
    Kind INTEGER NOT NULL,
    Siren TEXT NULL,
    BillingSiret TEXT NULL,
    ChorusServiceCode TEXT NULL,
    AddressLine1 TEXT NULL,
    AddressLine2 TEXT NULL,
    PostalCode TEXT NULL,
    City TEXT NULL,
    BillingEmail TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);
CREATE INDEX IX_Members_NameSearch ON Members (NameSearch);
CREATE UNIQUE INDEX UX_Members_Siren ON Members (Siren) WHERE Siren IS NOT NULL;

CREATE TABLE MemberAllocationBases (
    MemberId INTEGER NOT NULL REFERENCES Members (Id) ON DELETE CASCADE,
    Year INTEGER NOT NULL,
    PopulationMunicipale INTEGER NULL,
    PopulationTotale INTEGER NULL,
    PopulationInseeYear INTEGER NULL,
    Pupils INTEGER NULL,
    Schools INTEGER NULL,
    Sites INTEGER NULL,
    Lines INTEGER NULL,
    PRIMARY KEY (MemberId, Year)
);

CREATE TABLE UserMembers (
    UserId INTEGER NOT NULL REFERENCES Users (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id) ON DELETE CASCADE,
    PRIMARY KEY (UserId, MemberId)
);
CREATE INDEX IX_UserMembers_MemberId ON UserMembers (MemberId);

CREATE TABLE PurchasingGroups (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL,
    NameSearch TEXT NOT NULL,
    Domain INTEGER NOT NULL,
    ConventionDate TEXT NULL,
    StartDate TEXT NOT NULL,
    EndDate TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    CreatedAtUtc TEXT NOT NULL,
    UpdatedAtUtc TEXT NOT NULL
);

CREATE TABLE Adhesions (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    PurchasingGroupId INTEGER NOT NULL REFERENCES PurchasingGroups (Id) ON DELETE CASCADE,
    MemberId INTEGER NOT NULL REFERENCES Members (Id),
    JoinedOn TEXT NOT NULL,
    LeftOn TEXT NULL
);
CREATE INDEX IX_Adhesions_Group ON Adhesions (PurchasingGroupId, MemberId);
CREATE INDEX IX_Adhesions_Member ON Adhesions (MemberId);

CREATE TABLE CoordinatorSettings (
    Id INTEGER PRIMARY KEY CHECK (Id = 1),
    Name TEXT NOT NULL,
    Siret TEXT NULL,
    AddressLine1 TEXT NULL,
    AddressLine2 TEXT NULL,
    PostalCode TEXT NULL,
    City TEXT NULL,
    Email TEXT NULL,
    Phone TEXT NULL,
    PublicAccountant TEXT NULL,
    PaymentIban TEXT NULL,
    PaymentBic TEXT NULL,
    PaymentDetails TEXT NULL,
    Logo BLOB NULL,
    LogoContentType TEXT NULL,
    Version INTEGER NOT NULL DEFAULT 1,
    UpdatedAtUtc TEXT NOT NULL
);

CREATE TABLE AuditLog (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    AtUtc TEXT NOT NULL,
    UserId INTEGER NULL,
    UserEmail TEXT NULL,
    EntityType TEXT NOT NULL,
    EntityId INTEGER NULL,
    Action TEXT NOT NULL,
    BeforeJson TEXT NULL,
    AfterJson TEXT NULL
);
CREATE INDEX IX_AuditLog_AtUtc ON AuditLog (AtUtc);
CREATE INDEX IX_AuditLog_Entity ON AuditLog (EntityType, EntityId);

CREATE TABLE OutboxMessages (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    CreatedAtUtc TEXT NOT NULL,
    ToAddress TEXT NOT NULL,
    Subject TEXT NOT NULL,
    TextBody TEXT NOT NULL,
    HtmlBody TEXT NULL,
    Status INTEGER NOT NULL,
    Attempts INTEGER NOT NULL DEFAULT 0,
    LastError TEXT NULL,
    SentAtUtc TEXT NULL
);
CREATE INDEX IX_OutboxMessages_Status ON OutboxMessages (Status, CreatedAtUtc);

CREATE TABLE DataProtectionKeys (
    Id INTEGER PRIMARY KEY AUTOINCREMENT,
    FriendlyName TEXT NOT NULL,
    Xml TEXT NOT NULL,
    CreatedAtUtc TEXT NOT NULL
);
CREATE UNIQUE INDEX UX_DataProtectionKeys_FriendlyName ON DataProtectionKeys (FriendlyName);
