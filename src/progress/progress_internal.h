/* What progress_open.c (opening, recovery) and progress.c (the queries)
 * share: the store itself and its prepared statements. Not installed, not
 * for other layers. */
#ifndef CNNTUTOR_PROGRESS_INTERNAL_H
#define CNNTUTOR_PROGRESS_INTERNAL_H

#include <stdbool.h>
#include <sqlite3.h>

#include "strbuf.h"

/* Bumped whenever the schema changes; progress_open upgrades older files
 * and refuses (keeps them untouched, works in memory) newer ones. */
#define PROGRESS_SCHEMA_VERSION 2

/* PRAGMA application_id: marks a database as ours ("CNNT"), so a file of
 * another program at our path is recognised and moved aside rather than
 * written into. */
#define PROGRESS_APPLICATION_ID 0x434e4e54

/* The columns of an attempt, in the order of struct progress_attempt and
 * of INSERT_ATTEMPT's parameters. */
#define PROGRESS_ATTEMPT_COLUMNS \
	"time, course, part_id, answer, verdict, hints_shown, steps_shown, " \
	"student, variant, interpreted"

/* Every attempt from rowid ?1 on, rowid first: the shape
 * progress_read_rows reads. */
#define PROGRESS_SELECT_ATTEMPTS_FROM_ID \
	"SELECT id, " PROGRESS_ATTEMPT_COLUMNS " FROM attempt " \
	"WHERE id >= ?1 ORDER BY id"
/* The same from a version 1 file, the new columns at their defaults. */
#define PROGRESS_SELECT_V1_ATTEMPTS_FROM_ID \
	"SELECT id, time, course, part_id, answer, verdict, hints_shown, " \
	"steps_shown, '', 0, '' FROM attempt WHERE id >= ?1 ORDER BY id"

/* Each statement is prepared once at open: it is faster per attempt, and a
 * database whose tables lack our columns fails right there, where it can be
 * moved aside, rather than in the middle of a session. */
#define PROGRESS_STATEMENTS(X) \
	X(INSERT_ATTEMPT, \
	  "INSERT INTO attempt (" PROGRESS_ATTEMPT_COLUMNS ") " \
	  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)") \
	/* The verdicts left out of the count are those for which
	 * progress_verdict_counts is false. */ \
	X(PART_SUMMARY, \
	  "SELECT count(*), EXISTS (SELECT 1 FROM attempt WHERE " \
	  "course = ?1 AND part_id = ?2 AND verdict = 'correct') " \
	  "FROM attempt WHERE course = ?1 AND part_id = ?2 AND " \
	  "verdict NOT IN ('invalid', 'blank')") \
	X(EACH_ATTEMPT_OF_COURSE, \
	  "SELECT id, " PROGRESS_ATTEMPT_COLUMNS " FROM attempt " \
	  "WHERE course = ?1 ORDER BY time, id") \
	X(EACH_ATTEMPT, \
	  "SELECT id, " PROGRESS_ATTEMPT_COLUMNS " FROM attempt " \
	  "ORDER BY time, id") \
	X(INSERT_HISTORY, \
	  "INSERT INTO history (course, line) VALUES (?1, ?2)") \
	X(TRIM_HISTORY, \
	  "DELETE FROM history WHERE course = ?1 AND id <= " \
	  "(SELECT id FROM history WHERE course = ?1 " \
	  "ORDER BY id DESC LIMIT 1 OFFSET ?2)") \
	X(EACH_HISTORY, \
	  "SELECT line FROM history WHERE course = ?1 ORDER BY id")

enum progress_stmt {
#define PROGRESS_STMT_ENUM(name, sql) STMT_##name,
	PROGRESS_STATEMENTS(PROGRESS_STMT_ENUM)
#undef PROGRESS_STMT_ENUM
	STMT_COUNT
};

struct progress {
	sqlite3 *db;
	bool memory;
	int lock;  /* PATH.lock holding LOCK_IN_USE, or -1 (progress_open.c) */
	char *path;    /* the file, NULL for a memory store */
	char *damage;  /* NULL, or what a query met after open (progress.c) */
	sqlite3_stmt *stmt[STMT_COUNT];
};

/* Prepare every statement of PROGRESS_STATEMENTS on p->db. Returns the
 * SQLite code of the first failure (statements prepared so far stay in
 * p->stmt for progress_finalize_statements). */
int progress_prepare_statements(struct progress *p);
void progress_finalize_statements(struct progress *p);

/* Create the tables in an empty database, inside one transaction
 * (progress_schema.c). */
int progress_create_schema(sqlite3 *db, struct strbuf *why);
/* Bring a file of an older schema version to PROGRESS_SCHEMA_VERSION,
 * keeping every row, in one transaction; a failure leaves it unchanged.
 * Both return an SQLite code and, on failure, append SQLite's message to
 * why (may be NULL). */
int progress_upgrade_schema(sqlite3 *db, struct strbuf *why);

/* A read-only, lock-free view of the file at path (SQLite's immutable
 * URI), for files the store cannot open normally; NULL if even that fails
 * or path is not a regular file. Caller closes. */
sqlite3 *progress_open_snapshot(const char *path);

/* True for the result codes of a damaged file: SQLITE_CORRUPT and
 * SQLITE_NOTADB, extended or not. */
bool progress_is_damage(int rc);

/* Call fn for each row of sql that can be read, in rowid order. sql
 * selects the rowid first and takes the lowest rowid wanted as ?1
 * ("SELECT id, ... FROM t WHERE id >= ?1 ORDER BY id"); the rows of pages
 * that cannot be read are stepped over, and reading goes on at the first
 * rowid past them that can be. Stops when fn returns false. Returns the
 * rows given to fn; *damaged (may be NULL) is set when damage was met. */
int progress_read_rows(sqlite3 *db, const char *sql,
		       bool (*fn)(sqlite3_stmt *st, void *data), void *data,
		       bool *damaged);

/* Copy the attempts and history that can still be read from a damaged file
 * of ours into p, in one transaction. Returns the attempts copied. */
int progress_salvage(struct progress *p, const char *damaged_path);

#endif
