/* course_load: read every lesson file of a folder, check it against the
 * schema with positions (ydoc.c), load it with libcyaml, then build the
 * model: scopes with the givens bound, every expression parsed, expected
 * values and worked steps evaluated. Any failure is a "file:line:col:"
 * message; loading goes on to report as many as it can, then fails.
 *
 * The folder is only where the bytes come from: course_load_files gives
 * the same loader bytes held in memory (the fuzz target does). */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "part_build.h"
#include "points.h"
#include "mutations.h"
#include "ydoc.h"

/* A course is a homework: the bundled one has 6 question files and 110 KB
 * of them. The limits keep a folder of thousands of files, or of many
 * files each near COURSE_MAX_FILE_BYTES, from taking the machine: a model
 * costs up to about 120 bytes of memory per byte of lesson (1 MiB of
 * 10 000 small parts builds 100 MB), so 4 MiB in all stays near 500 MB at
 * the very worst. */
#define MAX_LESSON_FILES 256
#define MAX_COURSE_BYTES ((size_t)4 << 20)

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* The rest of an open regular file that fstat says has size bytes. */
static char *read_fd(int fd, const char *path, size_t size, size_t *len,
		     struct strbuf *err)
{
	/* One byte more than fstat said, to notice a file that grew since. */
	size_t cap = size + 1, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			strbuf_printf(err, "%s:1:1: out of memory reading the file (%zu bytes)\n",
				      path, cap);
			return NULL;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			strbuf_printf(err, "%s:1:1: cannot read the file: %s\n", path,
				      strerror(errno));
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n < cap)
			continue;
		if (!course_ydoc_size_ok(path, n, err)) {
			free(buf);
			return NULL;
		}
		size_t bigger = cap * 2 > COURSE_MAX_FILE_BYTES + 1 ?
				COURSE_MAX_FILE_BYTES + 1 : cap * 2;
		char *grown = realloc(buf, bigger);
		if (!grown)
			free(buf);
		buf = grown;
		cap = bigger;
	}
	*len = n;
	return buf;
}

/* The whole of a regular file of at most COURSE_MAX_FILE_BYTES, or NULL
 * with a message. O_NONBLOCK makes opening a FIFO return at once, so fstat
 * can refuse it; a device such as /dev/zero is refused before any read. */
static char *read_file(const char *path, size_t *len, struct strbuf *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		struct stat ls;
		if (e == ENOENT && lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode))
			strbuf_printf(err, "%s:1:1: cannot open the file: it is a symbolic "
				      "link to a file that does not exist\n", path);
		else
			strbuf_printf(err, "%s:1:1: cannot open the file: %s\n", path,
				      strerror(e));
		return NULL;
	}
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) != 0)
		strbuf_printf(err, "%s:1:1: cannot read the file: %s\n", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		strbuf_printf(err, "%s:1:1: not a course file: it is %s, not a regular file\n",
			      path, kind_of(st.st_mode));
	else if (course_ydoc_size_ok(path, (unsigned long long)st.st_size, err))
		buf = read_fd(fd, path, (size_t)st.st_size, len, err);
	close(fd);
	return buf;
}

static void cyaml_log_to_buf(cyaml_log_t level, void *ctx, const char *fmt,
			     va_list args)
{
	(void)level;
	strbuf_vprintf(ctx, fmt, args);
}

/* libcyaml loads only after ydoc_check passed, so a failure here is rare
 * (a limit, memory); its own log is the best message there is. */
static void *load_cyaml(const char *path, const char *data, size_t len,
			const cyaml_schema_value_t *schema, struct strbuf *err)
{
	struct strbuf log = STRBUF_INIT;
	cyaml_config_t cfg = *course_cyaml_config();
	cfg.log_fn = cyaml_log_to_buf;
	cfg.log_ctx = &log;
	cfg.log_level = CYAML_LOG_ERROR;
	void *out = NULL;
	cyaml_err_t e = cyaml_load_data((const uint8_t *)data, len, &cfg,
					schema, (cyaml_data_t **)&out, NULL);
	if (e != CYAML_OK) {
		strbuf_printf(err, "%s:1:1: %s", path, cyaml_strerror(e));
		if (log.len)
			strbuf_printf(err, ": %s", strbuf_str(&log));
		if (!err->len || strbuf_str(err)[err->len - 1] != '\n')
			strbuf_putc(err, '\n');
		out = NULL;
	}
	strbuf_free(&log);
	return out;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* The *.yaml file names in dir except course.yaml, sorted; NULL (with a
 * message) when the folder cannot be read or holds more than
 * MAX_LESSON_FILES of them. An empty list is not NULL. Whether each is a
 * regular file is for read_file to say, with the file's name. */
static char **list_lessons(const char *dir, size_t *n, struct strbuf *err)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d) {
		strbuf_printf(err, "%s: cannot open the course folder: %s\n", dir,
			      strerror(errno));
		return NULL;
	}
	size_t cap = 8;
	char **names = malloc(cap * sizeof *names);
	bool ok = names != NULL;
	if (!ok)
		strbuf_printf(err, "%s: out of memory listing the course folder\n", dir);
	while (ok) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			if (errno) {
				strbuf_printf(err, "%s: cannot read the course folder: %s\n",
					      dir, strerror(errno));
				ok = false;
			}
			break;
		}
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") ||
		    !strcmp(de->d_name, "course.yaml") || de->d_name[0] == '.')
			continue;
		if (*n == MAX_LESSON_FILES) {
			strbuf_printf(err, "%s: more than %d question files (*.yaml) in the "
				      "course folder; a course may have at most %d\n", dir,
				      MAX_LESSON_FILES, MAX_LESSON_FILES);
			ok = false;
			break;
		}
		if (*n == cap) {
			char **grown = realloc(names, 2 * cap * sizeof *names);
			if (!grown) {
				strbuf_printf(err, "%s: out of memory listing the course folder\n", dir);
				ok = false;
				break;
			}
			names = grown;
			cap *= 2;
		}
		char *copy = strdup(de->d_name);
		if (!copy) {
			strbuf_printf(err, "%s: out of memory listing the course folder\n", dir);
			ok = false;
			break;
		}
		names[(*n)++] = copy;
	}
	closedir(d);
	if (!ok) {
		free_names(names, *n);
		*n = 0;
		return NULL;
	}
	qsort(names, *n, sizeof *names, by_name);
	return names;
}

static char *join(const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s/%s", dir, name);
	return strbuf_steal(&sb);
}

/* Where a course's bytes come from. read returns the text of course.yaml
 * (i == COURSE_YAML) or of lesson i, at path, malloc'd; NULL with a
 * message. */
#define COURSE_YAML SIZE_MAX
struct source {
	const char *dir;
	const char *const *names;       /* lesson file names, in course order */
	size_t n;
	char *(*read)(const struct source *src, size_t i, const char *path,
		      size_t *len, struct strbuf *err);
	const struct course_file *course_yaml;   /* memory only */
	const struct course_file *lessons;       /* memory only */
};

static char *read_from_folder(const struct source *src, size_t i,
			      const char *path, size_t *len, struct strbuf *err)
{
	(void)src;
	(void)i;
	return read_file(path, len, err);
}

static char *read_from_memory(const struct source *src, size_t i,
			      const char *path, size_t *len, struct strbuf *err)
{
	const struct course_file *f = i == COURSE_YAML ? src->course_yaml : &src->lessons[i];
	char *copy = malloc(f->len ? f->len : 1);
	if (!copy) {
		strbuf_printf(err, "%s:1:1: out of memory reading the file\n", path);
		return NULL;
	}
	memcpy(copy, f->data, f->len);
	*len = f->len;
	return copy;
}

static bool load_course_file(struct course_impl *ci, const struct source *src,
			     struct strbuf *err)
{
	char *path = join(src->dir, "course.yaml");
	size_t len = 0;
	char *data = path ? src->read(src, COURSE_YAML, path, &len, err) : NULL;
	bool ok = false;
	if (data) {
		struct ydoc yd;
		if (course_ydoc_parse(&yd, path, (const unsigned char *)data, len, err)) {
			if (course_ydoc_check(&yd, &course_y_course_schema, err) == 0) {
				ci->ycourse = load_cyaml(path, data, len,
							 &course_y_course_schema, err);
				ok = ci->ycourse != NULL;
			}
			course_ydoc_free(&yd);
		}
	}
	free(data);
	free(path);
	return ok;
}

/* Load question file qi into its slot; false with messages in err. *total
 * counts the bytes of lessons read so far, against MAX_COURSE_BYTES. */
static bool load_question(struct course_impl *ci, const struct source *src,
			  size_t qi, size_t *total, struct strbuf *err)
{
	const char *path = ci->files[qi];
	size_t len = 0;
	char *data = src->read(src, qi, path, &len, err);
	if (!data)
		return false;
	*total += len;
	if (*total > MAX_COURSE_BYTES) {
		strbuf_printf(err, "%s:1:1: the course's lesson files add up to more than "
			      "%zu bytes (4 MiB), the limit for a course\n", path,
			      MAX_COURSE_BYTES);
		free(data);
		return false;
	}
	/* The tree is kept: variants are built from it later, with the same
	 * positions in their messages. */
	struct ydoc *yd = &ci->ydocs[qi];
	bool ok = false;
	if (course_ydoc_parse(yd, path, (const unsigned char *)data, len, err)) {
		if (course_ydoc_check(yd, &course_y_question_schema, err) == 0) {
			ci->yq[qi] = load_cyaml(path, data, len,
						&course_y_question_schema, err);
			if (ci->yq[qi])
				ok = course_build_question(ci, qi, yd, err, NULL) &&
				     course_build_points(ci, qi, yd, err) &&
				     course_build_mistakes(ci, qi, yd, err);
		}
	}
	free(data);
	return ok;
}

static char *course_key_of_path(const char *dir);

/* A course's name, the last component of its folder ("content/ift6135-a2/"
 * is "ift6135-a2"): what progress is filed under and variants are drawn
 * from, so the same course keeps both wherever it is installed. */
char *course_key_of(const char *dir)
{
	/* "." and "../x/" name a folder too: by its real name when it has one */
	char *real = realpath(dir, NULL);
	if (real) {
		char *key = course_key_of_path(real);
		free(real);
		return key;
	}
	return course_key_of_path(dir);
}

static char *course_key_of_path(const char *dir)
{
	size_t end = strlen(dir);
	while (end > 1 && dir[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	return strndup(dir + start, end - start);
}

/* Everything after the folder is listed, for either source. listing holds
 * the listing's own messages (after course.yaml's, as they are found);
 * src->names is NULL when the listing failed. */
static struct course *load(const struct source *src, const struct strbuf *listing,
			   char **error)
{
	struct strbuf err = STRBUF_INIT;
	struct course_impl *ci = calloc(1, sizeof *ci);
	size_t n_files = src->names ? src->n : 0;
	bool ok = ci != NULL;
	if (ok) {
		ci->dir = strdup(src->dir);
		ci->pub.dir = ci->dir;
		ok = ci->dir && load_course_file(ci, src, &err);
		/* the course's own id, else its folder's name: what progress is
		 * filed under and a student's variant is drawn from */
		ci->key = ok && ci->ycourse->id ? strdup(ci->ycourse->id)
			: ci->dir ? course_key_of(ci->dir) : NULL;
		ok = ok && ci->key;
		strbuf_append(&err, strbuf_str(listing));
		if (src->names && n_files == 0) {
			strbuf_printf(&err, "%s: no question files (*.yaml) in the course folder\n",
				      src->dir);
			ok = false;
		}
		if (!src->names)
			ok = false;
	}
	if (ok && n_files) {
		ci->questions = calloc(n_files, sizeof *ci->questions);
		ci->yq = calloc(n_files, sizeof *ci->yq);
		ci->files = calloc(n_files, sizeof *ci->files);
		ci->first_part = calloc(n_files, sizeof *ci->first_part);
		ci->ydocs = calloc(n_files, sizeof *ci->ydocs);
		ci->rq = calloc(n_files, sizeof *ci->rq);
		ok = ci->questions && ci->yq && ci->files && ci->first_part && ci->ydocs &&
		     ci->rq;
	}
	if (ok && ci->questions) {
		ci->pub.questions = ci->questions;
		ci->pub.n_questions = n_files;
		size_t total = 0;
		for (size_t i = 0; i < n_files && total <= MAX_COURSE_BYTES; i++) {
			ci->files[i] = join(src->dir, src->names[i]);
			if (!ci->files[i] || !load_question(ci, src, i, &total, &err))
				ok = false;
		}
	}
	if (ok)
		ok = course_link_parts(ci, &err);
	if (ok && ci->ycourse)
		ci->pub.title = ci->ycourse->title;
	if (!ok || err.oom) {
		if (err.len == 0 || err.oom) {
			strbuf_free(&err);
			strbuf_printf(&err, "%s: out of memory\n", src->dir);
		}
		course_free(ci ? &ci->pub : NULL);
		if (error)
			*error = strbuf_steal(&err);
		strbuf_free(&err);
		return NULL;
	}
	strbuf_free(&err);
	if (error)
		*error = NULL;
	return &ci->pub;
}

struct course *course_load(const char *dir, char **error)
{
	struct strbuf listing = STRBUF_INIT;
	size_t n = 0;
	char **names = list_lessons(dir, &n, &listing);
	struct source src = { dir, (const char *const *)names, n, read_from_folder,
			      NULL, NULL };
	struct course *c = load(&src, &listing, error);
	free_names(names, n);
	strbuf_free(&listing);
	return c;
}

struct course *course_load_files(const char *dir, const struct course_file *course_yaml,
				 const struct course_file *lessons, size_t n,
				 char **error)
{
	assert(course_yaml && (lessons || n == 0));
	const char **names = malloc((n ? n : 1) * sizeof *names);
	if (!names) {
		if (error)
			*error = NULL;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = lessons[i].name;
	struct source src = { dir, names, n, read_from_memory, course_yaml, lessons };
	struct strbuf listing = STRBUF_INIT;
	struct course *c = load(&src, &listing, error);
	free(names);
	return c;
}
