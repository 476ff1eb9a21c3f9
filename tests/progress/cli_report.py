#!/usr/bin/env python3
"""cnntutor report on several progress exports, through the real binary.

Four students work in the --plain tutor, each in a store of their own
(wrong answers, hints, steps, malformed and correct ones), and their
stores are exported with `cnntutor progress --format csv`; a fifth export
is written here by hand (quoted fields, CRLF and LF, a row of another
course, no student column, so its file name names the student). What the
report must say per part and per student (who tried, who got it right in
how many attempts, the hints and steps used, who is stuck where) is
worked out here from the exports' rows with Python's csv module; the
JSON must agree, and the text must show it. A malformed export is named
with its line and exit status 2, the others merged all the same.

Usage: cli_report.py CNNTUTOR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


# student: (first part, lines typed into --plain)
SESSIONS = {
    "ada": ("q2.a", ["13824", ":hint", "73728", "4*4*3*128", ":hint", ":step", "131072"]),
    "bob": ("q2.a", ["1", "2", ":hint", ":hint", "3", "4*4*", "5"]),
    "cleo": ("q1.full", ["(1, 2, 5, 8, 6, 8)", "(5, 8)", ":step", "1 2", "(2, 5, 8, 6)"]),
    "Dan, \"D\"": ("q2.b", ["6144", "131072", "(1,2)"]),
}
HAND = ("time,part,verdict,answer,hints_shown,steps_shown,course\r\n"
        "2024-01-01T10:00:00Z,q2.a,incorrect,\"128, 24\",2,0,ift6135-a2\r\n"
        "2024-01-01T10:01:00Z,q2.a,invalid,\"\"\"x\"\"\",3,1,ift6135-a2\n"
        "2024-01-01T10:02:00Z,q2.a,correct,73728,3,1,ift6135-a2\r\n"
        "2024-01-01T10:03:00Z,q9.z,incorrect,1,0,0,ift6135-a2\r\n"
        "2024-01-01T10:04:00Z,q2.b,correct,1,0,0,another-course\r\n")


def cnntutor(exe, *args, stdin=None):
    return subprocess.run([exe, *args], input=stdin, capture_output=True, timeout=120,
                          env=dict(os.environ, LC_ALL="C.UTF-8"))


def expected(files):
    """Per (student, part): attempts that count, attempts to correct, hints, steps."""
    work, students, parts = {}, [], []
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            if row.get("course", "ift6135-a2") != "ift6135-a2":
                continue
            who = row.get("student") or os.path.splitext(os.path.basename(path))[0]
            if who not in students:
                students.append(who)
            if row["part"] not in parts:
                parts.append(row["part"])
            w = work.setdefault((who, row["part"]), {"attempts": 0, "to_correct": 0,
                                                     "hints": 0, "steps": 0})
            w["hints"] = max(w["hints"], int(row["hints_shown"]))
            w["steps"] = max(w["steps"], int(row["steps_shown"]))
            if row["verdict"] in ("invalid", "blank"):
                continue
            w["attempts"] += 1
            if row["verdict"] == "correct" and not w["to_correct"]:
                w["to_correct"] = w["attempts"]
    return work, students, parts


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, (who, (part, lines)) in enumerate(SESSIONS.items()):
            db = os.path.join(tmp, "s%d.db" % i)
            r = cnntutor(exe, "--plain", "--progress", db, "--student", who, "tutor", part,
                         stdin=("\n".join(lines) + "\n").encode())
            if r.returncode != 0:
                fail("the tutor for %s exits %d: %s" % (who, r.returncode, r.stderr.decode()))
            r = cnntutor(exe, "--progress", db, "progress", "--format", "csv")
            path = os.path.join(tmp, "export%d.csv" % i)
            open(path, "wb").write(r.stdout)
            files.append(path)
        hand = os.path.join(tmp, "erin.csv")
        open(hand, "w", newline="").write(HAND)
        files.append(hand)
        work, students, parts = expected(files)

        r = cnntutor(exe, "report", "--format", "json", *files)
        if r.returncode != 0:
            fail("report exits %d: %s" % (r.returncode, r.stderr.decode()))
        if "1 row of another course left out" not in r.stderr.decode():
            fail("the other course's row is not said to be left out: %s" % r.stderr.decode())
        doc = json.loads(r.stdout.decode("utf-8"))
        if doc["students"] != students:
            fail("students %r, want %r" % (doc["students"], students))
        got_parts = {p["id"]: p for p in doc["parts"]}
        if "q9.z" not in got_parts or list(got_parts)[-1] != "q9.z":
            fail("a part the course lacks is not reported last")
        for part in parts:
            p = got_parts[part]
            ws = [(s, work.get((s, part))) for s in students]
            tried = [(s, w) for s, w in ws if w and w["attempts"]]
            right = [w["to_correct"] for s, w in tried if w["to_correct"]]
            if p["tried"] != len(tried) or p["correct"] != len(right):
                fail("%s: tried %d, correct %d; want %d, %d" % (part, p["tried"], p["correct"],
                                                               len(tried), len(right)))
            if right and (abs(p["attempts_to_correct_mean"] - sum(right) / len(right)) > 1e-4
                          or p["attempts_to_correct_most"] != max(right)):
                fail("%s: attempts to correct %r/%r, want %r" % (
                    part, p["attempts_to_correct_mean"], p["attempts_to_correct_most"], right))
            if tried:
                hints = sum(w["hints"] for s, w in tried) / len(tried)
                steps = sum(w["steps"] for s, w in tried) / len(tried)
                if abs(p["hints_mean"] - hints) > 1e-4 or abs(p["steps_mean"] - steps) > 1e-4:
                    fail("%s: hints %r steps %r, want %r %r" % (part, p["hints_mean"],
                                                               p["steps_mean"], hints, steps))
            stuck = [{"student": s, "attempts": w["attempts"], "hints": w["hints"],
                      "steps": w["steps"]} for s, w in tried if not w["to_correct"]]
            if p["stuck"] != stuck:
                fail("%s: stuck %r, want %r" % (part, p["stuck"], stuck))
        for entry in doc["stuck_where"]:
            who = entry["student"]
            mine = [part for part in got_parts if (who, part) in work and
                    work[(who, part)]["attempts"] and not work[(who, part)]["to_correct"]]
            if [e["part"] for e in entry["stuck"]] != mine:
                fail("%s stuck on %r, want %r" % (who, entry["stuck"], mine))
        # the text says the same
        r = cnntutor(exe, "report", *files)
        text = r.stdout.decode("utf-8")
        if not text.startswith("Class report from 5 exports: %d students" % len(students)):
            fail("text starts %r" % text[:80])
        bob = work[("bob", "q2.a")]
        for line in ("  erin: q9.z (1 attempt)",
                     "  bob: q2.a (%d attempts, %d hints)" % (bob["attempts"], bob["hints"]),
                     "Who is stuck where"):
            if line not in text:
                fail("text lacks %r:\n%s" % (line, text))
        q2a = got_parts["q2.a"]
        row = [l for l in text.splitlines() if l.startswith("q2.a ")][0].split()
        if row[1:3] != [str(q2a["tried"]), str(q2a["correct"])] or row[-1] != "bob":
            fail("the q2.a row: %r" % row)
        # a step nobody tried is left out of the table; an id of the sheet is not
        if "\nq4.c.step1 " in text or "\nq5 " not in text:
            fail("the table's parts: steps nobody tried, or sheet ids missing")
        # a malformed export: named with its line, the others merged
        bad = os.path.join(tmp, "bad.csv")
        open(bad, "w").write("time,part,verdict\n1,q2.a,\"correct\n")
        r = cnntutor(exe, "report", "--format", "json", files[0], bad)
        if r.returncode != 2 or "bad.csv: line 2: a quoted field is not closed" not in r.stderr.decode():
            fail("a malformed export: exit %d, %s" % (r.returncode, r.stderr.decode()))
        if json.loads(r.stdout)["students"] != ["ada"]:
            fail("the readable export is not merged beside a malformed one")
        notcsv = os.path.join(tmp, "sheet.txt")
        open(notcsv, "w").write("q2.a: 73728\n")
        r = cnntutor(exe, "report", notcsv)
        if r.returncode != 2 or "not a progress export" not in r.stderr.decode():
            fail("a file that is not an export: exit %d, %s" % (r.returncode, r.stderr.decode()))
        r = cnntutor(exe, "report")
        if r.returncode != 2 or "Usage" not in r.stderr.decode():
            fail("report without exports: exit %d" % r.returncode)
    print("report: %d exports, %d students: %s" % (len(files), len(students),
                                                    "ok" if not failures else "%d failures" % failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
