-- Run once on the primary of region us-east, as the postgres superuser:
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -f create-database.sql
-- The passwords are asked for interactively (\password sends a SCRAM hash, never the password itself), so none
-- is written in this file, in a shell history or in the server's log.

CREATE ROLE meridian LOGIN;
\password meridian

-- The Server's one database in this region. The role owns it: `migrate` creates each module's schema and tables.
CREATE DATABASE meridian OWNER meridian ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE meridian FROM PUBLIC;

-- The standby's replication user (pg_basebackup -R on pg-2 uses it).
CREATE ROLE replicator LOGIN REPLICATION;
\password replicator
