/* Getting rows out of a file the store cannot use as it is.
 *
 * A damaged file is moved aside whole, but usually only some of its pages
 * are bad (a truncated copy, a torn sector): the attempts on the good pages
 * are the student's work, so they are copied into the fresh database before
 * the session starts. */
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "progress.h"
#include "progress_internal.h"
#include "strbuf.h"

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

/* Copy rows of `sql` on src into p with insert, binding the columns in
 * order, until the first read error (the rest of the table is on pages we
 * cannot trust). A row the insert rejects (NOT NULL, the verdict CHECK) is
 * skipped. Returns the number copied. */
static int copy_rows(sqlite3 *src, const char *sql, sqlite3_stmt *insert)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	int copied = 0, columns = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		bool bound = true;
		for (int i = 0; i < columns && bound; i++)
			bound = sqlite3_bind_value(insert, i + 1,
				sqlite3_column_value(st, i)) == SQLITE_OK;
		if (bound && sqlite3_step(insert) == SQLITE_DONE)
			copied++;
		sqlite3_reset(insert);
		sqlite3_clear_bindings(insert);
	}
	sqlite3_finalize(st);
	return copied;
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
		copied = copy_rows(src,
			"SELECT time, course, part_id, answer, verdict, "
			"hints_shown, steps_shown FROM attempt ORDER BY id",
			p->stmt[STMT_INSERT_ATTEMPT]);
		copy_rows(src, "SELECT course, line FROM history ORDER BY id",
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
