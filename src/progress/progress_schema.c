/* The progress store's tables, and the upgrade of files written by an
 * older cnntutor.
 *
 * Version 1: attempt (time, course, part_id, answer, verdict, hints_shown,
 * steps_shown) and history (course, line).
 * Version 2: attempt gains student, variant and interpreted (how the answer
 * was read), and its verdict CHECK also allows 'blank'. */
#include <stdio.h>

#include "progress_internal.h"

/* The attempt table as this version writes it. verdict is checked here
 * too, so no other program writing to the file can leave a row the state
 * derivation does not understand. IF NOT EXISTS: two tutors started at
 * once on a new file both see it empty; BEGIN IMMEDIATE makes the second
 * wait, and then its CREATEs must be no-ops rather than errors. */
#define ATTEMPT_TABLE \
	"CREATE TABLE IF NOT EXISTS attempt (" \
	" id INTEGER PRIMARY KEY," \
	" time INTEGER NOT NULL," \
	" course TEXT NOT NULL," \
	" part_id TEXT NOT NULL," \
	" answer TEXT NOT NULL," \
	" verdict TEXT NOT NULL CHECK (verdict IN" \
	"  ('correct', 'incorrect', 'invalid', 'unknown', 'blank'))," \
	" hints_shown INTEGER NOT NULL DEFAULT 0," \
	" steps_shown INTEGER NOT NULL DEFAULT 0," \
	" student TEXT NOT NULL DEFAULT ''," \
	" variant INTEGER NOT NULL DEFAULT 0," \
	" interpreted TEXT NOT NULL DEFAULT '');" \
	/* verdict in the index: "is any attempt correct" is one lookup, \
	 * and the attempt count reads only the index. */ \
	"CREATE INDEX IF NOT EXISTS attempt_by_part" \
	" ON attempt (course, part_id, verdict);"

/* Stamp the file as ours at this version and commit. */
static int commit_version(sqlite3 *db)
{
	char sql[128];
	snprintf(sql, sizeof sql,
		 "PRAGMA application_id = %d; PRAGMA user_version = %d;"
		 "COMMIT;", PROGRESS_APPLICATION_ID, PROGRESS_SCHEMA_VERSION);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Roll back a failed schema change, keeping SQLite's message for why. */
static int roll_back(sqlite3 *db, int rc, struct strbuf *why)
{
	if (why)
		strbuf_append(why, sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int progress_create_schema(sqlite3 *db, struct strbuf *why)
{
	static const char sql[] =
		"BEGIN IMMEDIATE;"
		ATTEMPT_TABLE
		"CREATE TABLE IF NOT EXISTS history ("
		" id INTEGER PRIMARY KEY,"
		" course TEXT NOT NULL,"
		" line TEXT NOT NULL);"
		"CREATE INDEX IF NOT EXISTS history_by_course"
		" ON history (course, id);";
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = commit_version(db);
	return rc == SQLITE_OK ? rc : roll_back(db, rc, why);
}

/* Version 1 to 2. SQLite cannot change a CHECK constraint in place, so the
 * table is rebuilt: the old one renamed aside (its index dropped first,
 * for the name), the new one created by the same SQL as in a new file,
 * every row copied with its id, the old table dropped. */
static const char upgrade_1_to_2[] =
	"DROP INDEX attempt_by_part;"
	"ALTER TABLE attempt RENAME TO attempt_before_v2;"
	ATTEMPT_TABLE
	"INSERT INTO attempt (id, time, course, part_id, answer, verdict,"
	" hints_shown, steps_shown)"
	" SELECT id, time, course, part_id, answer, verdict, hints_shown,"
	" steps_shown FROM attempt_before_v2 ORDER BY id;"
	"DROP TABLE attempt_before_v2;";

int progress_upgrade_schema(sqlite3 *db, struct strbuf *why)
{
	/* One write transaction: another cnntutor sees the file at the old
	 * version or the new one, and a failure (a full disk) leaves it as it
	 * was. The version is read again inside it, in case another process
	 * upgraded the file first. */
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (why)
			strbuf_append(why, sqlite3_errmsg(db));
		return rc;
	}
	sqlite3_stmt *st;
	long long version = -1;
	rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && version == 1)
		rc = sqlite3_exec(db, upgrade_1_to_2, NULL, NULL, NULL);
	if (rc == SQLITE_OK && version < PROGRESS_SCHEMA_VERSION)
		rc = commit_version(db);
	else if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? rc : roll_back(db, rc, why);
}
