"""What loading keeps between runs (core/precompiled.py) makes loading
faster, never different: a kept program is the program ``re`` compiles, a
damaged or unreadable cache is ignored, and the checker finds the same with
the cache cold, warm or off. The literal-prefix guard (core/rxguard.py)
changes no match."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from discreet.core import Checker, precompiled, rxguard

PATTERNS = [
    (r"(?<![\w])(?:idiot|moron)s?(?![\w])", 0),
    (r"(?P<v>\d{6})\s?(?P<w>[A-Z]{2})", re.IGNORECASE),
    (r"\b(?:folder|fol|mrn)\W{0,3}(?P<v>\d{5,8})$", re.IGNORECASE),
    (r"(?:a|b)(?:c|d)*e{0,2}f", 0),
    # opening with a look-around, case-insensitive: the kept program knows the first characters
    (r"(?=[kis\d])(?:km|inch|ski|\d+)s?\b", re.IGNORECASE),
    (r"(?<![\w])(?=[a-z]{0,3}\d)(?:[a-z]+\d+|\d+)", re.IGNORECASE),
]
TEXTS = ["the idiot in bed 4", "MRN: 1234567", "Folder 55012 and fol 12345678", "acdcdef af bf", "", "ıdiot KELVIN ſ",
         "5 \u212am (kelvin sign), \u0130nch, \u017fki, KM, Inch, \u0661\u0662 ab12 \u212a9"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCREET_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DISCREET_CACHE", raising=False)
    precompiled.reload()
    yield tmp_path
    precompiled.reload()


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for t in TEXTS:
        assert [(m.span(), m.groups()) for m in a.finditer(t)] == [(m.span(), m.groups()) for m in b.finditer(t)]


def test_a_kept_program_is_the_program_re_compiles(cache):
    for pat, flags in PATTERNS:
        _same(precompiled.compile(pat, flags), re.compile(pat, flags))
    precompiled.save()
    assert list(cache.glob("precompiled-*.json"))
    precompiled.reload()  # a new run: read back from the file
    for pat, flags in PATTERNS:
        _same(precompiled.compile(pat, flags), re.compile(pat, flags))


def test_a_broken_pattern_still_raises(cache):
    with pytest.raises(re.error):
        precompiled.compile(r"(?:unclosed")


def test_a_damaged_file_is_ignored_and_rewritten(cache):
    precompiled.compile(*PATTERNS[0])
    precompiled.save()
    (path,) = cache.glob("precompiled-*.json")
    raw = path.read_bytes()
    path.write_bytes(raw[:-40] + b"0" * 40)  # checksum no longer holds
    precompiled.reload()
    _same(precompiled.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    precompiled.save()
    head, _, body = path.read_bytes().partition(b"\n")
    import hashlib
    assert head.decode() == hashlib.sha256(body).hexdigest()


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DISCREET_CACHE_DIR", str(blocker / "sub"))
    precompiled.reload()
    try:
        _same(precompiled.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))
        precompiled.save()  # no exception
    finally:
        precompiled.reload()


def _findings(checker: Checker, texts) -> list:
    return [[(f.policy, f.kind, f.rule, f.start, f.end, f.target, f.score) for f in checker.check(t)] for t in texts]


def test_the_checker_finds_the_same_cold_warm_and_off(cache, monkeypatch):
    monkeypatch.setenv("DISCREET_CACHE", "off")
    precompiled.reload()
    off = Checker()
    texts = [t for r in off.rules.values() for t in (*r.match_examples, *r.no_match_examples)]
    want = _findings(off, texts)
    monkeypatch.delenv("DISCREET_CACHE")
    precompiled.reload()
    assert _findings(Checker(), texts) == want  # cold: computes and saves
    assert list(cache.glob("precompiled-*.json"))
    precompiled.reload()
    assert _findings(Checker(), texts) == want  # warm: read back


# --- the literal-prefix guard ------------------------------------------------------------

def test_prefixes_are_read_from_the_parse():
    assert rxguard.literal_prefixes(r"\b(?:don't|do not)\b") == {"don'", "do n"}
    assert rxguard.literal_prefixes(r"(?<!on )\bcall(?:ing|ed)?\s") == {"call"}
    assert rxguard.literal_prefixes(r"x{0,2}y") == {"x", "y"}  # an optional repeat: its first item, or what follows
    assert rxguard.literal_prefixes(r"[ab]c") == {"ac", "bc"}
    for unknown in (r"\w+ing", r"(?:a|)", r"a*", r"(?i)abc", r".x", r"[^a]b"):
        assert rxguard.literal_prefixes(unknown) is None, unknown


GUARDED = [
    r"(?:\b(?:don'?t|do not|never|stop)\b(?:\W+[\w@']+){0,6}?\W+(?:call|say)(?:ing)?\b)"
    r"|(?:(?<!on )\bcall(?:ing|ed|s)?\s+(?:someone|them|him|her)\s+['\"]?$)"
    r"|(?:\b(?:the|a|that) (?:term|word|label)\s+['\"]?$)|(?:k[ei]lvins?|s[ıi]ck)",
    r"(?:ab|ac|ad|ae|af|ag)+x?|(?:q{0,2}r|[st]u)",
]
PIECES = st.sampled_from(["don't ", "do not ", "call ", "calling ", "them ", "'", '"', "the term ", "a word ",
                          "on ", "stop ", "KELVIN ", "\u212aelvin ", "sıck ", "SICK ", "ab", "ac", "x", "qqr",
                          "su", "tu", " ", "\n", "é", "ı", "İ", "ſ"])


def test_a_long_list_of_short_alternatives_is_still_guarded():
    # 60 entries of 5 prefixes each: 300 in all, under the cap; the budget is
    # charged per alternative's own prefixes, not the running total (which
    # left discussion lists of ~40 entries unguarded, several times slower)
    alts = [rf"\b(?:{w}a|{w}b|{w}c|{w}d|{w}e)x" for w in (f"q{i:02d}" for i in range(60))]
    pre = rxguard.literal_prefixes("|".join(f"(?:{a})" for a in alts))
    assert pre is not None and len(pre) == 300


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.sampled_from(GUARDED), st.booleans())
def test_a_guarded_pattern_finds_the_same(text, pattern, ignore_case):
    flags = re.IGNORECASE if ignore_case else 0
    guarded = rxguard.guard(pattern, flags)
    assert guarded != pattern  # the guard applies to these
    a, b = re.compile(pattern, flags), re.compile(guarded, flags)
    assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]
    for i in range(0, len(text) + 1, 3):
        ma, mb = a.search(text, i), b.search(text, i)
        assert (ma and ma.span()) == (mb and mb.span())


def test_the_term_index_misses_no_term():
    """The derogatory detector tries a term only where one of its indexed
    prefixes starts: every prefix re's own parse says a match can start with
    must be covered by one of them (or a term would silently never match)."""
    from discreet.core import default_checker
    from discreet.core.detectors import derogatory as D

    det = next(d for d in default_checker().detectors if d.name == "derogatory")
    keys_of = {}
    for key, cands in det.cands.items():
        for entry in cands:
            keys_of.setdefault(id(entry[0]), set()).add(key)
    checked = 0
    for rx, rule, _, _ in det.terms:
        pat = getattr(rx, "pattern", None)
        if pat is None or not pat.startswith("(?<![\\w])(?:"):
            continue
        exact = rxguard.literal_prefixes(pat, 0, 6)
        if exact is None:
            continue
        keys = keys_of[id(rx)]
        for e in exact:
            if len(e) < 6 and not any(e.startswith(k) for k in keys):
                continue  # the parse could not tell more than e: nothing to hold the index to
            assert any(e.startswith(k) for k in keys), (rule.id, pat[:80], e)
            checked += 1
    assert checked > 100
    assert D._MAX_STARTS > 0


FIRST_GUARDED = [
    r"(?<![\w/.\-])(?P<v>\d{1,2}(?:st|nd)?[\s\-]{0,2}(?:jan|feb|mar)\w*\s\d{4}|(?:jan|feb)\w*\s\d{1,2})",
    r"(?P<v>(?-i:[A-Z]{2,3})[ ]\d{3}|[1-9]\d{3}|ſ?k\d+)",
    r"\b(?:bed|rm)\s*\d+|(?:x{0,2}y)+z",
]
FIRST_PIECES = st.sampled_from(["12", "1st", " ", "-", "jan", "JAN", "Feb", "2024", "AB", "ab", "bed ", "RM",
                                "7", "xxy", "yz", "k1", "\u212a1", "ſk2", "SK3", "İ", "ı", "\n", "/", "0"])


def test_the_first_character_guard_leaves_what_it_cannot_tell():
    for pattern in (r".x", r"[^a]b", r"a?", r"\w+", r"(?i:a)b", r"(a)?\1b"):
        assert rxguard.first_char_guard(pattern) == pattern, pattern
    assert rxguard.first_char_guard(r"(?<!x)\bab|c+") == r"(?=[ac])(?:(?<!x)\bab|c+)"


@settings(max_examples=300, deadline=None)
@given(st.lists(FIRST_PIECES, max_size=30).map("".join), st.sampled_from(FIRST_GUARDED), st.booleans())
def test_a_first_character_guard_finds_the_same(text, pattern, ignore_case):
    flags = re.IGNORECASE if ignore_case else 0
    guarded = rxguard.first_char_guard(pattern, flags)
    assert guarded != pattern  # the guard applies to these
    a, b = re.compile(pattern, flags), re.compile(guarded, flags)
    assert [(m.span(), m.groupdict()) for m in a.finditer(text)] == [(m.span(), m.groupdict()) for m in b.finditer(text)]
    for i in range(0, len(text) + 1, 3):
        ma, mb = a.search(text, i), b.search(text, i)
        assert (ma and ma.span()) == (mb and mb.span())
