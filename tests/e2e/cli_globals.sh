#!/usr/bin/env bash
# The global options (--course, --progress, --plain) work wherever they
# stand before a "--", before or after the subcommand, and the subcommand
# still gets its own options; an empty --course or --progress is refused
# with a message.
set -u
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
mini=$here/../tutor/fixtures/mini
work=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-globals.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_STATE_HOME=$work/state LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNNTUTOR_COURSE
mkdir -p "$HOME"
failures=0

# expect NAME WANT_STATUS WANT_STDOUT_SUBSTRING WANT_STDERR_SUBSTRING -- ARGS...
expect() {
	local name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	local out err status
	out=$("$bin" "$@" 2>"$work/err" < /dev/null)
	status=$?
	err=$(cat "$work/err")
	if [ "$status" -ne "$want_status" ] ||
	   [[ "$out" != *"$want_out"* ]] || [[ "$err" != *"$want_err"* ]]; then
		printf 'FAIL %s: cnntutor %s\n  status %s (want %s)\n  stdout: %s\n  stderr: %s\n' \
			"$name" "$*" "$status" "$want_status" "$out" "$err"
		failures=$((failures + 1))
	fi
}

# One attempt in a store of our own, made through the plain tutor.
db=$work/mine.db
printf '8\n' | "$bin" tutor --course "$mini" --plain --progress "$db" > /dev/null 2>&1

expect progress-after 0 "q1.a  correct" "" -- progress --course "$mini" --progress "$db"
expect progress-mixed 0 ",mini,q1.a,8,correct," "" -- progress --format csv --progress "$db" --course "$mini"
expect progress-equals 0 ",mini,q1.a,8,correct," "" -- progress --progress="$db" --format=csv --course="$mini"
expect progress-before 0 "q1.a  correct" "" -- --progress "$db" --course "$mini" progress

printf 'q1.a: 8\nq1.b: (9, 7)\n' > "$work/sheet.txt"
printf 'q1.c: 1\n' >> "$work/sheet.txt"
expect check-after 0 "q1.a: correct" "" -- check --course "$mini" "$work/sheet.txt"
expect check-file-first 0 "q1.b: correct" "" -- check "$work/sheet.txt" --course "$mini" --format text
expect check-json 0 '"verdict": "correct"' "" -- check --format json --course "$mini" "$work/sheet.txt"
expect list-after 0 "q1.c" "" -- list --course "$mini"
expect show-after 0 "Two widths" "" -- show q1.b --course "$mini"

# (--plain after the command on a terminal: plain.sh.)
expect plain-after 0 "Plain mode" "" -- tutor --plain --course "$mini" --progress "$work/p.db" q1.b
expect plain-after-id 0 "== q1.b" "" -- tutor q1.b --plain --course "$mini" --progress "$work/p.db"

# After "--" nothing is a global option: the subcommand gets it as is.
expect after-dashdash 2 "" "unexpected argument '--'" -- list -- --course "$mini"
expect dashdash-first 0 "q1.a" "" -- --course "$mini" -- list

expect course-empty 2 "" "--course needs a course directory, not an empty string" -- --course "" list
expect course-empty-eq 2 "" "--course needs a course directory, not an empty string" -- list --course=
expect course-empty-after 2 "" "--course needs a course directory" -- check --course "" "$work/sheet.txt"
expect progress-empty 2 "" "--progress needs a progress file, not an empty string" -- progress --progress ""
expect course-missing 2 "" "--course needs an argument" -- list --course
expect unknown-before 2 "" "unknown option '--nosuch'" -- --nosuch list
expect unknown-after 2 "" "unexpected argument '--nosuch'" -- list --nosuch

[ "$failures" -eq 0 ] && echo "cli_globals: all cases pass"
exit $((failures > 0))
