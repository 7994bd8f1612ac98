-- Foundation schema: accounts, members, groupements, audit, e-mail outbox, data-protection keys.
-- Money is bigint cents; dates are date; instants are datetime2 in UTC.
-- The SQLite twin (sql/sqlite/0001_initial.sql) must keep the same tables and columns.

CREATE TABLE dbo.Users (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Users PRIMARY KEY,
    Email nvarchar(254) NOT NULL,
    NormalizedEmail nvarchar(254) NOT NULL,
    DisplayName nvarchar(200) NOT NULL,
    EmailConfirmed bit NOT NULL CONSTRAINT DF_Users_EmailConfirmed DEFAULT 0,
    PasswordHash nvarchar(500) NULL,
    SecurityStamp nvarchar(100) NOT NULL,
    ConcurrencyStamp nvarchar(100) NOT NULL,
    LockoutEnd datetimeoffset NULL,
    LockoutEnabled bit NOT NULL CONSTRAINT DF_Users_LockoutEnabled DEFAULT 1,
    AccessFailedCount int NOT NULL CONSTRAINT DF_Users_AccessFailedCount DEFAULT 0,
    IsDisabled bit NOT NULL CONSTRAINT DF_Users_IsDisabled DEFAULT 0,
    CreatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_Users_NormalizedEmail ON dbo.Users (NormalizedEmail);

CREATE TABLE dbo.UserRoles (
    UserId bigint NOT NULL CONSTRAINT FK_UserRoles_Users REFERENCES dbo.Users (Id) ON DELETE CASCADE,
    Role nvarchar(50) NOT NULL,
    CONSTRAINT PK_UserRoles PRIMARY KEY (UserId, Role)
);

CREATE TABLE dbo.Members (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Members PRIMARY KEY,
    Name nvarchar(200) NOT NULL,
    NameSearch nvarchar(200) NOT NULL,
    Kind int NOT NULL,
    Siren nvarchar(9) NULL,
    BillingSiret nvarchar(14) NULL,
    ChorusServiceCode nvarchar(100) NULL,
    AddressLine1 nvarchar(200) NULL,
    AddressLine2 nvarchar(200) NULL,
    PostalCode nvarchar(10) NULL,
    City nvarchar(200) NULL,
    BillingEmail nvarchar(254) NULL,
    Version int NOT NULL CONSTRAINT DF_Members_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);
CREATE INDEX IX_Members_NameSearch ON dbo.Members (NameSearch);
CREATE UNIQUE INDEX UX_Members_Siren ON dbo.Members (Siren) WHERE Siren IS NOT NULL;

CREATE TABLE dbo.MemberAllocationBases (
    MemberId bigint NOT NULL CONSTRAINT FK_MemberAllocationBases_Members REFERENCES dbo.Members (Id) ON DELETE CASCADE,
    Year int NOT NULL,
    PopulationMunicipale bigint NULL,
    PopulationTotale bigint NULL,
    PopulationInseeYear int NULL,
    Pupils bigint NULL,
    Schools bigint NULL,
    Sites bigint NULL,
    Lines bigint NULL,
    CONSTRAINT PK_MemberAllocationBases PRIMARY KEY (MemberId, Year)
);

CREATE TABLE dbo.UserMembers (
    UserId bigint NOT NULL CONSTRAINT FK_UserMembers_Users REFERENCES dbo.Users (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL CONSTRAINT FK_UserMembers_Members REFERENCES dbo.Members (Id) ON DELETE CASCADE,
    CONSTRAINT PK_UserMembers PRIMARY KEY (UserId, MemberId)
);
CREATE INDEX IX_UserMembers_MemberId ON dbo.UserMembers (MemberId);

CREATE TABLE dbo.PurchasingGroups (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_PurchasingGroups PRIMARY KEY,
    Name nvarchar(200) NOT NULL,
    NameSearch nvarchar(200) NOT NULL,
    Domain int NOT NULL,
    ConventionDate date NULL,
    StartDate date NOT NULL,
    EndDate date NULL,
    Version int NOT NULL CONSTRAINT DF_PurchasingGroups_Version DEFAULT 1,
    CreatedAtUtc datetime2 NOT NULL,
    UpdatedAtUtc datetime2 NOT NULL
);

CREATE TABLE dbo.Adhesions (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_Adhesions PRIMARY KEY,
    PurchasingGroupId bigint NOT NULL CONSTRAINT FK_Adhesions_PurchasingGroups REFERENCES dbo.PurchasingGroups (Id) ON DELETE CASCADE,
    MemberId bigint NOT NULL CONSTRAINT FK_Adhesions_Members REFERENCES dbo.Members (Id),
    JoinedOn date NOT NULL,
    LeftOn date NULL
);
CREATE INDEX IX_Adhesions_Group ON dbo.Adhesions (PurchasingGroupId, MemberId);
CREATE INDEX IX_Adhesions_Member ON dbo.Adhesions (MemberId);

CREATE TABLE dbo.CoordinatorSettings (
    Id int NOT NULL CONSTRAINT PK_CoordinatorSettings PRIMARY KEY CONSTRAINT CK_CoordinatorSettings_Single CHECK (Id = 1),
    Name nvarchar(200) NOT NULL,
    Siret nvarchar(14) NULL,
    AddressLine1 nvarchar(200) NULL,
    AddressLine2 nvarchar(200) NULL,
    PostalCode nvarchar(10) NULL,
    City nvarchar(200) NULL,
    Email nvarchar(254) NULL,
    Phone nvarchar(50) NULL,
    PublicAccountant nvarchar(200) NULL,
    PaymentIban nvarchar(34) NULL,
    PaymentBic nvarchar(11) NULL,
    PaymentDetails nvarchar(1000) NULL,
    Logo varbinary(max) NULL,
    LogoContentType nvarchar(100) NULL,
    Version int NOT NULL CONSTRAINT DF_CoordinatorSettings_Version DEFAULT 1,
    UpdatedAtUtc datetime2 NOT NULL
);

CREATE TABLE dbo.AuditLog (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_AuditLog PRIMARY KEY,
    AtUtc datetime2 NOT NULL,
    UserId bigint NULL,
    UserEmail nvarchar(254) NULL,
    EntityType nvarchar(100) NOT NULL,
    EntityId bigint NULL,
    Action nvarchar(50) NOT NULL,
    BeforeJson nvarchar(max) NULL,
    AfterJson nvarchar(max) NULL
);
CREATE INDEX IX_AuditLog_AtUtc ON dbo.AuditLog (AtUtc);
CREATE INDEX IX_AuditLog_Entity ON dbo.AuditLog (EntityType, EntityId);

CREATE TABLE dbo.OutboxMessages (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_OutboxMessages PRIMARY KEY,
    CreatedAtUtc datetime2 NOT NULL,
    ToAddress nvarchar(254) NOT NULL,
    Subject nvarchar(500) NOT NULL,
    TextBody nvarchar(max) NOT NULL,
    HtmlBody nvarchar(max) NULL,
    Status int NOT NULL,
    Attempts int NOT NULL CONSTRAINT DF_OutboxMessages_Attempts DEFAULT 0,
    LastError nvarchar(2000) NULL,
    SentAtUtc datetime2 NULL
);
CREATE INDEX IX_OutboxMessages_Status ON dbo.OutboxMessages (Status, CreatedAtUtc);

CREATE TABLE dbo.DataProtectionKeys (
    Id bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_DataProtectionKeys PRIMARY KEY,
    FriendlyName nvarchar(200) NOT NULL,
    Xml nvarchar(max) NOT NULL,
    CreatedAtUtc datetime2 NOT NULL
);
CREATE UNIQUE INDEX UX_DataProtectionKeys_FriendlyName ON dbo.DataProtectionKeys (FriendlyName);
