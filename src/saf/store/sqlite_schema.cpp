#include "saf/store/sqlite_schema.h"

namespace zgate::saf::store::sqlite_schema {

namespace {

// Conventions, so that the tables can be read with the sqlite3 shell:
// - one table per entity of saf/model.h, one child table per list inside it;
// - booleans are 0/1; dates are the model's int64 (seconds since the epoch, 0 = none);
// - Access is 0 NONE, 1 EXECUTE, 2 READ, 3 UPDATE, 4 CONTROL, 5 ALTER (the enum's values);
//   GroupAuthority is 0 USE, 1 CREATE, 2 CONNECT, 3 JOIN;
// - lists whose order matters (history is newest first, access lists are listed in the order
//   they were permitted) carry a `seq` column, and the primary key (parent, seq) keeps the rows
//   clustered in that order, which is also the order load() reads them in;
// - users and profiles have an integer surrogate key so that child rows stay small and
//   load() joins them by integer; the RACF name is UNIQUE beside it. Child rows go with their
//   parent through ON DELETE CASCADE, which is why the store turns foreign keys on.
// - no foreign keys between entities (a connect's group, a profile's owner): RACF's referential
//   rules belong to the security manager, and a bulk load must be able to write in any order.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE groups (
  id                TEXT PRIMARY KEY NOT NULL,
  superior          TEXT NOT NULL,
  owner             TEXT NOT NULL,
  installation_data TEXT NOT NULL,
  created           INTEGER NOT NULL,
  universal         INTEGER NOT NULL,
  termuacc          INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
  uid               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  owner             TEXT NOT NULL,
  default_group     TEXT NOT NULL,
  installation_data TEXT NOT NULL,
  created           INTEGER NOT NULL,
  special           INTEGER NOT NULL,
  operations        INTEGER NOT NULL,
  auditor           INTEGER NOT NULL,
  restricted        INTEGER NOT NULL,
  revoked           INTEGER NOT NULL,
  revoke_date       INTEGER NOT NULL,
  resume_date       INTEGER NOT NULL,
  password_hash     TEXT NOT NULL,   -- Argon2id encoded, '' = NOPASSWORD
  phrase_hash       TEXT NOT NULL,   -- Argon2id encoded, '' = NOPHRASE
  password_date     INTEGER NOT NULL,
  phrase_date       INTEGER NOT NULL,
  password_expired  INTEGER NOT NULL,
  phrase_expired    INTEGER NOT NULL,
  password_interval INTEGER NOT NULL,  -- -1 = SETROPTS INTERVAL, 0 = NOINTERVAL
  failed_attempts   INTEGER NOT NULL,
  last_access       INTEGER NOT NULL
);

CREATE TABLE user_connects (
  uid           INTEGER NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  grp           TEXT NOT NULL,
  authority     INTEGER NOT NULL CHECK (authority BETWEEN 0 AND 3),
  owner         TEXT NOT NULL,
  created       INTEGER NOT NULL,
  uacc          INTEGER NOT NULL CHECK (uacc BETWEEN 0 AND 5),
  special       INTEGER NOT NULL,
  operations    INTEGER NOT NULL,
  auditor       INTEGER NOT NULL,
  revoked       INTEGER NOT NULL,
  revoke_date   INTEGER NOT NULL,
  resume_date   INTEGER NOT NULL,
  last_connect  INTEGER NOT NULL,
  connect_count INTEGER NOT NULL,
  PRIMARY KEY (uid, seq)
) WITHOUT ROWID;

-- Previous password (kind 0) and phrase (kind 1) hashes, seq 0 = the newest.
CREATE TABLE user_history (
  uid  INTEGER NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (uid, kind, seq)
) WITHOUT ROWID;

-- CLAUTH(class)
CREATE TABLE user_class_authorizations (
  uid INTEGER NOT NULL REFERENCES users(uid) ON DELETE CASCADE,
  cls TEXT NOT NULL,
  PRIMARY KEY (uid, cls)
) WITHOUT ROWID;

CREATE TABLE profiles (
  pid               INTEGER PRIMARY KEY,
  cls               TEXT NOT NULL,
  name              TEXT NOT NULL,
  owner             TEXT NOT NULL,
  created           INTEGER NOT NULL,
  level             INTEGER NOT NULL,
  uacc              INTEGER NOT NULL CHECK (uacc BETWEEN 0 AND 5),
  warning           INTEGER NOT NULL,
  audit_success     INTEGER CHECK (audit_success BETWEEN 0 AND 5),   -- NULL = not audited
  audit_failures    INTEGER CHECK (audit_failures BETWEEN 0 AND 5),  -- NULL = not audited
  notify            TEXT NOT NULL,
  appldata          TEXT NOT NULL,
  installation_data TEXT NOT NULL,
  UNIQUE (cls, name)
);

-- The standard access list (PERMIT ... ID(x) ACCESS(y)).
CREATE TABLE profile_access (
  pid    INTEGER NOT NULL REFERENCES profiles(pid) ON DELETE CASCADE,
  seq    INTEGER NOT NULL,
  id     TEXT NOT NULL,
  access INTEGER NOT NULL CHECK (access BETWEEN 0 AND 5),
  count  INTEGER NOT NULL,
  PRIMARY KEY (pid, seq)
) WITHOUT ROWID;

-- The conditional access list (PERMIT ... WHEN(PROGRAM(x))).
CREATE TABLE profile_conditional_access (
  pid        INTEGER NOT NULL REFERENCES profiles(pid) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  id         TEXT NOT NULL,
  access     INTEGER NOT NULL CHECK (access BETWEEN 0 AND 5),
  when_class TEXT NOT NULL,
  when_name  TEXT NOT NULL,
  count      INTEGER NOT NULL,
  PRIMARY KEY (pid, seq)
) WITHOUT ROWID;

-- ADDMEM, for grouping classes.
CREATE TABLE profile_members (
  pid    INTEGER NOT NULL REFERENCES profiles(pid) ON DELETE CASCADE,
  seq    INTEGER NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (pid, seq)
) WITHOUT ROWID;

-- SSIGNON segment (PTKTDATA); a row exists exactly when the profile has the segment.
CREATE TABLE profile_ssignon (
  pid              INTEGER PRIMARY KEY NOT NULL REFERENCES profiles(pid) ON DELETE CASCADE,
  legacy_key       TEXT NOT NULL,   -- hex, '' = none
  enhanced_key     TEXT NOT NULL,   -- hex, '' = none
  enhanced_type    INTEGER NOT NULL CHECK (enhanced_type IN (0, 1)),  -- 0 UPPER, 1 MIXED
  enhanced_timeout INTEGER NOT NULL,
  enhanced_replay  INTEGER NOT NULL
) WITHOUT ROWID;

-- SETROPTS scalars: at most one row; no row = RACF's defaults.
CREATE TABLE options (
  singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
  grplist           INTEGER NOT NULL,
  when_program      INTEGER NOT NULL,
  inactive          INTEGER NOT NULL,
  pw_interval       INTEGER NOT NULL,
  pw_revoke         INTEGER NOT NULL,
  pw_history        INTEGER NOT NULL,
  pw_warning        INTEGER NOT NULL,
  pw_mixedcase      INTEGER NOT NULL,
  pw_min_change     INTEGER NOT NULL
);

-- SETROPTS class lists: CLASSACT(x), RACLIST(x), GENERIC(x), GENCMD(x), AUDIT(x).
CREATE TABLE option_classes (
  option TEXT NOT NULL CHECK (option IN ('CLASSACT', 'RACLIST', 'GENERIC', 'GENCMD', 'AUDIT')),
  cls    TEXT NOT NULL,
  PRIMARY KEY (option, cls)
) WITHOUT ROWID;

-- Installation settings; values are bytes (BLOB) because some are raw keys.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value BLOB NOT NULL
) WITHOUT ROWID;
)sql";

// Certificate name filters (RACDCERT MAP, RACF's DIGTNMAP profiles). Keyed by the user's RACF
// ID rather than users.uid: put_user rewrites the user row under a new uid, and a cascade would
// take the filters with it. DELETE FROM users does not reach them either; the store deletes
// them beside the user. The UNIQUE pair mirrors RACF, where the filters name the profile.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE cert_maps (
  user_id    TEXT NOT NULL,
  label      TEXT NOT NULL,     -- WITHLABEL, case kept
  sdn_filter TEXT NOT NULL,     -- SDNFILTER in RACF's form, '' = none
  idn_filter TEXT NOT NULL,     -- IDNFILTER in RACF's form, '' = none
  trusted    INTEGER NOT NULL,  -- 1 TRUST, 0 NOTRUST
  created    INTEGER NOT NULL,
  PRIMARY KEY (user_id, label),
  UNIQUE (sdn_filter, idn_filter)
) WITHOUT ROWID;
)sql";

// SETROPTS RACLIST(class) REFRESH, durable: every refresh bumps its member class's row, and a
// running server that sees the counter move (SecurityManager::sync_from_store) rebuilds its
// in-storage copy of the class, wherever the command was issued.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE raclist_refresh (
  cls        TEXT PRIMARY KEY NOT NULL,  -- the member class (TIMS for GIMS)
  generation INTEGER NOT NULL            -- bumped by each REFRESH
) WITHOUT ROWID;
)sql";

// PassTicket replay protection, shared by every process on the database: a keyed digest of
// user, application and ticket for each ticket accepted, until the ticket's window has passed
// (Store::record_passticket). The digest's key is the setting 'passticket_replay_key'. The
// index lets each sign-on delete the oldest expired records without reading the table.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE passticket_replay (
  digest  BLOB PRIMARY KEY NOT NULL,  -- keyed BLAKE2b, 16 bytes; never the ticket
  expires INTEGER NOT NULL            -- the first second at which the ticket is refused anyway
) WITHOUT ROWID;
CREATE INDEX passticket_replay_by_expiry ON passticket_replay (expires);
)sql";

// ALTUSER RESUME restarts the SETROPTS INACTIVE(n) interval without touching LAST-ACCESS
// (User::resumed). Existing users have never been resumed since this column existed: 0.
constexpr const char* kVersion5 = R"sql(
ALTER TABLE users ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;
)sql";

// The copy of each RACLISTed class as SETROPTS RACLIST(class) or its REFRESH took it
// (store/raclist_image.h), so that a process opening the database checks the class against
// what the last REFRESH made, not against profiles changed since. NORACLIST deletes the row.
// A class RACLISTed before this version has no row until its next REFRESH.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE raclist_snapshot (
  cls        TEXT PRIMARY KEY NOT NULL,  -- the member class (TIMS for GIMS)
  generation INTEGER NOT NULL,           -- raclist_refresh.generation it was taken under
  profiles   BLOB NOT NULL               -- the member and grouping classes' profiles, encoded
) WITHOUT ROWID;
)sql";

// STDATA segment (class STARTED, RDEFINE/RALTER STDATA(...)): a row exists exactly when the
// profile has the segment. Databases made before it have no STARTED profiles with STDATA.
constexpr const char* kVersion7 = R"sql(
CREATE TABLE profile_stdata (
  pid        INTEGER PRIMARY KEY NOT NULL REFERENCES profiles(pid) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,     -- USER(...): a user ID or '=MEMBER'; '' = none
  group_id   TEXT NOT NULL,     -- GROUP(...): a group or '=MEMBER'; '' = the user's default group
  trusted    INTEGER NOT NULL,
  privileged INTEGER NOT NULL,
  trace      INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
    {1, kVersion1},
    {2, kVersion2},
    {3, kVersion3},
    {4, kVersion4},
    {5, kVersion5},
    {6, kVersion6},
    {7, kVersion7},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_version() { return kMigrations[std::size(kMigrations) - 1].version; }

}  // namespace zgate::saf::store::sqlite_schema
