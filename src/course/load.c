/* course_load: read every lesson file of a folder, check it against the
 * schema with positions (ydoc.c), load it with libcyaml, then build the
 * model: scopes with the givens bound, every expression parsed, expected
 * values and worked steps evaluated. Any failure is a "file:line:col:"
 * message; loading goes on to report as many as it can, then fails. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "part_build.h"
#include "ydoc.h"

static char *read_whole(const char *path, size_t *len, struct strbuf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		strbuf_printf(err, "%s:1:1: cannot open the file: %s\n", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append_n(&sb, chunk, n);
	bool bad = ferror(f) || sb.oom;
	fclose(f);
	if (bad) {
		strbuf_free(&sb);
		strbuf_printf(err, "%s:1:1: cannot read the file\n", path);
		return NULL;
	}
	*len = sb.len;
	char *s = strbuf_steal(&sb);
	return s ? s : strdup("");
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

/* The *.yaml file names in dir except course.yaml, sorted; NULL (with a
 * message) when the folder cannot be read. An empty list is not NULL. */
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
	struct dirent *de;
	while (names && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") ||
		    !strcmp(de->d_name, "course.yaml") || de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			char **grown = realloc(names, 2 * cap * sizeof *names);
			if (!grown)
				break;
			names = grown;
			cap *= 2;
		}
		char *copy = strdup(de->d_name);
		if (!copy)
			break;
		names[(*n)++] = copy;
	}
	closedir(d);
	if (!names) {
		strbuf_printf(err, "%s: out of memory\n", dir);
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

static bool load_course_file(struct course_impl *ci, const char *dir,
			     struct strbuf *err)
{
	char *path = join(dir, "course.yaml");
	size_t len = 0;
	char *data = read_whole(path, &len, err);
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

/* Load one question file into slot qi; false with messages in err. */
static bool load_question(struct course_impl *ci, size_t qi, char *path,
			  struct strbuf *err)
{
	size_t len = 0;
	char *data = read_whole(path, &len, err);
	if (!data)
		return false;
	struct ydoc yd;
	bool ok = false;
	if (course_ydoc_parse(&yd, path, (const unsigned char *)data, len, err)) {
		if (course_ydoc_check(&yd, &course_y_question_schema, err) == 0) {
			ci->yq[qi] = load_cyaml(path, data, len,
						&course_y_question_schema, err);
			if (ci->yq[qi])
				ok = course_build_question(ci, qi, &yd, err);
		}
		course_ydoc_free(&yd);
	}
	free(data);
	return ok;
}

struct course *course_load(const char *dir, char **error)
{
	struct strbuf err = STRBUF_INIT;
	struct course_impl *ci = calloc(1, sizeof *ci);
	size_t n_files = 0;
	char **names = NULL;
	bool ok = ci != NULL;
	if (ok) {
		ci->dir = strdup(dir);
		ci->pub.dir = ci->dir;
		ok = load_course_file(ci, dir, &err);
		names = list_lessons(dir, &n_files, &err);
		if (names && n_files == 0) {
			strbuf_printf(&err, "%s: no question files (*.yaml) in the course folder\n", dir);
			ok = false;
		}
		if (!names)
			ok = false;
	}
	if (ok && n_files) {
		ci->questions = calloc(n_files, sizeof *ci->questions);
		ci->yq = calloc(n_files, sizeof *ci->yq);
		ci->files = calloc(n_files, sizeof *ci->files);
		ci->first_part = calloc(n_files, sizeof *ci->first_part);
		ok = ci->questions && ci->yq && ci->files && ci->first_part;
	}
	if (ci && ci->questions) {
		ci->pub.questions = ci->questions;
		ci->pub.n_questions = n_files;
		for (size_t i = 0; i < n_files; i++) {
			ci->files[i] = join(dir, names[i]);
			if (!load_question(ci, i, ci->files[i], &err))
				ok = false;
		}
	}
	for (size_t i = 0; i < n_files; i++)
		free(names[i]);
	free(names);
	if (ok)
		ok = course_link_parts(ci, &err);
	if (ok && ci->ycourse)
		ci->pub.title = ci->ycourse->title;
	if (!ok || err.oom) {
		if (err.len == 0)
			strbuf_printf(&err, "%s: out of memory\n", dir);
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
