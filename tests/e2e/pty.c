/* See pty.h. */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pty.h"

double pty_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

pid_t pty_spawn(char *const argv[], int rows, int cols, int *master)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		if (m >= 0)
			close(m);
		return -1;
	}
	const char *slave_name = ptsname(m);
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
	pid_t pid = fork();
	if (pid < 0) {
		close(m);
		return -1;
	}
	if (pid == 0) {
		setsid();
		int slave = open(slave_name, O_RDWR);
		if (slave < 0)
			_exit(127);
		ioctl(slave, TIOCSCTTY, 0);
		ioctl(slave, TIOCSWINSZ, &ws);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		close(m);
		execv(argv[0], argv);
		_exit(127);
	}
	*master = m;
	return pid;
}

double pty_read_until_quiet(int master, int quiet_ms, int limit_ms, char *buf,
			    size_t size, size_t *len)
{
	double start = pty_now_ms(), last = -1;
	for (;;) {
		double now = pty_now_ms();
		if (now - start > limit_ms)
			break;
		struct pollfd p = { master, POLLIN, 0 };
		if (poll(&p, 1, quiet_ms) <= 0) {
			if (last >= 0)
				break;  /* quiet after a burst: drawn */
			continue;
		}
		char chunk[4096];
		ssize_t n = read(master, chunk, sizeof chunk);
		if (n <= 0)
			break;
		last = pty_now_ms();
		for (ssize_t i = 0; i < n && *len + 1 < size; i++)
			buf[(*len)++] = chunk[i];
		buf[*len] = '\0';
	}
	return last;
}

void pty_end(pid_t pid, int master)
{
	int status;
	if (waitpid(pid, &status, WNOHANG) != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	close(master);
}

bool pty_bench_setup(char *dir, char *db, size_t db_size)
{
	const char *made = mkdtemp(dir);
	if (!made) {
		perror("mkdtemp");
		return false;
	}
	snprintf(db, db_size, "%s/progress.db", made);
	setenv("TERM", "xterm-256color", 1);
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("LANG", "C.UTF-8", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("CNNTUTOR_COURSE");
	return true;
}

void pty_bench_cleanup(const char *dir, const char *db)
{
	char path[256];
	const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".lock" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
	rmdir(dir);
}
