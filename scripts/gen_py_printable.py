#!/usr/bin/env python3
"""Writes crates/cardseal/src/canonical/py_printable.rs: for each CPython version, the
non-ASCII code points whose `str.isprintable()` is false, i.e. the characters `repr()`
escapes as \\xhh, \\uhhhh or \\Uhhhhhhhh.

Usage: python3 scripts/gen_py_printable.py TABLES.jsonl > crates/cardseal/src/canonical/py_printable_tables.rs
where TABLES.jsonl holds one line per version, written by running `--dump VERSION` under each source:

  python3.11 scripts/gen_py_printable.py --dump 3.11 >> TABLES.jsonl   # the interpreter itself
  python3.12 scripts/gen_py_printable.py --dump 3.12
  python3.13 scripts/gen_py_printable.py --dump 3.13
  python3 scripts/gen_py_printable.py --dump 3.14 --unicodedata2 16.0.0
                                         # with `pip install unicodedata2==16.0.0`

For a version whose interpreter is not at hand (3.14: Unicode 16.0.0), the table is
computed with CPython's own rule (Tools/unicode/makeunicodedata.py: printable unless the
general category is Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs, space excepted) from the
`unicodedata2` backport of that Unicode version. `--check` proves the rule: it compares
the rule over `unicodedata2==X` with the running interpreter's `isprintable()` when both
have the same Unicode version.
"""
import json
import sys

NON_PRINTABLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


def by_interpreter():
    return [c for c in range(0x80, 0x110000) if not chr(c).isprintable()]


def by_rule(ud):
    return [
        c
        for c in range(0x80, 0x110000)
        if ud.category(chr(c)) in NON_PRINTABLE_CATEGORIES and c != 0x20
    ]


def ranges(cps):
    out = []
    for c in cps:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def main():
    args = sys.argv[1:]
    if args and args[0] == "--check":
        import unicodedata
        import unicodedata2

        assert unicodedata.unidata_version == unicodedata2.unidata_version, (
            unicodedata.unidata_version,
            unicodedata2.unidata_version,
        )
        a, b = by_interpreter(), by_rule(unicodedata2)
        print("unicode", unicodedata.unidata_version, "interpreter", len(a), "rule", len(b), "equal", a == b)
        sys.exit(0 if a == b else 1)
    if args and args[0] == "--dump":
        version = args[1]
        if "--unicodedata2" in args:
            import unicodedata2 as ud

            want = args[args.index("--unicodedata2") + 1]
            assert ud.unidata_version == want, (ud.unidata_version, want)
            cps, source = by_rule(ud), f"the category rule over unicodedata2 {ud.unidata_version}"
        else:
            import platform
            import unicodedata as ud

            cps, source = by_interpreter(), f"CPython {platform.python_version()} str.isprintable()"
        json.dump({"version": version, "unicode": ud.unidata_version, "source": source, "ranges": ranges(cps)}, sys.stdout)
        return
    tables = [json.loads(line) for line in open(args[0]) if line.strip()]
    newest, older = tables[-1], tables[:-1]

    def points(t):
        out = set()
        for a, b in t["ranges"]:
            out.update(range(a, b + 1))
        return out

    base = points(newest)
    w = sys.stdout.write
    w("//! Which non-ASCII characters Python's `repr()` escapes, per CPython version: generated\n")
    w("//! by `scripts/gen_py_printable.py` (do not edit by hand).\n//!\n")
    w("//! The newest version's table lists, as sorted disjoint inclusive ranges, every code point\n")
    w("//! `>= U+0080` for which `str.isprintable()` is false (general categories Cc, Cf, Cs, Co,\n")
    w("//! Cn, Zl, Zp, Zs): the characters `repr()` writes as `\\xhh`, `\\uhhhh` or `\\Uhhhhhhhh`.\n")
    w("//! Each older version is stored as its difference from it (the code points whose answer\n")
    w("//! differs: characters assigned by a later Unicode version). Sources:\n")
    for t in tables:
        n = sum(e - s + 1 for s, e in t["ranges"])
        w(f"//! - CPython {t['version']} (Unicode {t['unicode']}): {t['source']}; {n} code points.\n")
    w("\n")

    def table(name, doc, rs):
        w(f"/// {doc}\n")
        w("#[rustfmt::skip]\n")
        w(f"pub(super) const {name}: &[(u32, u32)] = &[\n")
        for i in range(0, len(rs), 6):
            w("    " + " ".join(f"(0x{a:04X}, 0x{b:04X})," for a, b in rs[i : i + 6]) + "\n")
        w("];\n\n")

    v = newest["version"].replace(".", "_")
    table(f"NON_PRINTABLE_{v}",
          f"Non-printable code points `>= U+0080` of CPython {newest['version']} (Unicode {newest['unicode']}).",
          newest["ranges"])
    for t in older:
        diff = sorted(points(t) ^ base)
        table(f"DIFF_{t['version'].replace('.', '_')}",
              f"Code points whose printability in CPython {t['version']} (Unicode {t['unicode']}) differs from "
              f"CPython {newest['version']}.",
              ranges(diff))


if __name__ == "__main__":
    main()
