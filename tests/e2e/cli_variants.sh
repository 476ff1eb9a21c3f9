#!/bin/bash
# Variants as a class meets them, through pipes: each student's blank
# sheet (cnntutor sheet --student), its header and givens, the same name
# giving the same sheet, two names different numbers; a sheet filled in
# with the student's own numbers graded right by check and grade (its
# "# variant:" line chooses), wrong against another student's variant or
# the published homework, and a header copied from another student's
# sheet named in a warning.
set -u
BIN=${1:?usage: $0 path/to/cnntutor}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cnntutor-variants.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_STATE_HOME=$WORK/state LANG=C.UTF-8 LC_ALL=C.UTF-8
unset CNNTUTOR_COURSE
mkdir -p "$HOME" "$WORK/class"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" sheet --student ana > "$WORK/ana.txt" || fail "sheet --student ana: status $?"
"$BIN" sheet --student ana > "$WORK/ana2.txt"
"$BIN" sheet --student bob > "$WORK/bob.txt"
"$BIN" sheet > "$WORK/published.txt"
cmp -s "$WORK/ana.txt" "$WORK/ana2.txt" || fail "one name gives two different sheets"
[ "$(sed -n 1p "$WORK/ana.txt")" = "# student: ana" ] || fail "the first line is not '# student: ana'"
variant=$(sed -n 's/^# variant: \([0-9]*\)$/\1/p' "$WORK/ana.txt")
[ "$(sed -n 2p "$WORK/ana.txt")" = "# variant: $variant" ] || fail "the second line is not the variant"
shown=$("$BIN" show q1.full --student ana | sed -n 's/^(variant \([0-9]*\):.*/\1/p')
[ "$variant" = "$shown" ] || fail "the sheet's variant $variant is not show's $shown"
grep -q "^# student:\|^# variant:" "$WORK/published.txt" && fail "the published sheet names a student"
grep -qx "#   W0 = 256" "$WORK/published.txt" || fail "the published sheet lacks W0 = 256"
# q1 to q3 differ between the two students
differ=$(diff <(grep '^#   ' "$WORK/ana.txt") <(grep '^#   ' "$WORK/bob.txt") | grep -c '^<')
[ "$differ" -gt 10 ] || fail "ana's and bob's givens barely differ ($differ lines)"
echo "ok - sheet --student: header, stable per name, different numbers for another"

# Fill in q2.a on ana's sheet from its own givens, computed here.
python3 - "$WORK/ana.txt" "$WORK/ana-filled.txt" <<'PY' || fail "cannot fill the sheet"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
block = text.split("# q2.a: ", 1)[1].split("\nq2.a:", 1)[0]
g = {k: int(v) for k, v in re.findall(r"^#   (\w+) = (-?\d+)$", block, re.M)}
w3 = ((g["W0"] - g["K1"]) // g["S1"] + 1) // g["Kp"] + 2 * g["P3"] - g["K3"] + 1
text = text.replace("\nq2.a:\n", "\nq2.a: %d\n" % (g["N3"] * w3 * w3))
text = text.replace("\nq2.b:\n", "\nq2.b: %d\n" % (g["K3"] * g["K3"] * g["N1"] * g["N3"]))
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
verdict() { "$BIN" check "$@" 2>"$WORK/err" | sed -n 's/^q2.a: //p'; }
[ "$(verdict "$WORK/ana-filled.txt")" = correct ] || fail "ana's answer on her sheet is not correct"
[ "$(verdict "$WORK/ana-filled.txt" --student ana)" = correct ] || fail "--student ana does not agree"
[ "$(verdict "$WORK/ana-filled.txt" --student bob)" = incorrect ] || fail "graded as bob's, it is not wrong"
grep -q "the command line chose variant" "$WORK/err" || fail "no warning that the command line overrode the sheet"
[ "$(verdict "$WORK/ana-filled.txt" --variant 0)" = incorrect ] || fail "against the published homework it is not wrong"
sed 's/^# student: ana$/# student: bob/' "$WORK/ana-filled.txt" > "$WORK/copied.txt"
[ "$(verdict "$WORK/copied.txt")" = correct ] || fail "the sheet's variant line does not choose"
grep -q "which is not the variant of the student" "$WORK/err" || fail "a copied header is not named"
grep -v '^# variant:' "$WORK/ana-filled.txt" > "$WORK/novariant.txt"
[ "$(verdict "$WORK/novariant.txt")" = incorrect ] || fail "without a variant line the sheet is not the published homework"
echo "ok - check grades a sheet against its variant, --student or --variant"

cp "$WORK/ana-filled.txt" "$WORK/class/ana.txt"
sed 's/^# student: ana$/# student: carl/' "$WORK/novariant.txt" > "$WORK/class/carl.txt"
"$BIN" grade "$WORK/class" --format json > "$WORK/grade.json" 2>"$WORK/err" || fail "grade: status $?"
python3 - "$WORK/grade.json" "$variant" <<'PY' || fail "grade does not grade each sheet against its variant"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {r["student"]: r for r in doc["gradebook"]}
assert rows["ana"]["variant"] == int(sys.argv[2]), rows["ana"]
assert rows["ana"]["points"]["q2"] == 5, rows["ana"]["points"]
assert rows["carl"]["variant"] == 0 and rows["carl"]["points"]["q2"] == 0, rows["carl"]
PY
echo "ok - grade: each sheet against its own variant"
exit 0
