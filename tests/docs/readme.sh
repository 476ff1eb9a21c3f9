#!/usr/bin/env bash
# README.md stays true: its set-up command installs exactly the packages
# .ci/run installs (less CI's own), its test command is the one CI runs,
# and every command and option the program's --help lists is described.
# Usage: readme.sh CNNTUTOR SOURCE_ROOT
set -euo pipefail
exe=$1
root=$2
readme=$root/README.md
ci=$root/.ci/run
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# The packages of README's apt-get install, and of .ci/run's PACKAGES.
readme_pkgs=$(grep -m1 'apt-get install -y' "$readme" |
	sed 's/.*apt-get install -y //; s/ &&.*//' | tr ' ' '\n' | sort)
ci_pkgs=$(bash -c "source <(sed -n '/^PACKAGES=/,/\"\$/p' '$ci'); echo \$PACKAGES" |
	tr ' ' '\n' | sed '/^$/d' | sort)
[ -n "$readme_pkgs" ] || fail "README has no apt-get install line"
if [ "$readme_pkgs" != "$ci_pkgs" ]; then
	fail "README's packages and .ci/run's PACKAGES differ:"
	diff <(echo "$readme_pkgs") <(echo "$ci_pkgs") >&2 || true
fi

# The set-up command works as root (no sudo) and as a user (sudo).
grep -qF 'S=$([ "$(id -u)" -eq 0 ] || echo sudo); $S apt-get update && $S apt-get install' "$readme" ||
	fail "README's set-up command does not pick sudo only when not root"

# The test command CI runs, character for character.
test_cmd=$(sed -n "s/^TEST_CMD='\(.*\)'$/\1/p" "$ci")
[ -n "$test_cmd" ] || fail ".ci/run has no TEST_CMD"
grep -qF -- "$test_cmd" "$readme" || fail "README lacks the test command: $test_cmd"

# Every command and option of --help appears in README.
help=$("$exe" --help)
for cmd in $(echo "$help" | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	grep -qE "cnntutor $cmd\b|\`$cmd\`" "$readme" || fail "README does not describe the command '$cmd'"
done
for opt in $(echo "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
	grep -qF -- "$opt" "$readme" || fail "README does not mention the option '$opt'"
done

if [ "$failures" -ne 0 ]; then
	exit 1
fi
echo "README: packages, set-up and test commands, every command and option: ok"
