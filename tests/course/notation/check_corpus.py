#!/usr/bin/env python3
"""The notation corpus through the real binary: every answer of corpus.tsv
written into one answer sheet, graded by `cnntutor check --format json`,
and each verdict compared with the corpus's. test_notation_corpus does the
same through course_check; this proves the sheet reader, the command and
its JSON agree with it.

Usage: check_corpus.py CNNTUTOR CORPUS.tsv
"""
import json
import os
import subprocess
import sys
import tempfile


def read_corpus(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 3:
                sys.exit(f"{path}:{number}: expected PART<TAB>VERDICT<TAB>ANSWER")
            rows.append((number, fields[0], fields[1], fields[2]))
    return rows


def main():
    exe, corpus = sys.argv[1], sys.argv[2]
    rows = read_corpus(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        sheet = os.path.join(tmp, "sheet.txt")
        with open(sheet, "w", encoding="utf-8") as f:
            for _, part, _, answer in rows:
                f.write(f"{part}: {answer}\n")
        env = dict(os.environ, HOME=tmp, XDG_STATE_HOME=tmp, NO_COLOR="1")
        run = subprocess.run([exe, "check", sheet, "--format", "json"],
                             capture_output=True, env=env, timeout=300)
    if run.returncode not in (0, 1):
        sys.exit(f"cnntutor check exited {run.returncode}: {run.stderr.decode()}")
    graded = json.loads(run.stdout)
    if len(graded) != len(rows):
        sys.exit(f"{len(rows)} answers written, {len(graded)} graded")
    wrong = 0
    for (number, part, want, answer), got in zip(rows, graded):
        if got["id"] != part or got["verdict"] != want:
            wrong += 1
            print(f"corpus:{number} {part} [{answer}] want {want}, "
                  f"got {got['id']} {got['verdict']}: {got['feedback']}")
    print(f"cnntutor check on the notation corpus: {len(rows)} answers, "
          f"{len(rows) - wrong} agree")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
