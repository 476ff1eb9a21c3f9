#!/usr/bin/env bash
# Hostile answer sheets through the real binary: NUL bytes, a 128 MB line,
# a 64 MB stream, escape sequences, invalid UTF-8, UTF-16, byte-order marks,
# CR line ends, binary garbage, an empty file, a directory, FIFOs, UTF-32,
# a report written to a full disk.
# Each must give a clear message and the right exit status; what `check`
# prints, text or JSON, must be safe on a terminal (valid UTF-8, no control
# character but newlines: no C0, DEL or C1) and every JSON it prints must load with Python's strict UTF-8
# decoding; the peak memory of the big sheets stays that of a small one.
#
# Usage: sheets.sh PATH-TO-CNNTUTOR   (needs python3; about 10 s, 5 of
# them waiting on a FIFO nothing writes to)
set -u

BIN=${1:?usage: $0 path/to/cnntutor}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is not installed: skipping" >&2
	exit 77
fi
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COURSE=$SRC/content/ift6135-a2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-hostile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNNTUTOR_COURSE
# Under AddressSanitizer, freed memory waits in a quarantine that would
# read as growth.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
FAILED=0

# One Python per run of check, to keep the script fast on a loaded machine:
# run.py RC OUT ERR MODE COMMAND... runs COMMAND (a timeout bounds any
# hang) with stdout in OUT and stderr in ERR, checks that both are safe on
# a terminal, and for MODE json that OUT loads as one array of entries
# (strict UTF-8). It writes "STATUS PEAK-RSS-KB ENTRIES" to RC (ENTRIES
# -1 for text), and any problem on its stderr, exiting 1. With CHILD_STDIN
# set, COMMAND reads that file (Python itself refuses a directory as stdin).
cat >"$WORK/run.py" <<'PY'
import json, os, sys
rc, out, err, mode = sys.argv[1:5]
pid = os.fork()
if pid == 0:
    if os.environ.get("CHILD_STDIN"):
        os.dup2(os.open(os.environ["CHILD_STDIN"], os.O_RDONLY), 0)
    os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
    os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
    os.execvp("timeout", ["timeout", "60"] + sys.argv[5:])
_, st, ru = os.wait4(pid, 0)
problems, entries = [], -1
for name in (out, err):
    b = open(name, "rb").read()
    try:
        s = b.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("%s: invalid UTF-8: %s" % (name, e))
        continue
    bad = [i for i, c in enumerate(s) if (c < "\x20" and c != "\n") or "\x7f" <= c <= "\x9f"]
    if bad:
        problems.append("%s: control character U+%04X at character %d"
                        % (name, ord(s[bad[0]]), bad[0]))
if mode == "json":
    try:
        d = json.loads(open(out, "rb").read().decode("utf-8"))
        keys = {"id", "line", "answer", "verdict", "feedback", "source_error", "note",
                "mistake", "warning"}
        assert isinstance(d, list), "not an array"
        for e in d:
            assert isinstance(e, dict) and set(e) == keys, e
        entries = len(d)
    except Exception as e:
        problems.append("the JSON does not load: %r" % e)
with open(rc, "w") as f:
    f.write("%d %d %d\n" % (os.waitstatus_to_exitcode(st), ru.ru_maxrss, entries))
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# run_read: the figures run.py wrote, or a failure when it wrote none.
run_read() {
	if [ -f "$WORK/rc" ]; then
		read -r STATUS RSS ENTRIES <"$WORK/rc"
	else
		fail "run.py did not run"
		STATUS=none RSS=0 ENTRIES=none
	fi
	rm -f "$WORK/rc"
}

# check [ARGS...]: cnntutor check --partial ARGS on the bundled course
# (the sheets here are about their bytes, not about the ids they leave
# out), stdin as given to check. Sets STATUS and RSS; stdout in $WORK/out,
# stderr in $WORK/err, both checked for terminal safety.
check() {
	python3 "$WORK/run.py" "$WORK/rc" "$WORK/out" "$WORK/err" text \
		"$BIN" --course "$COURSE" check --partial "$@" ||
		fail "check $*: the output is not safe on a terminal"
	run_read
}

# check_json N [ARGS...]: check --format json ARGS; the output must load
# as one array of N entries.
check_json() {
	local want=$1
	shift
	python3 "$WORK/run.py" "$WORK/rc" "$WORK/out" "$WORK/err" json \
		"$BIN" --course "$COURSE" check --partial --format json "$@" ||
		fail "check --format json $*: not safe on a terminal, or not JSON"
	run_read
	[ "$ENTRIES" = "$want" ] || fail "check --format json $*: $ENTRIES entries, want $want"
}

fail() {
	echo "FAIL: $*" >&2
	echo "---- stdout (start) ----" >&2
	head -c 1500 "$WORK/out" >&2
	echo "---- stderr ----" >&2
	head -c 1500 "$WORK/err" >&2
	echo "------------------------" >&2
	FAILED=1
}
ok() { echo "ok - $*"; }

want_status() { [ "$STATUS" = "$1" ] || fail "$2: exit status $STATUS, want $1"; }
# want_out TEXT NAME / want_err TEXT NAME: a fixed string (newlines and
# all) in stdout / stderr
want_out() { [[ $(<"$WORK/out") == *"$1"* ]] || fail "$2: stdout lacks '$1'"; }
want_err() { [[ $(<"$WORK/err") == *"$1"* ]] || fail "$2: stderr lacks '$1'"; }

# Bytes from a Python bytes literal into a file.
bytes() { python3 -c "import sys; sys.stdout.buffer.write($2)" >"$WORK/$1"; }

# ---- a small sheet: the memory every other sheet is held to -------------
printf 'q2.a: 73728\nq2.b: 4*4*64*128\n' >"$WORK/small.txt"
check "$WORK/small.txt"
want_status 0 "small sheet"
BASE_RSS=$RSS
LIMIT=$((BASE_RSS + 4096))
ok "small sheet: exit 0, peak RSS $BASE_RSS kB"

# ---- NUL bytes -----------------------------------------------------------
bytes nul.txt 'b"q2.a: 73728\0 + 1000000\nq2.b: 4*4*64*128\n\0\n# a comment \0 too\n"'
check "$WORK/nul.txt"
want_status 1 "NUL"
want_out 'q2.a: invalid
  line 1 holds a NUL byte at column 12: "q2.a: 73728^@ + 1000000"' "NUL"
want_out 'q2.b: correct' "NUL"
want_out '  line 3 holds a NUL byte at column 1' "NUL"
want_out '  line 4 holds a NUL byte at column 13' "NUL"
check_json 4 "$WORK/nul.txt"
want_out '"answer": "73728\u0000 + 1000000"' "NUL json"
ok "NUL bytes: each such line refused with its number, exit 1"

# ---- a 128 MB line, from a file and through a pipe -----------------------
python3 - "$WORK/long.txt" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"q2.a: 73728\nq2.b: ")
    chunk = b"1" * (1 << 20)
    for _ in range(128):
        f.write(chunk)
    f.write(b"\nq2.b: 4*4*64*128\n")
PY
check "$WORK/long.txt"
# the refused line is graded and shown; q2.b's last answer is what counts
want_status 0 "128 MB line"
want_out 'q2.a: correct
q2.b: invalid
  line 2 is too long: 134217734 bytes, and a line holds at most 16384: "q2.b: 1111' "128 MB line"
want_out '…"
q2.b: correct
  Warning: line 3 answers q2.b again (line 2 did before): the last answer counts.' "128 MB line"
[ "$RSS" -le "$LIMIT" ] || fail "128 MB line: peak RSS $RSS kB, more than $BASE_RSS + 4096"
LONG_RSS=$RSS
check_json 3 - <"$WORK/long.txt"
[ "$RSS" -le "$LIMIT" ] || fail "128 MB line on stdin: peak RSS $RSS kB"
rm -f "$WORK/long.txt"
ok "128 MB line: refused with its length, exit 1, peak RSS $LONG_RSS kB"

# ---- a 64 MB stream of a million lines, through a pipe -------------------
# Pairs of 16-line blocks: 14 comments, a blank line, one answer (LF in the
# first block, CRLF in the second), 64 MB in all; with an argument, the
# number of answers.
GEN='import sys
pad = b"# " + b"." * 61 + b"\n"
pair = pad * 14 + b"\nq2.a: 73728\n" + pad * 14 + b"\nq2.a: 73728\r\n"
n = (64 << 20) // len(pair)
if len(sys.argv) > 1:
    print(2 * n)
else:
    sys.stdout.buffer.write(pair * n)'
ANSWERS=$(python3 -c "$GEN" count)
check - < <(python3 -c "$GEN")
want_status 0 "64 MB stream"
[ "$(grep -c '^q2.a: correct$' "$WORK/out")" = "$ANSWERS" ] ||
	fail "64 MB stream: $(grep -c '^q2.a: correct$' "$WORK/out") verdicts, want $ANSWERS"
[ "$RSS" -le "$LIMIT" ] || fail "64 MB stream: peak RSS $RSS kB, more than $BASE_RSS + 4096"
STREAM_RSS=$RSS
check_json "$ANSWERS" - < <(python3 -c "$GEN")
want_status 0 "64 MB stream, JSON"
ok "64 MB stream: $ANSWERS answers graded, exit 0, peak RSS $STREAM_RSS kB"

# ---- escape sequences in ids and answers ---------------------------------
bytes esc.txt 'b"q2.a: \x1b]0;owned\x07" b"73728\nq2\x1b[2J\x1b[H.a: 1\nq2.b: 4\x9b" b"2J\nq2.b: 4\xc2\x9b" b"31m\nq2.a: \x7f\x08\x08\x0773728\x1b[8m\n\x1bc\n"'
check "$WORK/esc.txt"
want_status 1 "escapes"
grep -q $'\e' "$WORK/out" "$WORK/err" && fail "escapes: an ESC byte in the output"
want_out 'q2\e[2J\e[H.a: unknown' "escapes"
want_out "no part 'q2\\e[2J\\e[H.a' in this course" "escapes"
want_out '\x9b' "escapes"
want_out '?: invalid' "escapes"
check_json 6 "$WORK/esc.txt"
ok "escape sequences: shown as \\e, ^X and \\xNN, never sent"

# ---- invalid UTF-8 -------------------------------------------------------
bytes bad.txt 'b"q2.a: 73728\xff\nq2\xfe.b: 1\n\xc0\xaf: 2\nq1.full: (1,\xed\xa0\x80 2)\nq2.a: \xe2\x82\n\x80\x80\x80\n"'
check "$WORK/bad.txt"
want_status 1 "invalid UTF-8"
want_out 'q2\xfe.b: unknown' "invalid UTF-8"
want_out '\xc0\xaf: unknown' "invalid UTF-8"
check_json 6 "$WORK/bad.txt"
want_out $'"id": "q2\xef\xbf\xbd.b"' "invalid UTF-8 json"
ok "invalid UTF-8: \\xNN in text, U+FFFD in JSON"

# ---- UTF-16 LE and BE (Notepad's "Unicode"), UTF-8 BOM, CR line ends -----
TEXT='# student: Zoë 𝑥\r\nq2.a: 73728\r\nq2.b: 4×4×64×128\r\n'
bytes le.txt "b'\\xff\\xfe' + '$TEXT'.encode('utf-16-le')"
check "$WORK/le.txt"
want_status 0 "UTF-16 LE"
[ "$(grep -v "^ " "$WORK/out")" = $'q2.a: correct\nq2.b: correct' ] || fail "UTF-16 LE: not both correct"
bytes be.txt "b'\\xfe\\xff' + '$TEXT'.encode('utf-16-be')"
check "$WORK/be.txt"
want_status 0 "UTF-16 BE"
[ "$(grep -v "^ " "$WORK/out")" = $'q2.a: correct\nq2.b: correct' ] || fail "UTF-16 BE: not both correct"
# an unpaired surrogate, then an odd byte at the end (a line of its own:
# U+FFFD, no colon)
bytes lone.txt "b'\\xff\\xfe' + 'q2.a: 7'.encode('utf-16-le') + b'\\x00\\xd8' + '\nq2.a: 73728\n'.encode('utf-16-le') + b'q'"
check_json 3 "$WORK/lone.txt"
want_out '"answer": "7�"' "UTF-16 lone surrogate"
ok "UTF-16 LE and BE decoded, an unpaired surrogate is U+FFFD"

bytes bom.txt 'b"\xef\xbb\xbfq2.a: 73728\r\nq2.b: 4*4*64*128\r\n"'
check "$WORK/bom.txt"
want_status 0 "UTF-8 BOM"
[ "$(cat "$WORK/out")" = $'q2.a: correct\nq2.b: correct' ] || fail "UTF-8 BOM: not both correct"
ok "UTF-8 byte-order mark skipped"

printf 'q2.a: 73728\rq2.b: 4*4*64*128\r\rq2.a: 1\r' >"$WORK/cr.txt"
check_json 3 "$WORK/cr.txt"
want_status 1 "CR line ends"
want_out '"line": 4, "answer": "1"' "CR line ends"
ok "lone CR line ends"

bytes utf32.txt "b'\\xff\\xfe\\x00\\x00' + 'q2.a: 73728\n'.encode('utf-32-le')"
check_json 0 "$WORK/utf32.txt"
want_status 2 "UTF-32"
want_err "the sheet is UTF-32, which cnntutor does not read" "UTF-32"
ok "UTF-32 refused, exit 2, the JSON still one (empty) array"

# ---- binary garbage ------------------------------------------------------
python3 -c 'import random, sys
sys.stdout.buffer.write(b"q2.a: 73728\n" + random.Random(6135).randbytes(1 << 20))' >"$WORK/garbage"
check "$WORK/garbage"
want_status 1 "binary garbage"
want_out 'q2.a: correct' "binary garbage"
check "$BIN"
want_status 1 "the cnntutor binary as a sheet"
want_out 'holds a NUL byte' "the cnntutor binary as a sheet"
N=$(python3 -c 'import sys
n = 0
for line in open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
    s = line.strip(b" \t")
    n += len(line) > 16384 or b"\0" in line or (s != b"" and not s.startswith(b"#"))
print(n)' "$WORK/garbage")
check_json "$N" "$WORK/garbage"
ok "binary garbage: $N entries, output safe, exit 1"

# ---- an empty file, a directory, a missing file --------------------------
: >"$WORK/empty.txt"
check "$WORK/empty.txt"
want_status 1 "empty file"
want_err "empty.txt holds no answers" "empty file"
check_json 0 - </dev/null
want_status 1 "empty stdin"
want_err "standard input holds no answers" "empty stdin"
# students name the files of a batch: a name is shown, never obeyed
EVIL=$WORK/$'evil\e]0;owned\a.txt'
: >"$EVIL"
check "$EVIL"
want_status 1 "escape sequence in the file name"
want_err 'evil\e]0;owned^G.txt holds no answers' "escape sequence in the file name"
ok "empty sheet: no answers, exit 1"

mkdir "$WORK/dir"
check "$WORK/dir"
want_status 2 "directory"
want_err "dir: it is a directory, not a sheet" "directory"
CHILD_STDIN=$WORK/dir check_json 0 -
want_status 2 "directory on stdin"
want_err "cannot read standard input to its end: read error: Is a directory" "directory on stdin"
check "$WORK/missing.txt"
want_status 2 "missing file"
want_err "cannot read $WORK/missing.txt: No such file or directory" "missing file"
ok "a directory (named, or on stdin) and a missing file: exit 2, said so"

# ---- a report that cannot be written --------------------------------------
if [ -w /dev/full ]; then
	"$BIN" --course "$COURSE" check "$WORK/small.txt" >/dev/full 2>"$WORK/err"
	STATUS=$?
	: >"$WORK/out"
	want_status 2 "stdout full"
	want_err "cnntutor check: cannot write the report: No space left on device" "stdout full"
	ok "a full disk for the report: exit 2, said so"
fi

# ---- FIFOs: one nothing writes to, one a writer opens late ---------------
mkfifo "$WORK/fifo"
start=$SECONDS
check "$WORK/fifo"
want_status 2 "FIFO without a writer"
want_err "it is a FIFO and nothing opened it for writing in 5 seconds" "FIFO without a writer"
[ $((SECONDS - start)) -le 15 ] || fail "FIFO without a writer: took $((SECONDS - start)) s"
{ sleep 1; printf 'q2.a: 73728\n' >"$WORK/fifo"; } &
check "$WORK/fifo"
wait
want_status 0 "FIFO with a writer"
want_out "q2.a: correct" "FIFO with a writer"
ok "FIFO: refused after 5 s without a writer, read when one comes"

if [ "$FAILED" -ne 0 ]; then
	exit 1
fi
echo "peak RSS: small sheet $BASE_RSS kB, 128 MB line $LONG_RSS kB, 64 MB stream $STREAM_RSS kB"
