#!/bin/bash
# Hostile course folders through the real binary (`--course DIR`): each is
# refused, `list` with status 2 and `validate` with 1, with a
# "file:line:col: message" that names the file, at once and in little
# memory; or, for what is merely unusual (a byte order mark, 10 000 parts,
# a 900 KB statement), it loads.
#
# Usage: courses.sh path/to/cnntutor
set -u
BIN=${1:?usage: $0 path/to/cnntutor}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-hostile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNNTUTOR_COURSE
mkdir -p "$HOME"
OUT=$WORK/out
ERR=$WORK/err
FAILED=0
# A run that hangs (a FIFO read) or grows without end (/dev/zero) is a
# failure after this many seconds, not a stuck suite. A course that loads
# gets longer: 10 000 parts take 10 s to validate under AddressSanitizer.
LIMIT=20
LOAD_LIMIT=60

fail() {
	echo "FAIL: $*" >&2
	echo "---- stderr (start) ----" >&2
	head -c 2000 "$ERR" >&2
	echo "------------------------" >&2
	FAILED=1
}
pass() { echo "ok - $*"; }

LESSON='id: q1
title: t
parts:
  - id: q1.a
    title: t
    statement: s
    kind: number
    check: { expected: "1" }
'

# new_course NAME [LESSON-TEXT]: a folder with a good course.yaml and, with
# a text, q1.yaml holding it. Prints the folder's path.
new_course() {
	local d=$WORK/$1
	mkdir -p "$d"
	printf 'title: Hostile\n' >"$d/course.yaml"
	[ $# -lt 2 ] || printf '%s' "$2" >"$d/q1.yaml"
	echo "$d"
}

# ran WHAT LIMIT STATUS ARGS...: run the binary with ARGS (LIMIT seconds at
# most); true when it exits with STATUS, else says so.
ran() {
	local what=$1 limit=$2 want=$3 st
	shift 3
	timeout "$limit" "$BIN" "$@" >"$OUT" 2>"$ERR"
	st=$?
	[ $st -eq "$want" ] && return 0
	fail "$what: '$*' exit status $st, not $want"
	return 1
}

# said WHAT CMD MESSAGE: the last run wrote MESSAGE (a fixed string) on
# stderr and nothing on stdout.
said() {
	if ! grep -qF -- "$3" "$ERR"; then fail "$1: $2 stderr lacks '$3'"; return 1; fi
	if [ -s "$OUT" ]; then fail "$1: $2 printed something"; return 1; fi
}

# refused WHAT DIR MESSAGE: `list` exits 2 and `validate` 1, both saying
# MESSAGE.
refused() {
	local what=$1 dir=$2 msg=$3
	ran "$what" $LIMIT 2 --course "$dir" list && said "$what" list "$msg" &&
		ran "$what" $LIMIT 1 validate "$dir" && said "$what" validate "$msg" &&
		pass "$what: $msg"
}

# loads WHAT DIR PARTS: `list` exits 0 with PARTS lines, `validate` 0.
loads() {
	local what=$1 dir=$2 parts=$3
	ran "$what" $LOAD_LIMIT 0 --course "$dir" list || return
	if [ "$(wc -l <"$OUT")" -ne "$parts" ]; then fail "$what: list did not print $parts parts"; return; fi
	ran "$what" $LOAD_LIMIT 0 validate "$dir" || return
	pass "$what: loads ($parts parts)"
}

# peak_kb CMD...: run CMD and print its peak resident memory in KB.
peak_kb() {
	python3 -c '
import resource, subprocess, sys
try:
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=20)
except subprocess.TimeoutExpired:
    print(10**9)
    sys.exit(0)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

# Without AddressSanitizer (which reserves terabytes of address space), a
# regression to the alias bomb must not take the machine's memory with it.
if ! grep -q __asan_init "$BIN"; then
	ulimit -v 2000000
fi

# 1. An alias bomb: 5 000 aliases of a part that holds 20 000 aliases of a
#    hint, 115 KB on disk (it took 3.97 GB and 18.6 s before).
d=$(new_course bomb)
awk 'BEGIN {
	print "id: q1"; print "title: t"; print "parts:"
	print "  - &p"; print "    id: q1.a"; print "    title: t"
	print "    statement: s"; print "    kind: number"
	print "    check: { expected: \"1\" }"
	printf "    hints: [&h \"x\""; for (i = 0; i < 20000; i++) printf ", *h"; print "]"
	for (i = 0; i < 5000; i++) print "  - *p"
}' >"$d/q1.yaml"
refused "alias bomb" "$d" "$d/q1.yaml:4:5: YAML anchor '&p' is not allowed: lesson files do not use anchors or aliases"
if command -v python3 >/dev/null 2>&1; then
	kb=$(peak_kb "$BIN" --course "$d" list)
	if [ "$kb" -gt 100000 ]; then
		fail "alias bomb: peak memory ${kb} KB (more than 100 MB)"
	else
		pass "alias bomb: peak memory at most ${kb} KB (python's launch included)"
	fi
fi

# 2. 40 000 nested brackets, closed, and the same never closed.
d=$(new_course deep)
{ printf 'id: q1\ntitle: t\nparts: '; head -c 40000 /dev/zero | tr '\0' '['
  head -c 40000 /dev/zero | tr '\0' ']'; echo; } >"$d/q1.yaml"
refused "40 000 nested brackets" "$d" "$d/q1.yaml:3:39: nested too deeply: more than 32 lists and mappings"
head -c 40000 /dev/zero | tr '\0' '[' >"$d/q1.yaml"
refused "40 000 unclosed brackets" "$d" "$d/q1.yaml:1:33: nested too deeply"

# 3. A FIFO as a lesson file, then as course.yaml.
d=$(new_course fifo)
mkfifo "$d/q1.yaml"
refused "FIFO as a lesson" "$d" "$d/q1.yaml:1:1: not a course file: it is a FIFO (named pipe), not a regular file"
d=$(new_course fifo-course "$LESSON")
rm "$d/course.yaml"
mkfifo "$d/course.yaml"
refused "FIFO as course.yaml" "$d" "$d/course.yaml:1:1: not a course file: it is a FIFO (named pipe)"

# 4. A symbolic link to /dev/zero.
d=$(new_course zero)
ln -s /dev/zero "$d/q1.yaml"
refused "link to /dev/zero" "$d" "$d/q1.yaml:1:1: not a course file: it is a character device"

# 5. A good lesson padded with a comment to one byte past 1 MiB.
d=$(new_course big)
{ printf '%s#' "$LESSON"; head -c $((1048577 - ${#LESSON} - 2)) /dev/zero | tr '\0' x; echo; } >"$d/q1.yaml"
refused "file over 1 MiB" "$d" "$d/q1.yaml:1:1: the file is too large: 1048577 bytes, and a course file may have at most 1048576 (1 MiB)"

# 6. A folder named x.yaml, a dangling link, an unreadable file.
d=$(new_course dir-entry "$LESSON")
mkdir "$d/x.yaml"
refused "folder named x.yaml" "$d" "$d/x.yaml:1:1: not a course file: it is a folder, not a regular file"
d=$(new_course dangling "$LESSON")
ln -s no-such-file "$d/q2.yaml"
refused "dangling link" "$d" "$d/q2.yaml:1:1: cannot open the file: it is a symbolic link to a file that does not exist"
if [ "$(id -u)" -eq 0 ]; then
	echo "ok - unreadable file # SKIP: root reads it anyway"
else
	d=$(new_course unreadable "$LESSON")
	chmod 0 "$d/q1.yaml"
	refused "unreadable file" "$d" "$d/q1.yaml:1:1: cannot open the file: Permission denied"
fi

# 7. Bytes that are not lesson text: a binary (it starts with 0x7F "ELF"),
#    an empty file, NUL inside YAML, invalid UTF-8.
d=$(new_course binary)
head -c 4096 "$BIN" >"$d/q1.yaml"
refused "binary garbage" "$d" "$d/q1.yaml:1:1: YAML syntax error: control characters are not allowed (U+007F)"
d=$(new_course empty "")
refused "empty file" "$d" "$d/q1.yaml:1:1: the file is empty"
d=$(new_course nul)
printf 'id: q1\ntitle: a\000b\n' >"$d/q1.yaml"
refused "NUL byte" "$d" "$d/q1.yaml:2:9: YAML syntax error: control characters are not allowed (U+0000)"
d=$(new_course utf8)
printf 'id: q1\ntitle: ab\377\n' >"$d/q1.yaml"
refused "invalid UTF-8" "$d" "$d/q1.yaml:2:10: YAML syntax error: invalid leading UTF-8 octet (byte 0xFF)"

# 8. A UTF-8 byte order mark is allowed, and does not move positions.
d=$(new_course bom)
printf '\357\273\277%s' "$LESSON" >"$d/q1.yaml"
loads "byte order mark" "$d" 1
printf '\357\273\277%s    stetement: s\n' "$LESSON" >"$d/q1.yaml"
refused "byte order mark, then a typo" "$d" "$d/q1.yaml:9:5: unknown key 'stetement'"

# 9. 10 000 parts in one lesson (957 KB): it loads (about 0.1 s, 100 MB).
d=$(new_course many)
awk 'BEGIN {
	print "id: q1"; print "title: t"; print "parts:"
	for (i = 0; i < 10000; i++) {
		printf "  - id: q1.p%d\n    title: t\n    statement: s\n", i
		printf "    kind: number\n    check: { expected: \"%d\" }\n", i
	}
}' >"$d/q1.yaml"
loads "10 000 parts" "$d" 10000

# 10. Very long scalars: a 900 KB statement loads; a 500 KB word where a
#     kind belongs is refused with the word shortened in the message.
d=$(new_course long)
{ printf 'id: q1\ntitle: t\nparts:\n  - id: q1.a\n    title: t\n    kind: number\n'
  printf '    check: { expected: "1" }\n    statement: '
  head -c 900000 /dev/zero | tr '\0' s; echo; } >"$d/q1.yaml"
loads "900 KB statement" "$d" 1
{ printf 'id: q1\ntitle: t\nparts:\n  - id: q1.a\n    title: t\n    statement: s\n'
  printf '    check: { expected: "1" }\n    kind: '
  head -c 500000 /dev/zero | tr '\0' k; echo; } >"$d/q1.yaml"
refused "500 KB kind" "$d" "$d/q1.yaml:8:11: 'kind' must be one of: number"
if ! grep -qF "kkkk... (500000 bytes)'" "$ERR" || [ "$(wc -c <"$ERR")" -gt 1000 ]; then
	fail "500 KB kind: the message does not shorten the word"
fi

# 11. Thousands of lesson files; lessons that add up to more than 4 MiB;
#     a file packed with values ({a,a,a,...}, one byte each).
d=$(new_course thousands)
for i in $(seq 1 3000); do : >"$d/q$i.yaml"; done
refused "3000 lesson files" "$d" "$d: more than 256 question files (*.yaml) in the course folder; a course may have at most 256"
d=$(new_course total)
for i in 1 2 3 4 5; do
	{ printf '%s#' "${LESSON//q1/q$i}"; head -c 1000000 /dev/zero | tr '\0' x; echo; } >"$d/q$i.yaml"
done
refused "5 lessons of 1 MB" "$d" "$d/q5.yaml:1:1: the course's lesson files add up to more than 4194304 bytes (4 MiB)"
d=$(new_course dense)
awk 'BEGIN { printf "{a"; for (i = 0; i < 500000; i++) printf ",a"; print "}" }' >"$d/q1.yaml"
refused "500 000 values" "$d" "$d/q1.yaml:1:"
grep -qF ": too many YAML values: more than 200000" "$ERR" || fail "500 000 values: no 'too many YAML values'"

[ $FAILED -eq 0 ] || exit 1
echo "all hostile courses handled"
