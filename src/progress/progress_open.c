/* Opening the progress store, and what to do when the file is bad.
 *
 * A student's progress file lives for months and meets full disks, killed
 * processes, read-only home directories and the odd stray file at our path.
 * None of that may stop the tutor from starting, so opening sorts every
 * failure into one of three outcomes:
 *   - the file is damaged or is not ours: rename it aside (nothing is ever
 *     deleted) and start a fresh database at the path;
 *   - the file cannot be written (read-only directory, no HOME, a path under
 *     a regular file): work in memory, starting from a copy of the file when
 *     it can be read, so the student still sees what they had done;
 *   - the file was written by a newer cnntutor: leave it untouched and work
 *     in memory.
 * and says in one sentence, through *notice, what happened.
 *
 * Several cnntutors may open one file at once (two terminals, a lab's
 * scripts). They coordinate through PATH.lock, see lock_open. */
/* F_OFD_SETLK (Linux): locks owned by an open file description. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "progress_internal.h"
#include "strbuf.h"

/* Another cnntutor (say `cnntutor progress` in a second terminal) may hold a
 * lock briefly; wait for it rather than fail. */
#define BUSY_TIMEOUT_MS 5000

enum outcome {
	OPENED,
	DAMAGED,     /* move aside, start fresh */
	UNWRITABLE,  /* memory store, copy of the file if readable */
	NEWER,       /* memory store, file untouched */
};

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static char *join(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_append(&sb, a);
	strbuf_append(&sb, b);
	return strbuf_steal(&sb);
}

char *progress_default_path(void)
{
	/* The XDG spec says a relative XDG_STATE_HOME is invalid and must be
	 * ignored; honouring it would scatter databases over working dirs. */
	const char *state = getenv("XDG_STATE_HOME");
	if (state && state[0] == '/')
		return join(state, "/cnntutor/progress.db");
	const char *home = getenv("HOME");
	if (home && *home)
		return join(home, "/.local/state/cnntutor/progress.db");
	return NULL;
}

/* mkdir -p of the directory part of path. Directories we create are 0700:
 * the attempts are the student's own business. */
static int make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path);
	if (!dir)
		return ENOMEM;
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	int err = 0;
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			err = errno;
		} else {
			struct stat st;
			if (stat(dir, &st) != 0)
				err = errno;
			else if (!S_ISDIR(st.st_mode))
				err = ENOTDIR;
		}
		*p = saved;
		if (err || saved == '\0')
			break;
	}
	free(dir);
	return err;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	struct strbuf sb = STRBUF_INIT;
	strbuf_append_n(&sb, path, (size_t)(slash - path));
	return strbuf_steal(&sb);
}

static enum outcome classify(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return DAMAGED;
	default:
		return UNWRITABLE;
	}
}

static enum outcome fail(int rc, sqlite3 *db, struct strbuf *why)
{
	strbuf_append(why, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	/* "disk I/O error" alone does not tell a full disk from a bad one. */
	int sys = db ? sqlite3_system_errno(db) : 0;
	int code = rc & 0xff;
	if (sys && (code == SQLITE_IOERR || code == SQLITE_FULL ||
		    code == SQLITE_CANTOPEN))
		strbuf_printf(why, ": %s", strerror(sys));
	return classify(rc);
}

/* Single-value query (a PRAGMA or a count). */
static int query_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* PRAGMA quick_check(1): the first problem found, in why. */
static enum outcome quick_check(sqlite3 *db, struct strbuf *why)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st,
				    NULL);
	if (rc != SQLITE_OK)
		return fail(rc, db, why);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		enum outcome o = fail(rc, db, why);
		sqlite3_finalize(st);
		return o;
	}
	const char *res = (const char *)sqlite3_column_text(st, 0);
	enum outcome o = OPENED;
	if (!res || strcmp(res, "ok") != 0) {
		strbuf_printf(why, "integrity check failed: %s",
			      res ? res : "(no result)");
		o = DAMAGED;
	}
	sqlite3_finalize(st);
	return o;
}

/* PRAGMA quick_check reads every page and checks every b-tree's
 * structure, so a scribbled-on file is caught here, at open, not halfway
 * through a session or an export. It runs whatever the size of the file.
 * Evaluating the CHECK constraints on every row is most of its cost on a
 * read-write connection, and all it adds is a verdict changed in place
 * into one the schema does not allow, which progress_verdict_counts counts
 * as an attempt anyway; so it is turned off for the check.
 * tests/progress/bench_store, best of 15 on a warm cache, machine under
 * load: 500 attempts 0.5 ms; 10 000 attempts (1.1 MB) 1.8 ms, 6 ms with
 * the CHECKs; 30 000 attempts (3.3 MB) 5 ms, 17 ms with them. One
 * student's store stays well under a megabyte. */
static enum outcome check_integrity(sqlite3 *db, struct strbuf *why)
{
	sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", NULL, NULL,
		     NULL);
	enum outcome o = quick_check(db, why);
	sqlite3_exec(db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL,
		     NULL);
	return o;
}

/* Decide whether the open file is an empty database (create the schema),
 * ours (use it), damaged, foreign or newer. On OPENED, *version holds the
 * schema version found (0 for a file just created). */
static enum outcome check_ours(sqlite3 *db, struct strbuf *why,
			       long long *version)
{
	/* One read transaction, so the three values come from the same
	 * snapshot even while another tutor is creating the schema. */
	long long app = 0, objects = 0;
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM sqlite_master",
			       &objects);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		enum outcome o = fail(rc, db, why);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return o;
	}
	if (objects == 0 && app == 0 && *version == 0)
		return OPENED;
	if (app != PROGRESS_APPLICATION_ID) {
		strbuf_append(why, "it is not a cnntutor progress database");
		return DAMAGED;
	}
	if (*version > PROGRESS_SCHEMA_VERSION) {
		strbuf_printf(why, "it was written by a newer cnntutor "
			      "(schema %lld, this one knows %d)", *version,
			      PROGRESS_SCHEMA_VERSION);
		return NEWER;
	}
	if (*version < 1) {
		strbuf_printf(why, "it has no schema version");
		return DAMAGED;
	}
	/* An older version is upgraded by the caller, once the file is
	 * known to be sound. */
	return OPENED;
}

/* Durability. In WAL mode a commit is one append to PATH-wal; with
 * synchronous=FULL that append is fsync'd before COMMIT returns, so an
 * attempt progress_record reported is on disk: safe against kill -9 (which
 * only needs the write() done) and against a power cut too. NORMAL would
 * survive kill -9 as well but could lose the last commits on power loss;
 * one fsync per typed answer is cheap (about 0.3 ms here). WAL also lets
 * `cnntutor progress` read while a tutor is writing. Where WAL is not
 * available (no shared memory on the filesystem) SQLite keeps the rollback
 * journal, which with synchronous=FULL is just as durable.
 *
 * Switching to WAL takes an exclusive lock without calling the busy
 * handler, so when two tutors open a new file at once the loser retries
 * here; once the file is WAL the pragma is a no-op. */
static int use_wal(sqlite3 *db)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	for (int waited = 0; ; waited += 10) {
		int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL;"
				      "PRAGMA synchronous = FULL;", NULL,
				      NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			return rc;
		nanosleep(&pause, NULL);
	}
}

/* Make sure the file exists with mode 0600 before SQLite sees it (SQLite
 * would create it 0644 under the usual umask). */
static int create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno == EEXIST ? 0 : errno;
}

/* PATH.lock holds two one-byte locks. They are open file description
 * locks (F_OFD_*): they conflict between processes and between two stores
 * of one process alike, and closing some other descriptor of the file does
 * not drop them, as it would a POSIX lock.
 *   LOCK_OPENING, exclusive, for the whole of progress_open. Deciding that
 *     the file is damaged, renaming it and creating the fresh one happen
 *     with no other cnntutor checking, renaming or creating in between: a
 *     second process that met the same damage waits, then checks the file
 *     now at the path, which is the fresh one, and uses it.
 *   LOCK_IN_USE, shared, for as long as a store is open on the file. A
 *     file is renamed only by an opener that can take this lock
 *     exclusively, that is when no live cnntutor has it open: a session
 *     never has its database, -wal or -shm renamed under it.
 * The lock file is never removed: it stands for the path, not for any one
 * database that has been at it. */
enum { LOCK_OPENING = 0, LOCK_IN_USE = 1 };

/* Take (F_RDLCK, F_WRLCK) or drop (F_UNLCK) one lock byte; wait says
 * whether to wait for a conflicting lock or fail with EAGAIN. */
static int lock_byte(int fd, short type, off_t byte, bool wait)
{
	struct flock l = {
		.l_type = type, .l_whence = SEEK_SET, .l_start = byte,
		.l_len = 1,
	};
	int rc;
	do
		rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &l);
	while (rc != 0 && errno == EINTR);
	return rc == 0 ? 0 : errno;
}

/* Open PATH.lock and wait for LOCK_OPENING. -1 with errno set when there
 * can be no lock (a read-only directory, a lock file that is not a regular
 * file); the store can then still be used, but a damaged file is not
 * moved aside. */
static int lock_open(const char *path)
{
	char *name = join(path, ".lock");
	if (!name) {
		errno = ENOMEM;
		return -1;
	}
	/* O_NONBLOCK and O_NOFOLLOW: a FIFO or a symlink planted at the
	 * name neither blocks us nor redirects the open. */
	int fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
		      O_NONBLOCK, 0600);
	free(name);
	if (fd < 0)
		return -1;
	struct stat st;
	int err = fstat(fd, &st) != 0 ? errno
		: !S_ISREG(st.st_mode) ? EINVAL
		: lock_byte(fd, F_WRLCK, LOCK_OPENING, true);
	if (err) {
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* Open path read-write into p. On anything but OPENED, p->db is closed
 * and why says what went wrong. */
static enum outcome open_file(struct progress *p, const char *path,
			      struct strbuf *why)
{
	int err = create_private_file(path);
	if (err) {
		strbuf_append(why, strerror(err));
		return UNWRITABLE;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		strbuf_append(why, "it is not a regular file");
		return UNWRITABLE;
	}
	/* SQLite needs to create PATH-wal and PATH-shm beside the file. As
	 * root access() is always true, so this only spares non-root users a
	 * confusing SQLite message; root on a read-only mount is caught by
	 * the writes below. */
	char *dir = dir_of(path);
	if (!dir || access(path, R_OK | W_OK) != 0 || access(dir, W_OK) != 0) {
		strbuf_append(why, dir ? strerror(errno) : "out of memory");
		free(dir);
		return UNWRITABLE;
	}
	free(dir);

	enum outcome o;
	int rc = sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		o = fail(rc, p->db, why);
		goto fail;
	}
	sqlite3_extended_result_codes(p->db, 1);
	sqlite3_busy_timeout(p->db, BUSY_TIMEOUT_MS);
	if (sqlite3_db_readonly(p->db, "main") == 1) {
		strbuf_append(why, "the file is read-only");
		o = UNWRITABLE;
		goto fail;
	}
	/* Ours first: another program's database, however big, is turned
	 * away after reading its header, not after reading it whole. */
	long long version = 0;
	o = check_ours(p->db, why, &version);
	if (o == OPENED)
		o = check_integrity(p->db, why);
	if (o != OPENED)
		goto fail;
	rc = use_wal(p->db);
	if (rc != SQLITE_OK) {
		o = fail(rc, p->db, why);
		goto fail;
	}
	if (version == 0) {
		rc = progress_create_schema(p->db, why);
	} else if (version < PROGRESS_SCHEMA_VERSION) {
		struct strbuf err = STRBUF_INIT;
		rc = progress_upgrade_schema(p->db, &err);
		if (rc != SQLITE_OK)
			strbuf_printf(why, "it could not be upgraded from "
				      "schema %lld to %d (%s)", version,
				      PROGRESS_SCHEMA_VERSION, strbuf_str(&err));
		strbuf_free(&err);
	}
	if (rc != SQLITE_OK) {
		o = classify(rc);
		goto fail;
	}
	rc = progress_prepare_statements(p);
	if (rc != SQLITE_OK) {
		/* A plain SQL error here means a table lacks our columns:
		 * somebody else's schema under our application id. */
		strbuf_printf(why, "its tables are not the expected ones (%s)",
			      sqlite3_errmsg(p->db));
		o = (rc & 0xff) == SQLITE_ERROR ? DAMAGED : classify(rc);
		goto fail;
	}
	return OPENED;
fail:
	progress_finalize_statements(p);
	sqlite3_close(p->db);
	p->db = NULL;
	return o;
}

/* Rename path and its -wal and -shm to path.corrupt-<unix time> (and
 * -wal, -shm), adding -2, -3... if that name is taken. The -wal belongs to
 * the file (it may hold its last commits); the -shm is only a cache, but
 * left at the path it would be taken for the fresh file's. The caller holds
 * LOCK_IN_USE exclusively, so no live cnntutor has any of the three open.
 * Returns the new name, or NULL with errno set. */
static char *move_aside(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	long long now = (long long)time(NULL);
	for (int n = 1; n < 100; n++) {
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s.corrupt-%lld", path, now);
		if (n > 1)
			strbuf_printf(&sb, "-%d", n);
		if (sb.oom) {
			errno = ENOMEM;
			break;
		}
		struct stat st;
		if (lstat(sb.buf, &st) == 0)
			continue;
		if (rename(path, sb.buf) != 0)
			break;
		static const char *const companions[] = { "-wal", "-shm" };
		for (size_t i = 0; i < 2; i++) {
			char *from = join(path, companions[i]);
			char *to = join(sb.buf, companions[i]);
			if (from && to)
				rename(from, to);
			free(from);
			free(to);
		}
		return strbuf_steal(&sb);
	}
	int saved = errno;
	strbuf_free(&sb);
	errno = saved;
	return NULL;
}

/* Copy the file into the memory database when it is a readable store of
 * our schema, so a read-only home still shows past progress. immutable=1
 * reads without locks or a -shm file, which a read-only directory cannot
 * give; the price is missing commits still in a -wal, which SQLite folds
 * into the main file whenever the last writer closes cleanly. */
static void copy_into_memory(struct progress *p, const char *path)
{
	sqlite3 *src = progress_open_snapshot(path), *copy = NULL;
	struct strbuf why = STRBUF_INIT;
	long long version = 0;
	if (src && check_ours(src, &why, &version) == OPENED &&
	    check_integrity(src, &why) == OPENED && version >= 1 &&
	    sqlite3_open_v2(":memory:", &copy, SQLITE_OPEN_READWRITE,
			    NULL) == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(copy, "main", src,
							"main");
		int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_NOMEM;
		sqlite3_backup_finish(b);
		/* An older file is upgraded in memory only: it cannot be
		 * written. A copy that cannot be brought up to date is
		 * dropped, and the session starts from nothing. */
		if (rc == SQLITE_DONE && (version == PROGRESS_SCHEMA_VERSION ||
			progress_upgrade_schema(copy, NULL) == SQLITE_OK)) {
			sqlite3_close(p->db);
			p->db = copy;
			copy = NULL;
		}
	}
	sqlite3_close(copy);
	sqlite3_close(src);
	strbuf_free(&why);
}

/* The fallback: a private in-memory database with our schema. */
static bool open_memory(struct progress *p, const char *copy_from)
{
	if (sqlite3_open_v2(":memory:", &p->db, SQLITE_OPEN_READWRITE,
			    NULL) != SQLITE_OK)
		goto fail;
	p->memory = true;
	if (copy_from)
		copy_into_memory(p, copy_from);
	long long objects = 0;
	if (query_int(p->db, "SELECT count(*) FROM sqlite_master",
		      &objects) != SQLITE_OK)
		goto fail;
	if (objects == 0 && progress_create_schema(p->db, NULL) != SQLITE_OK)
		goto fail;
	if (progress_prepare_statements(p) != SQLITE_OK)
		goto fail;
	return true;
fail:
	progress_finalize_statements(p);
	sqlite3_close(p->db);
	p->db = NULL;
	return false;
}

static void say(char **notice, struct strbuf *sb)
{
	if (notice)
		*notice = strbuf_steal(sb);
	strbuf_free(sb);
}

/* The file at path is damaged (why says how): move it aside, start a
 * fresh one and salvage what can be read, saying so in msg. Called with
 * LOCK_OPENING held, or with lock -1 and lock_err saying why there is no
 * lock. Returns OPENED, or NEWER to leave the file alone and work in
 * memory, or the outcome of opening the fresh file. */
static enum outcome replace_damaged(struct progress *p, const char *path,
				    int lock, int lock_err, struct strbuf *why,
				    struct strbuf *msg)
{
	if (lock < 0) {
		strbuf_printf(msg, "The progress file %s could not be used (%s) "
			      "nor moved aside (cannot lock %s.lock: %s), so "
			      "progress is kept in memory for this session "
			      "only.", path, strbuf_str(why), path,
			      strerror(lock_err));
		return NEWER;
	}
	int err = lock_byte(lock, F_WRLCK, LOCK_IN_USE, false);
	if (err == EAGAIN || err == EACCES) {
		strbuf_printf(msg, "The progress file %s could not be used "
			      "(%s) but another cnntutor still has it open, "
			      "so it was left in place and progress is kept "
			      "in memory for this session only.", path,
			      strbuf_str(why));
		return NEWER;
	}
	char *aside = err ? NULL : move_aside(path);
	if (!aside) {
		err = err ? err : errno;
		strbuf_printf(msg, "The progress file %s could not be used (%s) "
			      "nor moved aside (%s), so progress is kept in "
			      "memory for this session only.", path,
			      strbuf_str(why), strerror(err));
		return NEWER;  /* leave the file alone */
	}
	strbuf_printf(msg, "The progress file %s could not be used (%s); it "
		      "was moved to %s and a fresh one started.", path,
		      strbuf_str(why), aside);
	strbuf_reset(why);
	enum outcome o = open_file(p, path, why);
	int saved = o == OPENED ? progress_salvage(p, aside) : 0;
	if (saved)
		strbuf_printf(msg, " %d earlier attempt%s could still be read "
			      "and %s kept.", saved, saved == 1 ? "" : "s",
			      saved == 1 ? "was" : "were");
	free(aside);
	if (o != OPENED)
		strbuf_printf(msg, " The fresh one cannot be used either (%s), "
			      "so progress is kept in memory for this session "
			      "only.", strbuf_str(why));
	return o;
}

struct progress *progress_open(const char *path, char **notice)
{
	if (notice)
		*notice = NULL;
	struct progress *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->lock = -1;
	char *owned = NULL;
	if (!path) {
		path = owned = progress_default_path();
		if (!path) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_append(&sb, "Neither XDG_STATE_HOME nor HOME is "
				      "set, so progress is kept in memory for "
				      "this session only.");
			if (!open_memory(p, NULL))
				goto fail;
			say(notice, &sb);
			return p;
		}
	}
	p->path = xstrdup(path);
	if (!p->path)
		goto fail;
	struct strbuf why = STRBUF_INIT, msg = STRBUF_INIT;
	enum outcome o = UNWRITABLE;
	int lock = -1, lock_err = 0;
	int err = make_parent_dirs(path);
	if (err) {
		strbuf_append(&why, strerror(err));
	} else {
		lock = lock_open(path);
		lock_err = lock < 0 ? errno : 0;
		o = open_file(p, path, &why);
	}
	if (o == DAMAGED)
		o = replace_damaged(p, path, lock, lock_err, &why, &msg);
	else if (o == UNWRITABLE)
		strbuf_printf(&msg, "Cannot write the progress file %s (%s), "
			      "so progress is kept in memory for this session "
			      "only.", path, strbuf_str(&why));
	else if (o == NEWER)
		strbuf_printf(&msg, "The progress file %s was left untouched "
			      "because %s; progress is kept in memory for this "
			      "session only.", path, strbuf_str(&why));
	strbuf_free(&why);
	if (lock >= 0) {
		/* Mark the file in use (turning an exclusive claim into a
		 * shared one) before letting the next opener in. */
		if (o == OPENED &&
		    lock_byte(lock, F_RDLCK, LOCK_IN_USE, true) == 0) {
			lock_byte(lock, F_UNLCK, LOCK_OPENING, false);
			p->lock = lock;
		} else {
			close(lock);
		}
	}
	if (o != OPENED) {
		free(p->path);
		p->path = NULL;
		if (!open_memory(p, o == UNWRITABLE ? path : NULL)) {
			strbuf_free(&msg);
			goto fail;
		}
	}
	free(owned);
	if (msg.len)
		say(notice, &msg);
	strbuf_free(&msg);
	return p;
fail:
	free(owned);
	free(p->path);
	free(p);
	return NULL;
}

void progress_close(struct progress *p)
{
	if (!p)
		return;
	progress_finalize_statements(p);
	/* sqlite3_close_v2 would defer; everything is finalized, so a plain
	 * close checkpoints the WAL into the main file and removes it. */
	sqlite3_close(p->db);
	/* Only now, with the connection closed and the WAL checkpointed, is
	 * the file free to be moved aside by another opener. */
	if (p->lock >= 0)
		close(p->lock);
	free(p->path);
	free(p->damage);
	free(p);
}

bool progress_is_memory(const struct progress *p)
{
	return p && p->memory;
}
