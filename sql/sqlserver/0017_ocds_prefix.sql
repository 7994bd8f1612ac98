-- Open data, OCDS 1.1.5 export (issue 10). Twin: sql/sqlite/0017_ocds_prefix.sql.
-- The ocid prefix the Open Contracting Partnership registered for the coordinator ("ocds-" and six lower-case letters
-- or digits, Core.OpenData.OcdsIdentifiers), typed on the coordinator page. NULL until then: the export uses the
-- placeholder "ocds-xxxxxx", visibly not a registered prefix.
ALTER TABLE dbo.CoordinatorSettings ADD OcdsPrefix nvarchar(11) NULL;
