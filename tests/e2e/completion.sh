#!/bin/bash
# The bash completion offers the global options after the command too
# (they work there), and part ids for tutor, calc and lab (and the lab
# kinds for lab), from the course the command line names wherever
# --course stands. The real cnntutor lists the parts.
# Usage: completion.sh path/to/cnntutor
set -u
bin=$1
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
mini=$here/../tutor/fixtures/mini
source "$here/../../data/cnntutor.bash-completion" || exit 1
failed=0

# Each case: the reply wanted, then the words (BIN and MINI stand for the
# binary and the fixture course); the last word is the one completed.
while IFS='|' read -r want words; do
	words=${words//BIN/$bin}
	read -ra COMP_WORDS <<< "${words//MINI/$mini}"
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_cnntutor
	if [[ "${COMPREPLY[*]}" != "$want" ]]; then
		failed=$((failed + 1))
		echo "FAIL: '${COMP_WORDS[*]}' completed to '${COMPREPLY[*]}', expected '$want'"
	fi
done <<'CASES'
--progress|BIN progress --pro
--format --partial --course --progress --plain|BIN check --
--format --help --course --progress --plain|BIN grade --
--format --help --course --progress --plain|BIN report --
--course|BIN list --c
--plain|BIN tutor --pl
q1.a q1.b q1.c|BIN tutor --course MINI q1
q1.b|BIN calc --course MINI q1.b
q1.c|BIN show --course MINI q1.c
--var --mode --seed|BIN equiv x y --
q1.a q1.b q1.c|BIN lab --course MINI q1
taps|BIN lab --course MINI ta
--seed --svg|BIN lab q6 --s
CASES
[ "$failed" -eq 0 ] && echo "completion: all cases pass"
exit $((failed > 0))
