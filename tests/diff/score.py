#!/usr/bin/env python3
"""Scores `pizhu diff` on real speeches: edited drafts are made from each text by
scripted edits at random places (insert, delete or replace a phrase, change a figure
or a date, move a paragraph, change the form of a mark or a number), and every edit
must be reported at its place, and nothing else.

Usage: score.py PIZHU CORPUS_DIR [--seed N] [--drafts N] [--verbose]

The edited drafts are written to a temporary directory and removed; the texts are
read, never copied. Prints TAP: one line per corpus file, then a total line.
"""
import os
import re
import random
import subprocess
import sys
import tempfile

# Our own words, for inserted and replacing phrases.
PHRASES = ["进一步", "切实", "全面", "认真", "坚持", "有效", "大力", "持续", "统筹", "深入",
           "扎实", "稳步", "着力", "加快"]
CN_DIGITS = "一二三四五六七八九"
CN_UNITS = "个项点条年月次类批家"
FULL = {str(d): chr(0xFF10 + d) for d in range(10)}


def is_han(c):
    return "\u4e00" <= c <= "\u9fff"


class Edit:
    """What was done: the old range and the new range, in characters, and the kinds
    a correct report may give."""

    def __init__(self, what, old, new, kinds, slack=2):
        self.what, self.old, self.new, self.kinds, self.slack = what, old, new, kinds, slack

    def __repr__(self):
        return "%s old%s new%s" % (self.what, self.old, self.new)


def paragraphs(text):
    """(start, end) of each line with at least 12 characters of Han text."""
    out, pos = [], 0
    for line in text.split("\n"):
        if sum(is_han(c) for c in line) >= 12:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def han_run(text, a, b, rng, k):
    """A start of k Han characters in a row inside [a, b), or None."""
    starts = [i for i in range(a, b - k + 1) if all(is_han(c) for c in text[i:i + k])]
    return rng.choice(starts) if starts else None


def one_edit(text, para, kind, rng):
    """Applies one edit of kind inside para = (a, b): the new text and the Edit, or
    None when the paragraph offers no place for it."""
    a, b = para
    if kind == "insert":
        i = han_run(text, a + 1, b, rng, 2)
        if i is None:
            return None
        i += 1
        p = rng.choice(PHRASES)
        return text[:i] + p + text[i:], Edit("insert " + p, (i, i), (i, i + len(p)),
                                             {"insert", "replace"}, len(p) + 1)
    if kind == "delete":
        k = rng.randint(2, 5)
        i = han_run(text, a, b, rng, k)
        if i is None:
            return None
        return text[:i] + text[i + k:], Edit("delete", (i, i + k), (i, i),
                                             {"delete", "replace"}, k + 1)
    if kind == "replace":
        k = rng.randint(2, 4)
        i = han_run(text, a, b, rng, k)
        if i is None:
            return None
        p = rng.choice([x for x in PHRASES if x != text[i:i + k]])
        return text[:i] + p + text[i + k:], Edit("replace", (i, i + k), (i, i + len(p)),
                                                 {"replace", "insert", "delete"}, 2)
    if kind == "figure":
        digits = [i for i in range(a, b) if text[i].isascii() and text[i].isdigit() and
                  (i == a or not text[i - 1].isdigit())]
        if digits:
            i = rng.choice(digits)
            j = i
            while j < b and text[j].isascii() and text[j].isdigit():
                j += 1
            new = str(int(text[i:j]) + rng.randint(1, 9))
        else:
            cands = [i for i in range(a, b - 1) if text[i] in CN_DIGITS and
                     text[i + 1] in CN_UNITS and not (i > a and text[i - 1] in CN_DIGITS + "十")]
            if not cands:
                return None
            i = rng.choice(cands)
            j = i + 1
            new = rng.choice([c for c in CN_DIGITS if c != text[i]])
        return text[:i] + new + text[j:], Edit("figure " + text[i:j] + "->" + new, (i, j),
                                               (i, i + len(new)), {"replace"}, 1)
    if kind == "form":
        commas = [i for i in range(a, b) if text[i] == "，" and i > a and is_han(text[i - 1])
                  and i + 1 < b and is_han(text[i + 1])]
        if not commas:
            return None
        i = rng.choice(commas)
        return text[:i] + "," + text[i + 1:], Edit("form", (i, i + 1), (i, i + 1), {"form"}, 0)
    if kind == "fullwidth":
        digits = [i for i in range(a, b) if text[i].isascii() and text[i].isdigit() and
                  (i == a or not text[i - 1].isdigit())]
        if not digits:
            return None
        i = rng.choice(digits)
        j = i
        while j < b and text[j].isascii() and text[j].isdigit():
            j += 1
        new = "".join(FULL[c] for c in text[i:j])
        return text[:i] + new + text[j:], Edit("fullwidth", (i, j), (i, j), {"form"}, 0)
    raise ValueError(kind)




def make_draft(text, rng, kinds):
    """Applies up to three edits of the given kinds, in different paragraphs far apart,
    from the last to the first so that old positions stay valid; then the new ranges
    are shifted by the edits before them."""
    paras = paragraphs(text)
    if len(paras) < 2:
        return None
    chosen = sorted(rng.sample(range(len(paras)), min(len(kinds), len(paras))))
    edits = []
    new = text
    for idx, kind in sorted(zip(chosen, kinds), reverse=True):
        r = one_edit(new, paras[idx], kind, rng)
        if r is None:
            continue
        new, e = r
        edits.append(e)
    edits.reverse()  # in text order
    shift = 0
    for e in edits:
        e.new = (e.new[0] + shift, e.new[1] + shift)
        shift += (e.new[1] - e.new[0]) - (e.old[1] - e.old[0])
    return new, edits


def make_move(text, rng):
    lines = text.split("\n")
    cands = [i for i, l in enumerate(lines) if sum(is_han(c) for c in l) >= 15]
    if len(cands) < 3:
        return None
    i = rng.choice(cands[1:])
    dests = [j for j in range(1, len(lines)) if abs(j - i) >= 3 and lines[j - 1].strip()]
    if not dests:
        return None
    j = rng.choice(dests)
    moved = lines[i]
    if moved in lines[:i] + lines[i + 1:]:
        return None
    old_start = sum(len(l) + 1 for l in lines[:i])
    rest = lines[:i] + lines[i + 1:]
    jj = j if j < i else j - 1
    rest.insert(jj, moved)
    new_start = sum(len(l) + 1 for l in rest[:jj])
    e = Edit("move", (old_start, old_start + len(moved)), (new_start, new_start + len(moved)),
             {"move"}, 2)
    return "\n".join(rest), [e]


def offsets(text):
    """line (1-based) -> character offset of its start."""
    starts, pos = [0], 0
    for line in text.split("\n"):
        pos += len(line) + 1
        starts.append(pos)
    return starts


UNESCAPE = re.compile(r"\\(?:(t)|(n)|(\\)|x([0-9A-Fa-f]{2})|u\{([0-9A-Fa-f]+)\})")


def unescape(t):
    """The text of a TSV field: \\t \\n \\\\ \\xHH \\u{HHHH} as pizhu diff writes them."""
    def one(m):
        if m.group(1):
            return "\t"
        if m.group(2):
            return "\n"
        if m.group(3):
            return "\\"
        return chr(int(m.group(4) or m.group(5), 16))
    return UNESCAPE.sub(one, t)


def changes(pizhu, old_path, new_path, old, new):
    """The changes pizhu reports, as (kind, old span, new span) in characters, and the
    reports whose text is not the text at their place (wrong lines or columns)."""
    r = subprocess.run([pizhu, "diff", "--format=tsv", old_path, new_path],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("pizhu diff exited %d: %s" % (r.returncode, r.stderr.strip()))
    so, sn = offsets(old), offsets(new)
    out, wrong = [], []
    for line in r.stdout.splitlines():
        f = line.split("\t")
        try:
            kind, ol, oc, nl, nc = f[0], int(f[1]), int(f[2]), int(f[3]), int(f[4])
            otext, ntext = unescape(f[5]), unescape(f[6])
            os_ = so[ol - 1] + oc - 1
            ns = sn[nl - 1] + nc - 1
        except (IndexError, ValueError):
            wrong.append((line, "not kind, lines, columns and texts"))
            continue
        # the texts reported must be the texts at the place reported
        if old[os_:os_ + len(otext)] != otext or new[ns:ns + len(ntext)] != ntext:
            wrong.append((line, "old %r, new %r there" % (old[os_:os_ + len(otext)],
                                                          new[ns:ns + len(ntext)])))
            continue
        out.append((kind, (os_, os_ + len(otext)), (ns, ns + len(ntext))))
    return out, wrong


def inside(r, e, slack):
    return r[0] >= e[0] - slack and r[1] <= e[1] + slack


def swap_span(e):
    """A paragraph moved past a block is the block moved the other way: the span of
    text both descriptions stay inside."""
    return (min(e.old[0], e.new[0]), max(e.old[1], e.new[1]))


def judge(edits, found):
    """(missed edits, extra changes, swaps): every edit needs a change of a kind it
    allows at its place; every change must lie at the place of an edit. A move told
    as the block it passed moving the other way (the same reordering) counts as
    found, and is counted in swaps."""
    missed, used, swaps = [], set(), 0
    for e in edits:
        hit = [k for k, c in enumerate(found) if c[0] in e.kinds and
               inside(c[1], e.old, e.slack) and inside(c[2], e.new, e.slack)]
        if e.what == "move":
            hit = [k for k in hit if abs(found[k][1][0] - e.old[0]) <= 2 and
                   abs(found[k][2][0] - e.new[0]) <= 2]
            if not hit:
                span = swap_span(e)
                hit = [k for k, c in enumerate(found) if c[0] == "move" and
                       inside(c[1], span, 2) and inside(c[2], span, 2)]
                swaps += bool(hit)
        if not hit:
            missed.append(e)
        used.update(hit)
    extra = [c for k, c in enumerate(found) if k not in used and
             not any(inside(c[1], e.old, e.slack) and inside(c[2], e.new, e.slack) and
                     c[0] in e.kinds for e in edits)]
    return missed, extra, swaps


def main():
    args = sys.argv[1:]
    verbose = "--verbose" in args
    args = [a for a in args if a != "--verbose"]
    seed, drafts = 11, 12
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k:k + 2]
    if "--drafts" in args:
        k = args.index("--drafts")
        drafts = int(args[k + 1])
        del args[k:k + 2]
    pizhu, corpus = args
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
    rng = random.Random(seed)
    n = total_edits = total_missed = total_extra = 0
    print("# seed %d, %d drafts per file" % (seed, drafts))
    kinds_all = ["insert", "delete", "replace", "figure", "form", "fullwidth"]
    with tempfile.TemporaryDirectory(prefix="pizhu-diffscore.") as tmp:
        for name in files:
            with open(os.path.join(corpus, name), encoding="utf-8") as fh:
                text = fh.read().replace("\r\n", "\n").lstrip("\ufeff")
            old_path = os.path.join(tmp, "old.txt")
            with open(old_path, "w", encoding="utf-8") as fh:
                fh.write(text)
            nedit = nmiss = nextra = swaps = 0
            for d in range(drafts):
                if d % 4 == 3:
                    r = make_move(text, rng)
                else:
                    r = make_draft(text, rng, [rng.choice(kinds_all) for _ in range(3)])
                if not r or not r[1]:
                    continue
                new, edits = r
                new_path = os.path.join(tmp, "new.txt")
                with open(new_path, "w", encoding="utf-8") as fh:
                    fh.write(new)
                found, wrong = changes(pizhu, old_path, new_path, text, new)
                missed, extra, sw = judge(edits, found)
                swaps += sw
                nedit += len(edits)
                nmiss += len(missed)
                nextra += len(extra) + len(wrong)
                for line, why in wrong:
                    print("#   %s draft %d: wrong text at its place: %r: %s" %
                          (name, d, line, why))
                if verbose or missed or extra:
                    for e in missed:
                        print("#   %s draft %d: missed %r" % (name, d, e))
                    for c in extra:
                        print("#   %s draft %d: extra %s old%s new%s %r -> %r" %
                              (name, d, c[0], c[1], c[2], text[c[1][0]:c[1][1]],
                               new[c[2][0]:c[2][1]]))
                    if missed or extra:
                        print("#     edits: %r" % edits)
            n += 1
            ok = nmiss == 0 and nextra == 0
            print("%s %d - diff on edited drafts of %s: %d edits, %d missed, %d extra" %
                  ("ok" if ok else "not ok", n, name, nedit, nmiss, nextra) +
                  (" (%d moves told as the block they passed)" % swaps if swaps else ""))
            total_edits += nedit
            total_missed += nmiss
            total_extra += nextra
    print("# total: %d edits, %d reported at their place, %d missed, %d extra changes" %
          (total_edits, total_edits - total_missed, total_missed, total_extra))
    print("1..%d" % n)
    return 0 if total_missed == 0 and total_extra == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
