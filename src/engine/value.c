/* Values: construction in an arena, copies the caller owns, printing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "strbuf.h"

static void *alloc_in(struct arena *a, size_t size)
{
	return a ? arena_calloc(a, 1, size) : calloc(1, size);
}

struct engine_value *value_number(struct arena *a, double x)
{
	struct engine_value *v = alloc_in(a, sizeof *v);
	if (v) {
		v->kind = ENGINE_NUMBER;
		v->number = x;
	}
	return v;
}

struct engine_value *value_bool(struct arena *a, bool b)
{
	struct engine_value *v = alloc_in(a, sizeof *v);
	if (v) {
		v->kind = ENGINE_BOOL;
		v->number = b;
	}
	return v;
}

struct engine_value *value_identity(struct arena *a, double scale)
{
	struct engine_value *v = value_number(a, scale);
	if (v)
		v->kind = ENGINE_IDENTITY;
	return v;
}

struct engine_value *value_matrix(struct arena *a, size_t rows, size_t cols)
{
	if (rows == 0 || cols == 0 || rows > ENGINE_MAX_ELEMENTS ||
	    cols > ENGINE_MAX_ELEMENTS || rows * cols > ENGINE_MAX_ELEMENTS)
		return NULL;
	struct engine_value *v = alloc_in(a, sizeof *v);
	if (!v)
		return NULL;
	v->kind = ENGINE_MATRIX;
	v->rows = rows;
	v->cols = cols;
	v->data = a ? arena_alloc(a, rows * cols * sizeof(double))
		    : malloc(rows * cols * sizeof(double));
	if (!v->data) {
		if (!a)
			free(v);
		return NULL;
	}
	return v;
}

struct engine_value *value_copy(struct arena *a, const struct engine_value *v)
{
	struct engine_value *c = alloc_in(a, sizeof *c);
	if (!c)
		return NULL;
	*c = *v;
	c->data = NULL;
	c->dims = NULL;
	c->text = NULL;
	bool ok = true;
	if (v->kind == ENGINE_MATRIX) {
		size_t bytes = v->rows * v->cols * sizeof(double);
		c->data = a ? arena_alloc(a, bytes) : malloc(bytes);
		ok = c->data != NULL;
		if (ok)
			memcpy(c->data, v->data, bytes);
	} else if (v->kind == ENGINE_SHAPE) {
		size_t bytes = v->ndims * sizeof(double);
		c->dims = a ? arena_alloc(a, bytes ? bytes : 1) : malloc(bytes ? bytes : 1);
		ok = c->dims != NULL;
		if (ok && bytes)
			memcpy(c->dims, v->dims, bytes);
	} else if (v->kind == ENGINE_STRING) {
		size_t n = strlen(v->text);
		c->text = a ? arena_strndup(a, v->text, n) : strdup(v->text);
		ok = c->text != NULL;
	}
	if (!ok) {
		if (!a)
			engine_value_free(c);
		return NULL;
	}
	return c;
}

struct engine_value *engine_value_copy(const struct engine_value *v)
{
	return v ? value_copy(NULL, v) : NULL;
}

void engine_value_free(struct engine_value *v)
{
	if (!v)
		return;
	free(v->data);
	free(v->dims);
	free(v->text);
	free(v);
}

size_t engine_value_vector_length(const struct engine_value *v)
{
	if (!v || v->kind != ENGINE_MATRIX)
		return 0;
	if (v->cols == 1)
		return v->rows;
	if (v->rows == 1)
		return v->cols;
	return 0;
}

bool value_as_number(const struct engine_value *v, double *x)
{
	switch (v->kind) {
	case ENGINE_NUMBER:
	case ENGINE_BOOL:
		*x = v->number;
		return true;
	case ENGINE_MATRIX:
		if (v->rows == 1 && v->cols == 1) {
			*x = v->data[0];
			return true;
		}
		return false;
	case ENGINE_SHAPE: {
		double p = 1;
		for (size_t i = 0; i < v->ndims; i++)
			p *= v->dims[i];
		*x = p;
		return true;
	}
	default:
		return false;
	}
}

void value_describe(const struct engine_value *v, char *buf, size_t size)
{
	switch (v->kind) {
	case ENGINE_NUMBER: snprintf(buf, size, "a number"); break;
	case ENGINE_BOOL: snprintf(buf, size, "a truth value"); break;
	case ENGINE_MATRIX: snprintf(buf, size, "%zu×%zu", v->rows, v->cols); break;
	case ENGINE_SHAPE: snprintf(buf, size, "a shape"); break;
	case ENGINE_IDENTITY: snprintf(buf, size, "I"); break;
	case ENGINE_STRING: snprintf(buf, size, "a string"); break;
	}
}

/* Up to 10 significant digits, no "-0", no trailing zeros. */
static void print_number(struct strbuf *sb, double x)
{
	if (x == 0)
		x = 0;  /* -0 prints as 0 */
	if (isnan(x)) {
		strbuf_append(sb, "undefined");
		return;
	}
	if (isinf(x)) {
		strbuf_append(sb, x > 0 ? "∞" : "-∞");
		return;
	}
	strbuf_printf(sb, "%.10g", x);
}

char *engine_value_print(const struct engine_value *v)
{
	struct strbuf sb = STRBUF_INIT;
	switch (v->kind) {
	case ENGINE_NUMBER:
		print_number(&sb, v->number);
		break;
	case ENGINE_BOOL:
		strbuf_append(&sb, v->number != 0 ? "true" : "false");
		break;
	case ENGINE_IDENTITY:
		if (v->number != 1) {
			print_number(&sb, v->number);
			strbuf_append(&sb, "·");
		}
		strbuf_append(&sb, "I");
		break;
	case ENGINE_STRING:
		strbuf_printf(&sb, "\"%s\"", v->text);
		break;
	case ENGINE_SHAPE:
		for (size_t i = 0; i < v->ndims; i++) {
			if (i)
				strbuf_append(&sb, "×");
			print_number(&sb, v->dims[i]);
		}
		break;
	case ENGINE_MATRIX:
		if (v->cols == 1) {
			strbuf_putc(&sb, '(');
			for (size_t i = 0; i < v->rows; i++) {
				if (i)
					strbuf_append(&sb, ", ");
				print_number(&sb, v->data[i]);
			}
			strbuf_putc(&sb, ')');
			break;
		}
		strbuf_putc(&sb, '[');
		for (size_t i = 0; i < v->rows; i++) {
			strbuf_append(&sb, i ? ", [" : "[");
			for (size_t j = 0; j < v->cols; j++) {
				if (j)
					strbuf_append(&sb, ", ");
				print_number(&sb, v->data[i * v->cols + j]);
			}
			strbuf_putc(&sb, ']');
		}
		strbuf_putc(&sb, ']');
		break;
	}
	return strbuf_steal(&sb);
}
