#!/bin/bash
# `cnntutor progress` on the real binary: the summary and the CSV after an
# attempt made through the --plain tutor, a damaged file, bad usage.
# Usage: test_cli_progress.sh PATH/TO/cnntutor
set -u
cnntutor=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
db=$tmp/state/progress.db

passed=0 failed=0
check()  # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
{
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $what"
    fi
}

"$cnntutor" --progress "$db" progress >"$tmp/out" 2>"$tmp/err"
check "progress on a new file exits 0" test $? -eq 0
check "a new file makes no notice" test ! -s "$tmp/err"
check "the summary starts with the course" \
    grep -q "^Progress in ift6135-a2 ($db)" "$tmp/out"
check "nothing is started" grep -q "^total: 0 of [0-9]* parts correct, 0 attempted" "$tmp/out"
first=$("$cnntutor" list | awk 'NR == 1 { print $1 }')
check "the course lists a first part" test -n "$first"

# One wrong answer, with a comma so the CSV has to quote it; the student,
# the student's variant (--student picks it; show says which) and how the
# answer was read go with it.
variant=$("$cnntutor" show q1.full --student ana | sed -n 's/^(variant \([0-9]*\):.*/\1/p')
check "ana has a variant of her own" test -n "$variant"
printf '(1, 2)\n' | "$cnntutor" --plain --progress "$db" --student ana >/dev/null 2>&1
"$cnntutor" --progress "$db" progress >"$tmp/out"
check "the attempted part shows in the summary" \
    grep -Eq "^$first +attempted +1\$" "$tmp/out"
check "the total counts it" grep -q "1 attempted.*; 1 attempt\$" "$tmp/out"

"$cnntutor" --progress "$db" progress --format csv >"$tmp/csv"
check "csv exits 0" test $? -eq 0
check "csv has the header, CRLF-ended, the newer columns last" \
    test "$(head -n 1 "$tmp/csv")" = $'time,course,part,answer,verdict,hints_shown,steps_shown,student,variant,interpreted\r'
check "csv quotes the answer with a comma" \
    grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z,ift6135-a2,$first,\"\\(1, 2\\)\",incorrect,0,0,ana,$variant,\"\\[1, 2\\]\""$'\r'"\$" "$tmp/csv"

# A malformed answer is kept (the CSV says invalid) but is not an attempt:
# the part stays not started and counts nothing.
printf '(1, 2\n' | "$cnntutor" --plain --progress "$db" --student ana tutor q1.valid >/dev/null 2>&1
"$cnntutor" --progress "$db" progress >"$tmp/out"
check "a malformed answer leaves its part not started" \
    grep -Eq "^q1.valid +not started +0\$" "$tmp/out"
check "a malformed answer is not in the total" grep -q "; 1 attempt\$" "$tmp/out"
"$cnntutor" --progress "$db" progress --format csv >"$tmp/csv"
check "a malformed answer is in the CSV as invalid" \
    grep -q ',q1.valid,"(1, 2",invalid,0,0,ana,'"$variant"','$'\r''$' "$tmp/csv"

head -c 3000 /dev/urandom >"$db"
"$cnntutor" --progress "$db" progress >/dev/null 2>"$tmp/err"
check "a damaged file still gives exit 0" test $? -eq 0
check "a damaged file is reported" grep -q "moved to $db.corrupt-" "$tmp/err"
check "a damaged file is kept aside" compgen -G "$db.corrupt-*" >/dev/null

# A FIFO at the path is refused and never opened for reading (which would
# wait for a writer): the summary comes at once, from memory.
mkfifo "$tmp/fifo"
timeout 10 "$cnntutor" --progress "$tmp/fifo" progress >"$tmp/out" 2>"$tmp/err"
check "a FIFO at the path exits 0 at once" test $? -eq 0
check "a FIFO is named in a clear notice" grep -q \
    "Cannot write the progress file $tmp/fifo (it is not a regular file), so progress is kept in memory" "$tmp/err"
check "a FIFO gives the summary from memory" \
    grep -q "^Progress in ift6135-a2 (kept in memory only)" "$tmp/out"

"$cnntutor" --progress "$db" progress --format xml >/dev/null 2>"$tmp/err"
check "an unknown format is exit 2" test $? -eq 2
check "an unknown format is named" grep -q "unknown format 'xml'" "$tmp/err"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
