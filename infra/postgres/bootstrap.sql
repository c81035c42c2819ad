-- Idempotent bootstrap of the `shop` database: one LOGIN role per service, each
-- owning exactly one schema, with no rights on any other schema.
--
-- Run it as the superuser with psql (NOT a plain SQL client: it uses \gexec,
-- \connect, \if and \getenv). Safe to re-run at any time:
--
--   psql -X -v ON_ERROR_STOP=1 -d postgres \
--        -v user_svc_password=... -v inventory_svc_password=... \
--        -v order_svc_password=... -v payment_svc_password=... \
--        -v notification_svc_password=... -f infra/postgres/bootstrap.sql
--
-- Each password is taken, in this order, from the psql variable above, from
-- the environment variable (USER_DB_PASSWORD, INVENTORY_DB_PASSWORD,
-- ORDER_DB_PASSWORD, PAYMENT_DB_PASSWORD, NOTIFICATION_DB_PASSWORD), or from
-- the default `<role>_pw`. infra/scripts/infra-up.sh passes the variables; the
-- postgres container of docker-compose.yml runs this file as an init script
-- and relies on the environment variables.
--
--   role              schema         password variable          default
--   user_svc          users          USER_DB_PASSWORD           user_svc_pw
--   inventory_svc     inventory      INVENTORY_DB_PASSWORD      inventory_svc_pw
--   order_svc         orders         ORDER_DB_PASSWORD          order_svc_pw
--   payment_svc       payments       PAYMENT_DB_PASSWORD        payment_svc_pw
--   notification_svc  notifications  NOTIFICATION_DB_PASSWORD   notification_svc_pw

\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;

-- ---------------------------------------------------------------- passwords --
\if :{?user_svc_password}
\else
\getenv user_svc_password USER_DB_PASSWORD
\endif
\if :{?user_svc_password}
\else
\set user_svc_password user_svc_pw
\endif

\if :{?inventory_svc_password}
\else
\getenv inventory_svc_password INVENTORY_DB_PASSWORD
\endif
\if :{?inventory_svc_password}
\else
\set inventory_svc_password inventory_svc_pw
\endif

\if :{?order_svc_password}
\else
\getenv order_svc_password ORDER_DB_PASSWORD
\endif
\if :{?order_svc_password}
\else
\set order_svc_password order_svc_pw
\endif

\if :{?payment_svc_password}
\else
\getenv payment_svc_password PAYMENT_DB_PASSWORD
\endif
\if :{?payment_svc_password}
\else
\set payment_svc_password payment_svc_pw
\endif

\if :{?notification_svc_password}
\else
\getenv notification_svc_password NOTIFICATION_DB_PASSWORD
\endif
\if :{?notification_svc_password}
\else
\set notification_svc_password notification_svc_pw
\endif

-- ----------------------------------------------------------------- database --
-- CREATE DATABASE cannot run inside a transaction or a DO block: psql's \gexec
-- runs it only when the database is missing.
SELECT 'CREATE DATABASE shop TEMPLATE template0 ENCODING ''UTF8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8'''
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'shop')
\gexec

-- -------------------------------------------------------------------- roles --
-- Roles are cluster-wide; create the missing ones, then (re)assert attributes.
SELECT format('CREATE ROLE %I LOGIN', r)
FROM unnest(ARRAY['user_svc', 'inventory_svc', 'order_svc', 'payment_svc', 'notification_svc']) AS r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
\gexec

ALTER ROLE user_svc         WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'user_svc_password';
ALTER ROLE inventory_svc    WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'inventory_svc_password';
ALTER ROLE order_svc        WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'order_svc_password';
ALTER ROLE payment_svc      WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'payment_svc_password';
ALTER ROLE notification_svc WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'notification_svc_password';

-- Each role finds its own tables without schema-qualifying them.
ALTER ROLE user_svc         SET search_path = users;
ALTER ROLE inventory_svc    SET search_path = inventory;
ALTER ROLE order_svc        SET search_path = orders;
ALTER ROLE payment_svc      SET search_path = payments;
ALTER ROLE notification_svc SET search_path = notifications;

-- ------------------------------------------------------------------ schemas --
\connect shop
\set ON_ERROR_STOP on
\set QUIET on
SET client_min_messages = warning;

-- Nobody but the superuser uses `public` (gen_random_uuid() lives in pg_catalog).
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS users         AUTHORIZATION user_svc;
CREATE SCHEMA IF NOT EXISTS inventory     AUTHORIZATION inventory_svc;
CREATE SCHEMA IF NOT EXISTS orders        AUTHORIZATION order_svc;
CREATE SCHEMA IF NOT EXISTS payments      AUTHORIZATION payment_svc;
CREATE SCHEMA IF NOT EXISTS notifications AUTHORIZATION notification_svc;

-- Re-assert ownership and strip every cross-schema right (schema and objects),
-- so that a re-run repairs any grant added by hand.
DO $$
DECLARE
  pairs constant text[][] := ARRAY[
    ['users',         'user_svc'],
    ['inventory',     'inventory_svc'],
    ['orders',        'order_svc'],
    ['payments',      'payment_svc'],
    ['notifications', 'notification_svc']];
  i int;
  j int;
BEGIN
  FOR i IN 1 .. array_length(pairs, 1) LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', pairs[i][1], pairs[i][2]);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', pairs[i][1]);
    FOR j IN 1 .. array_length(pairs, 1) LOOP
      CONTINUE WHEN i = j;
      -- role pairs[j][2] gets nothing in schema pairs[i][1]
      EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', pairs[i][1], pairs[j][2]);
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', pairs[i][1], pairs[j][2]);
      EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I', pairs[i][1], pairs[j][2]);
      EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM %I', pairs[i][1], pairs[j][2]);
    END LOOP;
    EXECUTE format('REVOKE ALL ON SCHEMA public FROM %I', pairs[i][2]);
  END LOOP;
END
$$;

\unset QUIET
\echo 'bootstrap.sql: database shop, roles user_svc inventory_svc order_svc payment_svc notification_svc: ok'
