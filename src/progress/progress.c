/* The progress store's queries: recording attempts, deriving part state,
 * walking and exporting attempts, answer-line history. Opening and recovery
 * are in progress_open.c.
 *
 * Every value reaches SQLite through a bound parameter of a statement
 * prepared at open; no SQL text is ever built from data. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "progress.h"
#include "progress_internal.h"
#include "strbuf.h"

static const char *const statement_sql[STMT_COUNT] = {
#define PROGRESS_STMT_SQL(name, sql) [STMT_##name] = sql,
	PROGRESS_STATEMENTS(PROGRESS_STMT_SQL)
#undef PROGRESS_STMT_SQL
};

int progress_prepare_statements(struct progress *p)
{
	for (int i = 0; i < STMT_COUNT; i++) {
		/* PERSISTENT: these live as long as the connection. */
		int rc = sqlite3_prepare_v3(p->db, statement_sql[i], -1,
					    SQLITE_PREPARE_PERSISTENT,
					    &p->stmt[i], NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

void progress_finalize_statements(struct progress *p)
{
	for (int i = 0; i < STMT_COUNT; i++) {
		sqlite3_finalize(p->stmt[i]);
		p->stmt[i] = NULL;
	}
}

const char *progress_course_key(const char *course_dir)
{
	if (!course_dir)
		return NULL;
	size_t end = strlen(course_dir);
	while (end > 0 && course_dir[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && course_dir[start - 1] != '/')
		start--;
	return course_dir + start;
}

/* Course names are bound without trailing slashes, so the key
 * progress_course_key gives for "dir/" names the same course as "dir". */
static int bind_course(sqlite3_stmt *st, int col, const char *course)
{
	size_t n = strlen(course);
	while (n > 0 && course[n - 1] == '/')
		n--;
	return sqlite3_bind_text(st, col, course, (int)n, SQLITE_STATIC);
}

/* Reset a statement after use so it holds no read lock and no pointers to
 * the caller's strings. */
static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void set_error(char **error, const char *what, const char *detail)
{
	if (!error)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s: %s", what, detail);
	*error = strbuf_steal(&sb);
}

static bool count_row(sqlite3_stmt *st, void *data)
{
	(void)st;
	(void)data;
	return true;
}

/* Remember the first damage a query meets after open, with the number of
 * attempts that can still be read, for progress_damage. */
static void note_damage(struct progress *p, int rc)
{
	if (p->damage || !progress_is_damage(rc))
		return;
	int readable = progress_read_rows(p->db,
		PROGRESS_SELECT_ATTEMPTS_FROM_ID, count_row, NULL, NULL);
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "The progress file %s is damaged (%s): %d "
		      "attempt%s in it could still be read, so what is shown "
		      "may be incomplete. The next cnntutor to open the file "
		      "moves it aside and keeps what can be read.",
		      p->path ? p->path : "(in memory)", sqlite3_errstr(rc),
		      readable, readable == 1 ? "" : "s");
	p->damage = strbuf_steal(&sb);
}

const char *progress_damage(const struct progress *p)
{
	return p ? p->damage : NULL;
}

/* Every verdict the schema's CHECK allows, and whether it is an attempt
 * (the same split as PART_SUMMARY's NOT IN). */
static const struct {
	const char *name;
	bool counts;
} verdicts[] = {
	{ "correct", true },
	{ "incorrect", true },
	{ "unknown", true },
	{ "invalid", false },  /* malformed: the engine could not read it */
	{ "blank", false },
};

static bool known_verdict(const char *v)
{
	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
		if (!strcmp(v, verdicts[i].name))
			return true;
	return false;
}

bool progress_verdict_counts(const char *verdict)
{
	for (size_t i = 0; verdict && i < sizeof verdicts / sizeof verdicts[0];
	     i++)
		if (!strcmp(verdict, verdicts[i].name))
			return verdicts[i].counts;
	/* A verdict of some other program's row still counts, as it did
	 * before verdicts that do not were kept. */
	return verdict != NULL;
}

bool progress_record(struct progress *p, const struct progress_attempt *a,
		     char **error)
{
	if (error)
		*error = NULL;
	if (!p || !a || !a->course || !a->part_id || !a->verdict) {
		set_error(error, "cannot record attempt",
			  "course, part id and verdict are required");
		return false;
	}
	if (!known_verdict(a->verdict)) {
		set_error(error, "cannot record attempt: unknown verdict",
			  a->verdict);
		return false;
	}
	sqlite3_stmt *st = p->stmt[STMT_INSERT_ATTEMPT];
	/* Answers can be long (a pasted line); SQLite's default limit is
	 * 1e9 bytes, beyond which the bind fails and we report it. */
	int rc = sqlite3_bind_int64(st, 1, a->time);
	if (rc == SQLITE_OK)
		rc = bind_course(st, 2, a->course);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 3, a->part_id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, a->answer ? a->answer : "", -1,
				       SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 5, a->verdict, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 6, a->hints_shown);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 7, a->steps_shown);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 8, a->student ? a->student : "", -1,
				       SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 9, a->variant);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 10, a->interpreted ? a->interpreted
				       : "", -1, SQLITE_STATIC);
	/* Outside an explicit transaction this one INSERT is its own
	 * transaction: when step returns DONE it is committed (and, with
	 * synchronous=FULL, fsync'd; see progress_open.c). */
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	bool ok = rc == SQLITE_DONE;
	if (!ok)
		set_error(error, "cannot record attempt", sqlite3_errmsg(p->db));
	done(st);
	note_damage(p, rc);
	return ok;
}

/* Attempts and whether any was correct, in one indexed query. */
static bool part_summary(struct progress *p, const char *course,
			 const char *part_id, int *count, bool *correct)
{
	*count = 0;
	*correct = false;
	if (!p || !course || !part_id)
		return false;
	sqlite3_stmt *st = p->stmt[STMT_PART_SUMMARY];
	int rc = bind_course(st, 1, course);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, part_id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int(st, 0);
		*correct = sqlite3_column_int(st, 1) != 0;
	}
	done(st);
	note_damage(p, rc);
	return rc == SQLITE_ROW;
}

enum progress_state progress_part_state(struct progress *p, const char *course,
					const char *part_id)
{
	int count;
	bool correct;
	if (!part_summary(p, course, part_id, &count, &correct))
		return PROGRESS_NOT_STARTED;
	if (correct)
		return PROGRESS_CORRECT;
	return count > 0 ? PROGRESS_ATTEMPTED : PROGRESS_NOT_STARTED;
}

int progress_attempt_count(struct progress *p, const char *course,
			   const char *part_id)
{
	int count;
	bool correct;
	part_summary(p, course, part_id, &count, &correct);
	return count;
}

static const char *text(sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	return s ? s : "";
}

/* An attempt from a row that selects the rowid, then
 * PROGRESS_ATTEMPT_COLUMNS. */
static struct progress_attempt attempt_of_row(sqlite3_stmt *st)
{
	return (struct progress_attempt){
		.time = sqlite3_column_int64(st, 1),
		.course = text(st, 2),
		.part_id = text(st, 3),
		.answer = text(st, 4),
		.verdict = text(st, 5),
		.hints_shown = sqlite3_column_int(st, 6),
		.steps_shown = sqlite3_column_int(st, 7),
		.student = text(st, 8),
		.variant = sqlite3_column_int(st, 9),
		.interpreted = text(st, 10),
	};
}

struct each {
	const char *course;  /* NULL: all */
	size_t course_len;   /* without trailing slashes, as bind_course */
	bool (*fn)(const struct progress_attempt *a, void *data);
	void *data;
};

static bool each_readable(sqlite3_stmt *st, void *data)
{
	struct each *e = data;
	struct progress_attempt a = attempt_of_row(st);
	if (e->course && (strncmp(a.course, e->course, e->course_len) != 0 ||
			  a.course[e->course_len] != '\0'))
		return true;
	return e->fn(&a, e->data);
}

bool progress_each_attempt(struct progress *p, const char *course,
			   bool (*fn)(const struct progress_attempt *a,
				      void *data),
			   void *data)
{
	if (!p || !fn)
		return false;
	sqlite3_stmt *st = p->stmt[course ? STMT_EACH_ATTEMPT_OF_COURSE
				   : STMT_EACH_ATTEMPT];
	if (course && bind_course(st, 1, course) != SQLITE_OK) {
		done(st);
		return false;
	}
	int rc, given = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct progress_attempt a = attempt_of_row(st);
		given++;
		if (!fn(&a, data)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	if (rc == SQLITE_DONE)
		return true;
	note_damage(p, rc);
	/* Sorting by time needs every row first, so damage anywhere gave
	 * nothing at all: give the rows that can be read, in the order
	 * they were saved, and still report the failure. */
	if (given == 0 && progress_is_damage(rc)) {
		struct each e = { course, 0, fn, data };
		if (course) {
			e.course_len = strlen(course);
			while (e.course_len > 0 && course[e.course_len - 1] == '/')
				e.course_len--;
		}
		progress_read_rows(p->db, PROGRESS_SELECT_ATTEMPTS_FROM_ID,
				   each_readable, &e, NULL);
	}
	return false;
}

/* RFC 4180: a field holding a comma, a quote, CR or LF is quoted, with
 * quotes doubled. Fields are written as stored: we do not prefix answers
 * starting with '=', '+', '-' or '@' to defuse spreadsheet formulas,
 * because "-1/2" is a real answer and the export must round-trip. */
static void csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	putc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', out);
		putc(*s, out);
	}
	putc('"', out);
}

static bool csv_row(const struct progress_attempt *a, void *data)
{
	FILE *out = data;
	char when[32];
	time_t t = (time_t)a->time;
	struct tm tm;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(when, sizeof when, "%lld", (long long)a->time);
	fputs(when, out);
	putc(',', out);
	csv_field(out, a->course);
	putc(',', out);
	csv_field(out, a->part_id);
	putc(',', out);
	csv_field(out, a->answer);
	putc(',', out);
	csv_field(out, a->verdict);
	fprintf(out, ",%d,%d,", a->hints_shown, a->steps_shown);
	csv_field(out, a->student);
	fprintf(out, ",%d,", a->variant);
	csv_field(out, a->interpreted);
	/* RFC 4180 ends records with CRLF. */
	fputs("\r\n", out);
	return !ferror(out);
}

bool progress_export_csv(struct progress *p, const char *course, FILE *out)
{
	if (!p || !out)
		return false;
	/* Columns added later go at the end, so scripts that read the
	 * first seven by position keep working. */
	fputs("time,course,part,answer,verdict,hints_shown,steps_shown,"
	      "student,variant,interpreted\r\n", out);
	bool ok = progress_each_attempt(p, course, csv_row, out);
	return ok && fflush(out) == 0 && !ferror(out);
}

bool progress_history_add(struct progress *p, const char *course,
			  const char *line)
{
	if (!p || !course || !line)
		return false;
	/* Insert and trim in one transaction: one fsync, and the history
	 * never shows more than PROGRESS_HISTORY_MAX lines. */
	if (sqlite3_exec(p->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return false;
	sqlite3_stmt *ins = p->stmt[STMT_INSERT_HISTORY];
	bool ok = bind_course(ins, 1, course) == SQLITE_OK &&
		sqlite3_bind_text(ins, 2, line, -1, SQLITE_STATIC) ==
		SQLITE_OK && sqlite3_step(ins) == SQLITE_DONE;
	done(ins);
	sqlite3_stmt *trim = p->stmt[STMT_TRIM_HISTORY];
	ok = ok && bind_course(trim, 1, course) == SQLITE_OK &&
		sqlite3_bind_int(trim, 2, PROGRESS_HISTORY_MAX) == SQLITE_OK &&
		sqlite3_step(trim) == SQLITE_DONE;
	done(trim);
	if (ok && sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return true;
	sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	return false;
}

bool progress_history_each(struct progress *p, const char *course,
			   bool (*fn)(const char *line, void *data),
			   void *data)
{
	if (!p || !course || !fn)
		return false;
	sqlite3_stmt *st = p->stmt[STMT_EACH_HISTORY];
	if (bind_course(st, 1, course) != SQLITE_OK) {
		done(st);
		return false;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fn(text(st, 0), data)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	done(st);
	note_damage(p, rc);
	return rc == SQLITE_DONE;
}
