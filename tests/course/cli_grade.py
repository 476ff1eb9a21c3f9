#!/usr/bin/env python3
"""cnntutor grade on a generated class, through the real binary.

A seeded generator writes 40 sheets for the bundled course: each id gets a
right answer (in one of several written forms), a wrong one (the published
solution's, a slip the rules or a named mistake catch, or a value no rule
knows, several spellings of one value among them), a blank, nothing, a
repeat (wrong then right, or right then wrong), or its id in capitals. The
points each student must get are worked out here from the homework's table
(q1 5, q2 5, q3 10, q4 10, q5 10, q6 10, split equally among each
question's ids), not from the course: the CSV, the JSON and the text
table must all say the same. The class report's counts per part (answered,
correct, the published solution's error, wrong answers of one value in one
group) are counted here from what was written. Then the exit status: 2 for
a sheet that cannot be read to its end or at all, the others graded.

Usage: cli_grade.py CNNTUTOR COURSE_DIR
"""
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile

POINTS = {"q1": 5, "q2": 5, "q3": 10, "q4": 10, "q5": 10, "q6": 10}

# id: (right answers, wrong answers as (text, group, published?))
# Wrong answers of one group are one value (or one named mistake): the
# report must count them as one.
ANSWERS = {
    "q1.full": (["(1, 2, 5, 8, 6, 8)", "1 2 5 8 6 8", "[1, 2, 5, 8, 6, 8]"],
                [("(1, 2, 5, 8, 6)", "short", False), ("1 2 5 8 6", "short", False)]),
    "q1.valid": (["(5, 8)", "5 8"], [("(4, 6)", "46", False)]),
    "q1.same": (["(2, 5, 8, 6)", "[2 5 8 6]"], [("(1, 2, 5, 8)", "1258", False)]),
    "q2.a": (["128*24*24", "73728", "73 728", "128x24x24"],
             [("13824", "published", True), ("3*128*6*6", "published", True),
              ("128*26*26", "26", False)]),
    "q2.b": (["4*4*64*128", "131072"],
             [("4*4*128*3", "published", True), ("6144", "published", True),
              ("4*4*64*64", "n1", False), ("64*64*16", "n1", False)]),
    "q3.a.i": (["S=2, P=3", "P=3, S=2", "K=8, S=2, P=3, D=0"],
               [("S=2, P=4", "p4", False), ("P=4, S=2, K=8", "p4", False)]),
    "q3.a.ii": (["K=4, P=10", "K=2, P=3"], [("K=400, P=10", "published", True)]),
    "q3.b": (["K=4, S=4"], [("K=2, S=2", "k2", False)]),
    "q3.c": (["7x7", "64x7x7"], [("57x57", "57", False), ("57 x 57", "57", False)]),
    "q3.d.i": (["K=2, S=2", "K=5, S=1"], [("K=3, S=3", "k3", False)]),
    "q3.d.ii": (["K=5, S=1"], [("K=13, S=2", "published", True)]),
    "q3.d.iii": (["K=4, S=2", "K=7, S=1"], [("K=2, S=2", "k2", False)]),
    # by the option's text: a named student's letters follow that student's
    # order of the options (as their own sheet prints them)
    "q4.a": (["X̃ = M ⊙ X with M an n×d matrix of independent Bernoulli(p) entries"],
             [("X̃ = diag(δ)·X with δ one Bernoulli draw per example", "published", True)]),
    "q4.b": (["norm((M .* X)*w - y)^2", "norm(M.*X*w - y)^2/2"],
             [("norm(X*w - y)^2", "nomask", False)]),
    "q4.c": (["(1-p)/p", "lambda = (1-p)/p", "1/p - 1"],
             [("p/(1-p)", "drop", False), ("1/(1/p - 1)", "drop", False)]),
    "q5": (["softmax(1/2*W'*v + b)", "softmax(0.5*W'*v + b)"],
           [("softmax(W'*v + b)", "nohalf", False)]),
    "q6.a": (["w'*x/norm(w)"], [("x'*w/norm(x)", "xw", False)]),
    "q6.b": (["g/norm(u)*(I - u*u'/norm(u)^2)"],
             [("g/norm(u)*(I - u'*u/norm(u)^2)", "published", True),
              ("2*g/norm(u)*(I - u*u'/norm(u)^2)", "2g", False),
              ("g/norm(u)*(2*I - 2*u*u'/norm(u)^2)", "2g", False)]),
    "q6.c": (["norm(u)^2 + eta^2*norm(d)^2", "eta^2*norm(d)^2 + norm(u)^2"],
             [("norm(u)^2 + 2*eta^2*norm(d)^2", "2eta", False),
              ("norm(u)^2 + eta^2*norm(d)^2*2", "2eta", False)]),
}
IDS = list(ANSWERS)
QUESTION_IDS = {q: [i for i in IDS if i.split(".")[0] == q] for q in POINTS}

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def run(exe, course, *args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    return subprocess.run([exe, "--course", course, "grade", *args],
                          capture_output=True, env=env, timeout=300)


def make_class(folder, rng, n):
    """Write n sheets; return what each student must get and the report's counts."""
    students, report = [], {i: {"answered": 0, "correct": 0, "published": 0,
                                "groups": {}} for i in IDS}
    for s in range(n):
        lines, right = [], set()
        missing = 0
        named = s % 3 != 0
        name = "Student %02d%s" % (s, ", Jr." if s % 7 == 0 else "")
        if named:
            lines.append("# student: " + name)
        for i in IDS:
            good, bad = ANSWERS[i]
            roll = rng.random()
            written = i.upper() if rng.random() < 0.1 else i
            if roll < 0.06:            # nothing
                missing += 1
                continue
            if roll < 0.10:            # blank
                lines.append(written + ":")
                missing += 1
                continue
            if roll < 0.55:
                last = (rng.choice(good), None, False)
            else:
                last = rng.choice(bad)
            if rng.random() < 0.1:     # answered twice: the last counts
                first = rng.choice(bad) if last[1] is None else (rng.choice(good), None, False)
                lines.append("%s: %s" % (i, first[0]))
            lines.append("%s: %s" % (written, last[0]))
            r = report[i]
            r["answered"] += 1
            if last[1] is None:
                right.add(i)
                r["correct"] += 1
            else:
                r["published"] += last[2]
                r["groups"][last[1]] = r["groups"].get(last[1], 0) + 1
        fname = "s%02d.txt" % s
        with open(os.path.join(folder, fname), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        pts = {q: POINTS[q] * sum(i in right for i in ids) / len(ids)
               for q, ids in QUESTION_IDS.items()}
        students.append({"student": name if named else fname[:-4], "points": pts,
                         "total": sum(pts.values()), "missing": missing})
    return students, report


def near(a, b, tol):
    return abs(float(a) - b) <= tol


def check_csv(out, students):
    text = out.decode("utf-8")
    if "\r\n" not in text or text.replace("\r\n", "").count("\n"):
        fail("the CSV's records do not all end in CRLF")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if rows[0] != ["student"] + list(POINTS) + ["total", "missing"]:
        fail("CSV header: %r" % rows[0])
    if len(rows) != len(students) + 1:
        fail("CSV: %d rows for %d sheets" % (len(rows) - 1, len(students)))
    for row, want in zip(rows[1:], students):
        if row[0] != want["student"]:
            fail("CSV student %r, want %r" % (row[0], want["student"]))
        for q, cell in zip(POINTS, row[1:7]):
            if not near(cell, want["points"][q], 1e-4):
                fail("%s %s: %s points, want %.4f" % (want["student"], q, cell, want["points"][q]))
        if not near(row[7], want["total"], 1e-3):
            fail("%s total %s, want %.4f" % (want["student"], row[7], want["total"]))
        if int(row[8]) != want["missing"]:
            fail("%s missing %s, want %d" % (want["student"], row[8], want["missing"]))


def check_json(out, students, report):
    doc = json.loads(out.decode("utf-8"))
    if doc["sheets"] != len(students) or doc["out_of"] != 50:
        fail("JSON: %r sheets out of %r" % (doc["sheets"], doc["out_of"]))
    if [(q["id"], q["points"]) for q in doc["questions"]] != list(POINTS.items()):
        fail("JSON questions: %r" % doc["questions"])
    for row, want in zip(doc["gradebook"], students):
        if row["student"] != want["student"] or row["missing"] != want["missing"] \
                or not near(row["total"], want["total"], 1e-3) or not row["read_all"]:
            fail("JSON row %r, want %r" % (row, want))
        for q in POINTS:
            if not near(row["points"][q], want["points"][q], 1e-4):
                fail("JSON %s %s: %r" % (want["student"], q, row["points"][q]))
    parts = {p["id"]: p for p in doc["report"]}
    if list(parts) != IDS:
        fail("the report's parts: %r" % list(parts))
    for i, want in report.items():
        got = parts[i]
        if got["answered"] != want["answered"] or got["correct"] != want["correct"]:
            fail("%s: answered %d, correct %d; want %d, %d" % (
                i, got["answered"], got["correct"], want["answered"], want["correct"]))
        if got["source_errors"] != want["published"]:
            fail("%s: %d published-solution errors, want %d" % (i, got["source_errors"],
                                                                want["published"]))
        wrong = want["answered"] - want["correct"]
        if got["incorrect"] + got["malformed"] != wrong:
            fail("%s: %d wrong, want %d" % (i, got["incorrect"] + got["malformed"], wrong))
        # one group per value written here, the biggest first
        counts = sorted(want["groups"].values(), reverse=True)
        gcounts = [g["count"] for g in got["wrong"]]
        if gcounts != counts:
            fail("%s: groups %r, want %r (%r)" % (i, gcounts, counts, got["wrong"]))
        for g in got["wrong"]:
            if not isinstance(g["feedback"], str) or not g["feedback"]:
                fail("%s: a group without feedback: %r" % (i, g))
    # the named mistake of q2.b's 4*4*64*64 and 64*64*16, and q6.b's 2g
    for i, name in (("q2.b", "N1 in place of N3"), ("q6.b", "2·g in place of g")):
        if report[i]["groups"] and not any(g["mistake"] == name for g in parts[i]["wrong"]):
            fail("%s: no group named %r: %r" % (i, name, parts[i]["wrong"]))


def check_text(out, students, report):
    text = out.decode("utf-8")
    head = text.splitlines()
    if head[0] != "Gradebook: %d sheets, out of 50 points" % len(students):
        fail("text: first line %r" % head[0])
    if head[2].split()[-8:] != list(POINTS) + ["total", "missing"]:
        fail("text: header %r" % head[2])
    if "out of" not in text or "Class report: %d sheets" % len(students) not in text:
        fail("text: no 'out of' line or no class report")
    for i, want in report.items():
        line = "  answered %d of %d, correct %d" % (want["answered"], len(students), want["correct"])
        if line not in text:
            fail("text: no %r for %s" % (line, i))


def main():
    exe, course = sys.argv[1], sys.argv[2]
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "class")
        os.mkdir(folder)
        students, report = make_class(folder, rng, 40)
        # not sheets: ignored
        open(os.path.join(folder, "notes.md"), "w").write("q2.a: 1\n")
        r = run(exe, course, "--format", "csv", folder)
        if r.returncode != 0:
            fail("grade --format csv exits %d: %s" % (r.returncode, r.stderr.decode()))
        check_csv(r.stdout, students)
        r = run(exe, course, folder, "--format=json")
        check_json(r.stdout, students, report)
        r = run(exe, course, folder)
        check_text(r.stdout, students, report)
        # the same sheets given one by one: the same gradebook
        files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".txt"))
        r2 = run(exe, course, "--format", "csv", *files)
        if r2.stdout != run(exe, course, "--format", "csv", folder).stdout:
            fail("files one by one and their folder grade differently")
        # a sheet that stops early (UTF-32) and one that is not there
        bad = os.path.join(tmp, "bad.txt")
        open(bad, "wb").write(b"\xff\xfe\x00\x00q\x00\x00\x00")
        r = run(exe, course, "--format", "csv", folder, bad, os.path.join(tmp, "none.txt"))
        if r.returncode != 2:
            fail("an unreadable sheet: exit %d, want 2" % r.returncode)
        err = r.stderr.decode()
        if "cannot read %s to its end" % bad not in err or "none.txt" not in err:
            fail("unreadable sheets not named: %s" % err)
        rows = list(csv.reader(io.StringIO(r.stdout.decode(), newline="")))
        if len(rows) != len(students) + 2 or rows[-1][0] != "bad":
            fail("the readable sheets are not all graded (%d rows)" % (len(rows) - 1))
        for args, want in ((["--format", "xml", folder], "text, csv or json"), ([], "Usage")):
            r = run(exe, course, *args)
            if r.returncode != 2 or want not in r.stderr.decode():
                fail("grade %r: exit %d, %s" % (args, r.returncode, r.stderr.decode()))
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        r = run(exe, course, empty)
        if "holds no *.txt sheet" not in r.stderr.decode():
            fail("an empty folder is not said so: %s" % r.stderr.decode())
    print("grade: 40 generated sheets, points, CSV, JSON, text and report checked: %s"
          % ("ok" if not failures else "%d failures" % failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
