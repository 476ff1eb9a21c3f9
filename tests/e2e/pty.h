/* The real binary on a pseudo-terminal, for the benchmarks that time what
 * a student's terminal sees (bench_startup.c, bench_labkey.c). */
#ifndef CNNTUTOR_TESTS_E2E_PTY_H
#define CNNTUTOR_TESTS_E2E_PTY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Milliseconds on the monotonic clock. */
double pty_now_ms(void);

/* Run argv[0] with argv on a new pty of rows × cols as its controlling
 * terminal (stdin, stdout and stderr). Returns its pid and the master's
 * fd in *master; -1 on failure. */
pid_t pty_spawn(char *const argv[], int rows, int cols, int *master);

/* Read from master until it has been quiet for quiet_ms or limit_ms have
 * passed: the time of the last byte (pty_now_ms), or -1 when none came.
 * The bytes read are appended to buf (at most size - 1 of them, then
 * NUL-terminated; *len their count). */
double pty_read_until_quiet(int master, int quiet_ms, int limit_ms, char *buf,
			    size_t size, size_t *len);

/* A benchmark's private state: a new folder from the mkdtemp template
 * dir, its progress database's path in db, and the environment of a
 * student's terminal (TERM=xterm-256color, a UTF-8 locale, XDG_STATE_HOME
 * in the folder, no CNNTUTOR_COURSE). False, said on stderr, when the
 * folder cannot be made. */
bool pty_bench_setup(char *dir, char *db, size_t db_size);
/* Remove that database, its journals and lock, and the folder. */
void pty_bench_cleanup(const char *dir, const char *db);

/* Kill pid (SIGKILL unless it already left), reap it and close master. */
void pty_end(pid_t pid, int master);

#endif
