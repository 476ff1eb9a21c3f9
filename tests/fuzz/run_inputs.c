/* Runs files through the fuzz target without libFuzzer, so every build
 * replays the seed corpus and every crash ever found (tests/fuzz/regressions).
 *
 * Usage: run_inputs PATH...   (a PATH is a file or a folder of files)
 * Each input runs in a child process, so one that aborts does not hide the
 * others: every failing input is named, and the exit status is 1 if any
 * failed, 0 when all ran cleanly. */
#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "run_inputs: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 4096, len = 0;
	uint8_t *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "run_inputs: out of memory reading %s\n", path);
		return 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		/* No process to spare: run it here; an abort still names it. */
		fprintf(stderr, "%s\n", path);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		return 0;
	}
	if (pid == 0) {
		LLVMFuzzerTestOneInput(buf, len);
		_exit(0);
	}
	free(buf);
	int status = 0;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAILED: %s (%s %d)\n", path,
			WIFSIGNALED(status) ? "signal" : "exit status",
			WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, unsigned *count, unsigned *failed)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "run_inputs: no such file or folder: %s\n", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		int r = run_file(path);
		*failed += r != 0;
		return r;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "run_inputs: cannot read folder %s\n", path);
		return 1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char **nn = realloc(names, (n + 1) * sizeof *names);
		if (!nn)
			break;
		names = nn;
		size_t l = strlen(path) + strlen(de->d_name) + 2;
		names[n] = malloc(l);
		snprintf(names[n], l, "%s/%s", path, de->d_name);
		n++;
	}
	closedir(d);
	/* Sorted, so a run is the same everywhere. */
	qsort(names, n, sizeof *names, cmp);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat fst;
		if (stat(names[i], &fst) == 0 && S_ISREG(fst.st_mode)) {
			(*count)++;
			int r = run_file(names[i]);
			*failed += r != 0;
			rc |= r;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: run_inputs PATH...\n");
		return 2;
	}
	int rc = 0;
	unsigned count = 0, failed = 0;
	for (int i = 1; i < argc; i++)
		rc |= run_path(argv[i], &count, &failed);
	if (count == 0) {
		fprintf(stderr, "run_inputs: no inputs found\n");
		return 1;
	}
	printf("%u inputs ran, %u failed\n", count, failed);
	return rc;
}
