# Shared by the end-to-end scripts: a private tmux server, a private HOME
# and state directory, and polling helpers that read the screen.
#
# Usage: . lib.sh BINARY   (sets BIN, WORK, DB; exits 77 without tmux)

BIN=${1:?usage: $0 path/to/cnntutor}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
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
# "cnntutor-exited-STATUS" and stays, so the status can be read.
start() {
	t kill-session -t e2e >/dev/null 2>&1
	t new-session -d -s e2e -x "${COLS_:-80}" -y "${ROWS_:-24}" \
		"${START_ENV:-} $BIN --progress '$DB' $*; echo cnntutor-exited-\$?; sleep 600"
}

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
