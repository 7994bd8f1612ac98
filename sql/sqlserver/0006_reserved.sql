-- Reserved: migration number 0006 was never used by an applied script (scripts are never renamed once applied), so it
-- is filled by this script that changes nothing, to keep the numbering contiguous (issue 7). On a database that already
-- has later scripts, DbUp runs it once, after them, without harm. Twin: sql/sqlite/0006_reserved.sql.
SELECT 1;
