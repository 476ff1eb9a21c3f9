/* The terminal, always restored, however the full-screen tutor ends.
 *
 * Signals whose default action ends the process only set a flag: the loop
 * notices it within a quarter second (reading keys times out, and a signal
 * cuts the wait short), leaves curses the ordinary way, and the program
 * then dies of that same signal (ui_die_of_signal) so that its parent sees
 * the real cause. A second such signal while the first is pending means the
 * loop is not listening: the terminal is restored from the handler and the
 * process dies at once.
 *
 * Crash signals cannot wait for the loop. Their handler restores the
 * terminal with async-signal-safe calls only: write() of a sequence built
 * in advance from terminfo (attributes off, cursor on, keypad off, leave
 * the alternate screen, bracketed paste off) and tcsetattr() of the modes
 * saved before curses started; then it re-raises the signal.
 *
 * A signal that was ignored when the tutor started (nohup, a background
 * job) stays ignored. */
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ui.h"
#include "ui_internal.h"
/* Last: term.h defines a macro for every capability name (tone, lines,
 * columns ...), which would rewrite the declarations above. */
#include <term.h>

static volatile sig_atomic_t pending;
static int tty_fd = -1;
static struct termios saved_modes;
static bool have_modes;
static char restore_seq[512];
static size_t restore_len;

/* Default action: end the process (or dump core, for SIGQUIT, SIGXCPU and
 * SIGXFSZ, which a user or a limit sends, not a fault). */
static const int stop_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
#ifdef SIGPOLL
	SIGPOLL,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};

/* Faults (and abort): the program cannot go on running. */
static const int crash_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGTRAP,
};

#define N_STOP (sizeof stop_signals / sizeof stop_signals[0])
#define N_CRASH (sizeof crash_signals / sizeof crash_signals[0])
/* Room for the real-time signals, whose default action also ends. */
#define MAX_ARMED (N_STOP + N_CRASH + 64)

static struct {
	int sig;
	struct sigaction old;
} armed[MAX_ARMED];
static size_t n_armed;

/* Async-signal-safe: write() and tcsetattr() only. */
static void restore_now(void)
{
	size_t done = 0;
	while (done < restore_len) {
		ssize_t n = write(tty_fd, restore_seq + done, restore_len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (have_modes)
		tcsetattr(tty_fd, TCSANOW, &saved_modes);
}

void ui_die_of_signal(int sig)
{
	/* sigaction, sigprocmask and raise are async-signal-safe: this also
	 * serves the handlers. */
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	/* Inside the signal's own handler it is blocked: let it through. */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void on_stop(int sig)
{
	if (pending) {
		restore_now();
		ui_die_of_signal(sig);
		return;
	}
	pending = sig;
}

static void on_crash(int sig)
{
	restore_now();
	ui_die_of_signal(sig);
}

static void arm(int sig, void (*handler)(int))
{
	struct sigaction sa, old;
	if (n_armed == MAX_ARMED || sigaction(sig, NULL, &old) != 0
	    || old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigfillset(&sa.sa_mask);  /* one handler at a time */
	/* No SA_RESTART: a signal cuts the wait for a key short. */
	if (sigaction(sig, &sa, NULL) == 0) {
		armed[n_armed].sig = sig;
		armed[n_armed].old = old;
		n_armed++;
	}
}

void ui_term_arm(int fd)
{
	pending = 0;
	tty_fd = fd;
	restore_len = 0;
	have_modes = tcgetattr(fd, &saved_modes) == 0;
	n_armed = 0;
	for (size_t i = 0; i < N_STOP; i++)
		arm(stop_signals[i], on_stop);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		arm(sig, on_stop);
#endif
	for (size_t i = 0; i < N_CRASH; i++)
		arm(crash_signals[i], on_crash);
}

static void append_cap(const char *name)
{
	char *cap = tigetstr((char *)name);
	if (!cap || cap == (char *)-1)
		return;
	size_t len = strlen(cap);
	if (len < sizeof restore_seq - restore_len) {
		memcpy(restore_seq + restore_len, cap, len);
		restore_len += len;
	}
}

void ui_term_ready(void)
{
	static const char paste_off[] = "\033[?2004l";
	/* Built whole before a handler may use it: signals wait meanwhile. */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	restore_len = 0;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	append_cap("rmcup");
	if (sizeof paste_off - 1 <= sizeof restore_seq - restore_len) {
		memcpy(restore_seq + restore_len, paste_off, sizeof paste_off - 1);
		restore_len += sizeof paste_off - 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

bool ui_term_known(void)
{
	const char *term = getenv("TERM") ? getenv("TERM") : "";
	int err = 0;
	/* Loaded and freed again here because newterm, given a TERM the
	 * terminfo database does not know, fails leaving memory behind. */
	if (setupterm(NULL, fileno(stdout), &err) == OK) {
		del_curterm(cur_term);
		return true;
	}
	if (err == 1)
		fprintf(stderr, "cnntutor: TERM=%s is a hardcopy terminal: the "
			"full-screen tutor needs a screen; try --plain\n", term);
	else if (err == 0)
		fprintf(stderr, "cnntutor: TERM=%s: no such terminal in the "
			"terminfo database; set TERM to your terminal's name "
			"(e.g. xterm-256color) or try --plain\n", term);
	else
		fprintf(stderr, "cnntutor: no terminfo database was found "
			"(TERM=%s); try --plain\n", term);
	return false;
}

int ui_term_pending(void)
{
	return pending;
}

void ui_term_disarm(void)
{
	/* The modes as they were, should curses have left any change. */
	if (have_modes)
		tcsetattr(tty_fd, TCSANOW, &saved_modes);
	for (size_t i = n_armed; i-- > 0;)
		sigaction(armed[i].sig, &armed[i].old, NULL);
	n_armed = 0;
	restore_len = 0;
}
