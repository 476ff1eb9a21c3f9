# Shared by the end-to-end scripts: a private tmux server, a private HOME
# and state directory, and polling helpers that read the screen.
#
# Usage: . lib.sh BINARY   (sets BIN, WORK, DB; exits 77 without tmux)

BIN=${1:?usage: $0 path/to/cnntutor}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipping" >&2
	exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-e2e.XXXXXX")
SOCK=cnntutor-e2e-$$
DB=$WORK/progress.db
export HOME=$WORK/home XDG_STATE_HOME=$WORK/state
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR CNNTUTOR_COURSE
mkdir -p "$HOME" "$XDG_STATE_HOME"
TIMEOUT=${E2E_TIMEOUT:-20}   # seconds to wait for any one screen
FAILED=0

t() { tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	local sock
	sock=$(t display-message -p '#{socket_path}' 2>/dev/null)
	t kill-server >/dev/null 2>&1
	# tmux leaves its socket file behind.
	[ -n "$sock" ] && rm -f "$sock"
	rm -rf "$WORK"
}
trap cleanup EXIT

# One idle session keeps the private server alive between runs, so a new
# run never races the server's exit.
t new-session -d -s keeper "sleep 3600" || { echo "tmux cannot start" >&2; exit 1; }

# Start the tutor in a fresh 80x24 window. When it exits, the pane prints
# "cnntutor-exited-STATUS" and stays, so the status can be read; the
# terminal's modes as the tutor left them are in $WORK/stty. The pane's
# shell catches Ctrl-C and Ctrl-\ (the tutor gets them too, as default
# actions reset by exec), so that it outlives a tutor that dies of them.
start() {
	t kill-session -t e2e >/dev/null 2>&1
	rm -f "$WORK/stty"
	t new-session -d -s e2e -x "${COLS_:-80}" -y "${ROWS_:-24}" \
		"trap : INT QUIT; ulimit -c 0; ${START_ENV:-} $BIN --progress '$DB' $*; echo cnntutor-exited-\$?; stty -a > '$WORK/stty'; sleep 600"
}

# The pid of the tutor started by start (the pane's shell is its parent).
tutor_pid() {
	pgrep -P "$(t display-message -p -t e2e '#{pane_pid}')" || true
}

# 1 when the pane shows the alternate screen, else 0.
alternate_on() { t display-message -p -t e2e '#{alternate_on}'; }

# Start with the tutor itself as the pane's process, so pane_pid is its pid.
start_bare() {
	t kill-session -t e2e >/dev/null 2>&1
	t new-session -d -s e2e -x 80 -y 24 "exec $BIN --progress '$DB' $*"
}

screen() { t capture-pane -p -t e2e 2>/dev/null; }
# The screen with its colours and attributes as escape sequences.
screen_sgr() { t capture-pane -e -p -t e2e 2>/dev/null; }
# True when the screen uses a foreground colour (SGR 31..36).
has_colour() { screen_sgr | grep -qE $'\e\\[([0-9]+;)*3[1-6](;[0-9]+)*m'; }

fail() {
	echo "FAIL: $*" >&2
	echo "---- screen ----" >&2
	screen >&2
	echo "----------------" >&2
	exit 1
}

# Wait until the screen shows TEXT (a fixed string), polling; fail after
# TIMEOUT seconds with the screen printed.
wait_for() {
	local text=$1 deadline=$((SECONDS + TIMEOUT))
	local now
	while [ $SECONDS -lt $deadline ]; do
		now=$(screen)
		if printf '%s\n' "$now" | grep -qF -- "$text"; then
			return 0
		fi
		# The tutor is gone: no point waiting any longer.
		if printf '%s\n' "$now" | grep -q "^cnntutor-exited-"; then
			break
		fi
		sleep 0.05
	done
	fail "screen never showed '$text' ($2)"
}

# Wait until TEXT is gone from the screen.
wait_gone() {
	local text=$1 deadline=$((SECONDS + TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		if ! screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	fail "screen still shows '$text' ($2)"
}

keys() { t send-keys -t e2e "$@"; }
# Type text literally (no key-name lookup).
type_text() { t send-keys -t e2e -l -- "$1"; }

# Attempts recorded for a part, as "answer,verdict" lines, read back from
# the database file by the progress command's CSV export.
db_attempts() {
	"$BIN" --progress "$DB" progress --format csv |
		awk -F, -v part="$1" '$3 == part { print $4 "," $5 }'
}

pass() { echo "ok - $*"; }

# Like start, but the tutor runs under wait_status.py, which prints
# "cnntutor-killed-by-SIGNAME" when a signal ended it (else
# "cnntutor-exited-STATUS"); $WORK/stty holds the modes it left.
start_waited() {
	t kill-session -t e2e >/dev/null 2>&1
	rm -f "$WORK/stty"
	t new-session -d -s e2e -x 80 -y 24 \
		"trap : INT QUIT; ulimit -c 0; ${START_ENV:-} python3 '$E2E_DIR/wait_status.py' $BIN --progress '$DB' $*; stty -a > '$WORK/stty'; sleep 600"
}

# The pid of the tutor started by start_waited (the pane's shell runs the
# wrapper, which runs the tutor).
waited_pid() {
	local wrapper
	wrapper=$(pgrep -P "$(t display-message -p -t e2e '#{pane_pid}')" || true)
	[ -n "$wrapper" ] && pgrep -P "$wrapper"
}

# The modes the tutor left on its terminal include canonical input and echo.
modes_restored() {
	local deadline=$((SECONDS + TIMEOUT))
	while [ ! -s "$WORK/stty" ] && [ $SECONDS -lt $deadline ]; do
		sleep 0.05
	done
	grep -qE '(^| )icanon( |;|$)' "$WORK/stty" &&
		grep -qE '(^| )echo( |;|$)' "$WORK/stty"
}
