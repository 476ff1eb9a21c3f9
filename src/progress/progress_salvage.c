/* Getting rows out of a file with damaged pages.
 *
 * A damaged file is moved aside whole, but usually only some of its pages
 * are bad (a truncated copy, a torn sector, a scribbled page): the attempts
 * on the good pages are the student's work, so they are copied into the
 * fresh database before the session starts. The same reader serves a
 * query that meets damage after open (progress.c), so what can be read is
 * still shown. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "progress.h"
#include "progress_internal.h"
#include "strbuf.h"

bool progress_is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

sqlite3 *progress_open_snapshot(const char *path)
{
	/* Only a regular file: opening a FIFO to read it would wait for a
	 * writer that may never come, and a device is not a database. */
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	/* immutable=1: no locks, no -shm, no journal; the file is only read.
	 * Characters that mean something in a URI are %-escaped. */
	struct strbuf uri = STRBUF_INIT;
	strbuf_append(&uri, "file:");
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (*s == '?' || *s == '#' || *s == '%' || *s < 0x20)
			strbuf_printf(&uri, "%%%02X", *s);
		else
			strbuf_putc(&uri, (char)*s);
	}
	strbuf_append(&uri, "?immutable=1");
	sqlite3 *db = NULL;
	if (uri.oom || sqlite3_open_v2(uri.buf, &db, SQLITE_OPEN_READONLY |
				       SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;
	}
	strbuf_free(&uri);
	return db;
}

/* True when a scan from rowid `from` reaches its first row, or the end,
 * without meeting damage. */
static bool readable_from(sqlite3_stmt *st, sqlite3_int64 from)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, from);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* The midpoint of lo < hi, computed without signed overflow. */
static sqlite3_int64 midpoint(sqlite3_int64 lo, sqlite3_int64 hi)
{
	sqlite3_uint64 span = (sqlite3_uint64)hi - (sqlite3_uint64)lo;
	return (sqlite3_int64)((sqlite3_uint64)lo + span / 2);
}

/* The first rowid past `bad` (from which a scan fails) from which a scan
 * reads again. A b-tree page holds one range of rowids, so the scans that
 * fail are those starting inside the ranges of bad pages: doubling steps
 * find a start past them, then bisection finds the first such start, and
 * only the rows of the bad pages are lost. False when nothing past `bad`
 * can be read. */
static bool next_readable(sqlite3_stmt *st, sqlite3_int64 bad,
			  sqlite3_int64 *next)
{
	sqlite3_int64 step = 1, good;
	for (;;) {
		good = bad > INT64_MAX - step ? INT64_MAX : bad + step;
		if (readable_from(st, good))
			break;
		if (good == INT64_MAX)
			return false;
		bad = good;
		step = step > INT64_MAX / 2 ? INT64_MAX : step * 2;
	}
	while ((sqlite3_uint64)good - (sqlite3_uint64)bad > 1) {
		sqlite3_int64 mid = midpoint(bad, good);
		if (readable_from(st, mid))
			good = mid;
		else
			bad = mid;
	}
	*next = good;
	return true;
}

int progress_read_rows(sqlite3 *db, const char *sql,
		       bool (*fn)(sqlite3_stmt *st, void *data), void *data,
		       bool *damaged)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		if (damaged && progress_is_damage(rc))
			*damaged = true;
		return 0;
	}
	int delivered = 0;
	sqlite3_int64 from = INT64_MIN;
	for (;;) {
		sqlite3_bind_int64(st, 1, from);
		bool more = true;
		while (more && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			sqlite3_int64 id = sqlite3_column_int64(st, 0);
			more = fn(st, data);
			delivered++;
			if (id == INT64_MAX)
				more = false;
			from = id + more;
		}
		sqlite3_reset(st);
		if (!more || rc == SQLITE_DONE || !progress_is_damage(rc))
			break;
		if (damaged)
			*damaged = true;
		if (!next_readable(st, from, &from))
			break;
	}
	sqlite3_finalize(st);
	return delivered;
}

/* Bind the row's columns after the rowid to insert's parameters, in
 * order, and run it. A row the insert rejects (NOT NULL, the verdict
 * CHECK) is skipped. */
static bool copy_row(sqlite3_stmt *st, void *data)
{
	sqlite3_stmt *insert = data;
	int columns = sqlite3_column_count(st);
	bool bound = true;
	for (int i = 1; i < columns && bound; i++)
		bound = sqlite3_bind_value(insert, i,
			sqlite3_column_value(st, i)) == SQLITE_OK;
	if (bound)
		sqlite3_step(insert);
	sqlite3_reset(insert);
	sqlite3_clear_bindings(insert);
	return true;
}

/* Count the rows of a copy that the insert took: total_changes moves only
 * for them. */
static int copy_rows(sqlite3 *src, sqlite3 *dst, const char *sql,
		     sqlite3_stmt *insert)
{
	int before = sqlite3_total_changes(dst);
	progress_read_rows(src, sql, copy_row, insert, NULL);
	return sqlite3_total_changes(dst) - before;
}

/* The query for the attempts of src, by the columns its table has. */
static const char *attempts_of(sqlite3 *src)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(src, PROGRESS_SELECT_ATTEMPTS_FROM_ID, -1,
				    &st, NULL);
	sqlite3_finalize(st);
	return rc == SQLITE_ERROR ? PROGRESS_SELECT_V1_ATTEMPTS_FROM_ID
		: PROGRESS_SELECT_ATTEMPTS_FROM_ID;
}

int progress_salvage(struct progress *p, const char *damaged_path)
{
	sqlite3 *src = progress_open_snapshot(damaged_path);
	if (!src)
		return 0;
	/* A truncated file's header promises more pages than it has, which
	 * SQLite refuses as corrupt unless writable_schema is on; on this
	 * read-only connection it only lets us read the pages that are there
	 * (the same trick as the sqlite3 shell's .recover). */
	sqlite3_exec(src, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
	int copied = 0;
	sqlite3_stmt *st;
	bool ours = false;
	if (sqlite3_prepare_v2(src, "PRAGMA application_id", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ours = sqlite3_column_int64(st, 0) == PROGRESS_APPLICATION_ID;
	sqlite3_finalize(st);
	/* One transaction: the fresh file holds either all that could be
	 * read or nothing, and it costs one fsync. */
	if (ours && sqlite3_exec(p->db, "BEGIN IMMEDIATE", NULL, NULL,
				 NULL) == SQLITE_OK) {
		copied = copy_rows(src, p->db, attempts_of(src),
				   p->stmt[STMT_INSERT_ATTEMPT]);
		copy_rows(src, p->db, "SELECT id, course, line FROM history "
			  "WHERE id >= ?1 ORDER BY id",
			  p->stmt[STMT_INSERT_HISTORY]);
		if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
			copied = 0;
		}
	}
	sqlite3_close(src);
	return copied;
}
