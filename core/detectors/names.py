"""Detector family: person names (patients and their relatives).

Everything it knows is data in ``policies/identifiers/names.toml`` (cue words,
titles, weights, thresholds) and the ``names_*.txt`` word lists beside it.

One pass per message:

1. Tokenise ``doc.text`` once with one compiled regex (words, numbers,
   newlines, punctuation), keeping offsets.
2. Build candidates: runs of name-like word tokens on one line (Title-case
   words, or lower-case words found in the name lists, with particles such as
   "van der" and initials inside), plus the surname-first form
   ``DLAMINI, Sipho``.
3. Score each: *intrinsic* (capitalisation that is not sentence-initial,
   first name / surname lists, an ordinary English word counts against) and
   *context* (patient titles, relatives, "pt", bed/cubicle numbers, age-sex,
   list items, identifiers the earlier detectors found nearby; colleague
   cues count against; staff titles, ``@handles``, thread-quote authors,
   eponyms, places and the workspace's staff names veto).
4. Report a candidate when intrinsic >= ``min_intrinsic``, context >=
   ``min_context`` (``single_min_context`` for a lone token) and their sum
   >= ``threshold``.

All look-ups are in frozensets; no per-message scan of a list.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError
from .base import BaseDetector, finding

# w: a word (letters, inner apostrophes/hyphens); d: a number-ish token;
# n: newline; p: one punctuation mark or symbol.
TOKEN = re.compile(
    r"(?P<w>[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*(?:['\-][^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*)*)"
    r"|(?P<d>\d[\w/]*)|(?P<n>\n)|(?P<p>[^\w\s])"
)
_COMBINING = {c: None for c in range(0x300, 0x370)}
AGE_SEX = re.compile(r"^\d{1,3}(?:[mf]|yo|y|yrs?|yr|years?|/?[mf]|mo|mths?|m/o|y/o)$", re.I)
SENT_END = frozenset(".!?")
ENGLISH_SUFFIX = re.compile(r"(?:ed|ing|ly|tion|sion|ment|ness|ful|less|ous|ive|able|ible|ise|ize|ised|ized|ies|ism|ist|ity)$")

W, D, N, P = 0, 1, 2, 3

# Token shapes
TITLE, UPPER, LOWER, MIXED, INITIAL = "T", "U", "L", "M", "I"

# Runs of Southern African consonants that rarely start an English word:
# Mb-, Mf-, Mh-, Mk-, Mn-, Mp-, Ms-, Mt-, Mz-, Ng-, Nc-, Nk-, Nq-, Nt-, Nx-, Nz-,
# Dl-, Hl-, Tsh-, Gc-, Gq-, Qw-, Xh-; or the clicks and -hl-/-tsh-/-kgh- inside.
AFRICAN_SHAPE = re.compile(
    r"^(?:m[bfhklnpqstvwxz]|n[cdgjkqtxyz]|dl|hl|tsh|ts|kg|gc|gq|qw|xh|sh[aeiou]|ph[aeiou]|bh|kh|th[aeiou]|nh|ny|mm|hl)"
    r"[a-z]{2,}[aeiou]$"
    r"|^[a-z]*(?:hl|tlh|tsh|kgh|kh|ngc|ngq|nq|qh|xh|dzh|vh|zw|mbh|mkh|mth|ndl|ntl|nkw|ngw|dlw|bh|gq|gc|mp[aeiou]|mb[aeiou]|ng[aeiou]|nz[aeiou]|ny[aeiou])[a-z]*[aeiou]$"
)


def _shape(tok: str) -> str:
    if len(tok) == 1:
        return INITIAL if tok.isupper() else LOWER
    if tok.isupper():
        return UPPER
    if tok.islower():
        return LOWER
    if tok[0].isupper() and tok[1:].islower():
        return TITLE
    if tok[0].isupper() or tok[0] in "dvl":  # McCarthy, O'Brien, DeVilliers, van-Wyk, le-Roux
        return MIXED
    return LOWER if tok.lower() == tok else MIXED


class Tok:
    __slots__ = ("kind", "s", "e", "text", "low", "base", "poss", "shape", "sent", "line")

    def __init__(self, kind, s, e, text, line):
        self.kind, self.s, self.e, self.text, self.line = kind, s, e, text, line
        low = text.lower()
        if not low.isascii():
            low = low.translate(_COMBINING)
        self.low = low
        self.poss = kind == W and (low.endswith("'s") or low.endswith("s'")) and len(low) > 3
        self.base = low[:-2] if self.poss and low.endswith("'s") else (low[:-1] if self.poss else low)
        self.shape = _shape(text) if kind == W else ""
        self.sent = False


def tokenise(text: str) -> list[Tok]:
    toks: list[Tok] = []
    line = 0
    prev_end_sentence = True
    for m in TOKEN.finditer(text):
        kind = m.lastindex - 1
        t = Tok(kind, m.start(), m.end(), m.group(), line)
        if kind == W:
            t.sent = prev_end_sentence
            prev_end_sentence = False
        elif kind == N:
            line += 1
            prev_end_sentence = True
        elif kind == P:
            if t.text in SENT_END:
                prev_end_sentence = True
        else:
            prev_end_sentence = False
        toks.append(t)
    return toks


def _set(values) -> frozenset:
    return frozenset(v.lower() for v in values)


class Detector(BaseDetector):
    policy = "identifiers"
    name = "names"

    def __init__(self, pack: Pack):
        super().__init__(pack)
        cfg = pack.table("names")
        self.enabled = bool(self.rules)
        self.rule = {r.id: r for r in self.rules}
        st = cfg.get("settings", {})
        self.threshold = float(st.get("threshold", 5.0))
        self.min_intrinsic = float(st.get("min_intrinsic", 1.5))
        self.min_context = float(st.get("min_context", 2.0))
        self.single_min_context = float(st.get("single_min_context", 3.0))
        self.max_tokens = int(st.get("max_tokens", 4))
        self.window = int(st.get("window", 48))
        self.w = {k: float(v) for k, v in cfg.get("weights", {}).items()}
        cues = cfg.get("cues", {})

        def cue(name):
            v = cues.get(name, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise PolicyError(pack.root / "names.toml", None, f"names.cues.{name}", "must be a list of strings")
            return _set(v)

        self.titles = cue("titles")
        self.kin_titles = cue("kin_titles")
        self.staff_titles = cue("staff_titles")
        self.kin_words = cue("kin_words")
        self.possessives = cue("possessives")
        self.patient_before = cue("patient_before")
        self.weak_before = cue("weak_before")
        self.patient_after = cue("patient_after")
        self.colleague_before = cue("colleague_before")
        self.colleague_after = cue("colleague_after")
        self.facility_after = cue("facility_after")
        self.place_before = cue("place_before")
        self.facility_lower = cue("facility_after_lower")
        self.loose_after = cue("loose_after")
        self.vocative_after = cue("vocative_after")
        self.place_words = cue("place_words")
        self.particles = cue("particles")

        self.first = _set(pack.word_list("names_first_census")) | _set(pack.word_list("names_first_intl")) \
            | _set(pack.word_list("names_first_africa"))
        self.sur = _set(pack.word_list("names_surnames_census")) | _set(pack.word_list("names_surnames_africa"))
        self.africa = _set(pack.word_list("names_first_africa")) | _set(pack.word_list("names_surnames_africa"))
        self.english = _set(pack.word_list("names_english_words"))
        self.not_names = _set(w for line in pack.word_list("names_not") for w in line.split())
        self.eponyms = _set(w for line in pack.word_list("names_eponyms") for w in line.split())
        try:
            places = _set(pack.word_list("places"))
        except PolicyError:
            places = frozenset()
        self.places = frozenset(p for p in places if " " not in p)
        self.clinical = _set(w for line in pack.word_list("names_clinical_terms") for w in line.split())
        self.function_words = _set(w for line in pack.word_list("names_function_words") for w in line.split())
        self.never = self.function_words | self.not_names | self.clinical | self.titles | self.staff_titles | self.kin_titles
        self.strict_never = self.function_words | self.titles | self.staff_titles | self.kin_titles
        self._staff_cache: tuple[frozenset, frozenset] | None = None

    # ------------------------------------------------------------------ helpers

    def _staff_tokens(self, staff: frozenset) -> frozenset:
        if not staff:
            return frozenset()
        c = self._staff_cache
        if c is not None and c[0] is staff:
            return c[1]
        out = set()
        for name in staff:
            for m in TOKEN.finditer(name):
                if m.lastindex == 1:
                    low = m.group().lower()
                    if len(low) > 1 and low not in self.staff_titles and low not in self.titles:
                        out.add(low)
        fs = frozenset(out)
        self._staff_cache = (staff, fs)
        return fs

    def _listed(self, low: str) -> bool:
        return low in self.first or low in self.sur

    def _nameable(self, t: Tok, inside: bool) -> bool:
        """Can this word token be part of a name run?"""
        if t.kind != W:
            return False
        b = t.base
        if b in self.never or len(b) < 2 and t.shape != INITIAL:
            return False
        if t.shape == INITIAL:
            return inside
        if t.shape == UPPER:
            return False
        if b in self.places and b not in self.first and b not in self.sur:
            return False
        if t.shape in (TITLE, MIXED):
            return True
        # lower case: listed name or a Southern African shape, not an English word
        if b in self.english:
            return b in self.africa or inside and b in self.sur
        return self._listed(b) or bool(AFRICAN_SHAPE.match(b))

    def _loose(self, t: Tok) -> bool:
        """A word after a title or relative cue ("mr jeewa", "Mr February")."""
        if t.kind == W and t.shape in (TITLE, MIXED):
            return t.base not in self.strict_never
        if not (t.kind == W and t.shape == LOWER and len(t.base) > 2 and t.base not in self.never):
            return False
        if t.base in self.english:
            return t.base in self.africa
        # an unlisted word that looks like English morphology ("extubated", "refusing") is not a name
        return self._listed(t.base) or not ENGLISH_SUFFIX.search(t.base)

    def _after_cue(self, toks, i) -> bool:
        """Is word i right after a patient title, kin title or relative word?"""
        k = i - 1
        if k >= 0 and toks[k].kind == P and toks[k].text == ".":
            k -= 1
        if k < 0 or toks[k].kind != W or toks[i].s - toks[k].e > 2:
            return False
        b = toks[k].base
        if b in self.titles or b in self.kin_titles or b in self.loose_after:
            return True
        if b in self.kin_words:
            k2 = k - 1
            return k2 >= 0 and toks[k2].kind == W and toks[k2].low in self.possessives
        if b == "is" and k >= 1 and toks[k - 1].kind == W and toks[k - 1].base in self.kin_words:
            return True
        return False

    # ------------------------------------------------------------------ detect

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        if not self.enabled:
            return ()
        text = doc.text
        toks = tokenise(text)
        if not toks:
            return ()
        words = [i for i, t in enumerate(toks) if t.kind == W]
        if not words:
            return ()
        staff = self._staff_tokens(ctx.staff_names)
        # Identifier spans found earlier, in normalised-text offsets.
        ids = []
        if found:
            for f in found:
                if f.start is not None and f.policy == "identifiers":
                    ids.append(self._to_norm(doc, f.start, f.end))
        out: list[Finding] = []
        used_until = -1
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if t.kind != W or t.s < used_until:
                i += 1
                continue
            cand = self._surname_first(toks, i) or self._run(toks, i)
            if cand is None:
                i += 1
                continue
            a, b, rule_hint = cand  # token indices [a, b) of the core name
            res = self._score(doc, toks, a, b, rule_hint, ids, staff)
            if res is not None:
                s_idx, rid, score = res
                s, e = toks[s_idx].s, toks[b - 1].e
                if toks[b - 1].poss:
                    e -= 2 if toks[b - 1].low.endswith("'s") else 1
                if not any(s < ie and is_ < e for is_, ie in ids):
                    out.append(finding(self.rule[rid], doc, s, e, score))
                    used_until = e
            i = b
        return out

    @staticmethod
    def _to_norm(doc: Doc, s: int, e: int) -> tuple[int, int]:
        if doc.index is None:
            return s, e
        # map original offsets back to normalised ones (rare: non-ASCII text)
        idx = doc.index
        ns = next((k for k, o in enumerate(idx) if o >= s), len(doc.text))
        ne = next((k for k, o in enumerate(idx) if o >= e), len(doc.text))
        return ns, ne

    def _surname_first(self, toks, i):
        """``SURNAME, Given`` (a folder sticker); returns (a, b, hint)."""
        t = toks[i]
        if t.shape != UPPER or len(t.text) < 3 or t.base in self.never or t.poss:
            return None
        if i + 2 >= len(toks) or toks[i + 1].text != "," or toks[i + 2].kind != W:
            return None
        g = toks[i + 2]
        if g.shape not in (TITLE, MIXED) or g.base in self.never:
            return None
        if not (t.base in self.sur or g.base in self.first or AFRICAN_SHAPE.match(t.base)):
            return None
        b = i + 3
        # a second given name: "MAHLANGU, Thulani Sipho"
        if b < len(toks) and toks[b].kind == W and toks[b].shape == TITLE and toks[b].base in self.first \
                and toks[b].s - toks[b - 1].e == 1:
            b += 1
        return i, b, "surname_first"

    def _run(self, toks, i):
        """The longest run of name-like tokens starting at word token i."""
        t = toks[i]
        n = len(toks)
        starts_particle = t.base in self.particles and t.shape == LOWER
        if starts_particle:
            # "du Plessis", "van der Merwe": a particle may lead when a capitalised name follows
            j = i
            while j < n and toks[j].kind == W and toks[j].base in self.particles and j - i < 3:
                j += 1
            if j >= n or toks[j].kind != W or not (toks[j].shape in (TITLE, MIXED)
                                                    or self._after_cue(toks, i) and self._loose(toks[j])):
                return None
        elif t.shape == INITIAL:
            # "N Mgazi", "N. Mgazi"
            j = i + 1
            if j < n and toks[j].kind == P and toks[j].text == ".":
                j += 1
            if not (j < n and toks[j].kind == W and toks[j].shape in (TITLE, MIXED) and toks[j].line == t.line
                    and self._nameable(toks[j], inside=True)):
                return None
        elif not (self._nameable(t, inside=False) or self._after_cue(toks, i) and self._loose(t)):
            return None
        loose = (t.shape == LOWER or starts_particle) and self._after_cue(toks, i)
        b = i + 1
        core = 0 if starts_particle else 1
        lower_run = t.shape == LOWER and not starts_particle
        if starts_particle and loose:
            lower_run = toks[j].shape == LOWER
        while b < n and core < self.max_tokens:
            prev = toks[b - 1]
            nxt = toks[b]
            # an initial may carry a dot: "N. Mgazi"
            if nxt.kind == P and nxt.text == "." and prev.shape == INITIAL and b + 1 < n:
                b += 1
                continue
            if nxt.kind != W or nxt.line != prev.line:
                break
            gap = nxt.s - prev.e
            if gap < 1 or gap > 2 or prev.poss:
                if not (gap == 0 and prev.kind == P and prev.text == "."):
                    break
            if nxt.base in self.particles and nxt.shape == LOWER:
                # particle(s) must be followed by a capitalised name
                j = b
                while j < n and toks[j].kind == W and toks[j].base in self.particles and j - b < 3:
                    j += 1
                if j < n and toks[j].kind == W and toks[j].base not in self.never and (
                        toks[j].shape in (TITLE, MIXED) or lower_run and toks[j].shape == LOWER
                        and (self._listed(toks[j].base) or loose and self._loose(toks[j]))):
                    b = j
                    continue
                break
            if lower_run and nxt.shape != LOWER:
                break
            if not lower_run and nxt.shape == LOWER:
                break
            if not lower_run and loose is False and self._after_cue(toks, i) and nxt.shape in (TITLE, MIXED) \
                    and self._loose(nxt) and not self._nameable(nxt, inside=True):
                b += 1
                core += 1
                continue
            if not (self._nameable(nxt, inside=True) or loose and self._loose(nxt)
                    or lower_run and core == 1 and t.base in self.first and self._loose(nxt)):
                break
            b += 1
            if nxt.shape != INITIAL:
                core += 1
        # never end on an initial or a dot
        while b > i + 1 and (toks[b - 1].shape == INITIAL or toks[b - 1].kind == P):
            b -= 1
        if toks[b - 1].shape == INITIAL:
            return None
        if lower_run and core < 2 and not loose:
            return None  # a lone lower-case word is a name only after a title or relative cue
        return i, b, None

    # ------------------------------------------------------------------ scoring

    def _prev_word(self, toks, a, skip_punct=True):
        """Index of the word before token a on the same line (skipping
        punctuation when asked), or -1."""
        k = a - 1
        line = toks[a].line
        while k >= 0 and toks[k].line == line:
            if toks[k].kind == W:
                return k
            if not skip_punct and toks[k].kind == P:
                return -1
            k -= 1
        return -1

    def _score(self, doc, toks, a, b, hint, ids, staff):
        w = self.w
        core = [t for t in toks[a:b] if t.kind == W and t.shape != INITIAL and t.base not in self.particles]
        if not core:
            return None
        # the workspace's colleagues are never flagged
        if staff and any(t.base in staff for t in core):
            return None
        first, last = core[0], core[-1]
        nc = len(core)
        text = doc.text
        line = toks[a].line

        # ---- hard vetoes from what stands right before
        k = a - 1
        while k >= 0 and toks[k].kind == P and toks[k].text in ".'\"(":
            k -= 1
        pk = toks[k] if k >= 0 else None
        if pk is not None and pk.kind == P and pk.text == "@" and pk.e == toks[a].s:
            return None
        if pk is not None and pk.kind == W and pk.base in self.staff_titles and pk.line == line:
            # "Sister X" is staff, but "her sister X" is a relative
            pp = self._prev_word(toks, k)
            if not (pk.base in self.kin_words and pp >= 0 and toks[pp].low in self.possessives):
                return None
        # thread quote author: "> Name:" at the start of a line
        if b < len(toks) and toks[b].kind == P and toks[b].text == ":":
            j = a - 1
            if j >= 0 and toks[j].kind == P and toks[j].text == ">" and (j == 0 or toks[j - 1].kind == N):
                return None
        # eponyms: "Fournier's gangrene", "Bell's palsy", "Wernicke's"
        if nc == 1 and first.base in self.eponyms and (first.poss or b < len(toks) and toks[b].kind == W
                                                       and toks[b].base in self.facility_after):
            if not (pk is not None and pk.kind == W and pk.base in self.titles):
                return None
        nxt = toks[b] if b < len(toks) else None
        if nxt is not None and nxt.kind == W and nxt.line == line and nxt.base in self.facility_after \
                and not last.poss and nc + (1 if a > 0 and toks[a - 1].kind == W else 0) >= 1:
            if nxt.shape in (TITLE, UPPER) or nxt.shape == LOWER and nxt.base in self.facility_lower:
                return None
        if nc > 1 and last.shape == TITLE and last.base in self.facility_after:
            return None  # "Church Lane", "Grey Hospital"

        # ---- intrinsic
        intr = 0.0
        for t in core:
            if t.shape in (TITLE, MIXED) and not (t is first and t.sent):
                intr += w.get("capitalised", 1.0)
        if first.base in self.first:
            intr += w.get("known_first", 1.0) if nc > 1 else 0
        if nc > 1 and last.base in self.sur:
            intr += w.get("known_surname", 1.0)
        if nc == 1 and self._listed(first.base):
            intr += w.get("known_single", 1.0)
        if nc > 1:
            intr += w.get("multi_token", 1.0)
        for t in core:
            listed = self._listed(t.base)
            if t.base in self.english:
                if t.base in self.africa:
                    continue
                intr += w.get("english_name", -0.5) if listed else w.get("english_word", -1.5)
            elif not listed and AFRICAN_SHAPE.match(t.base):
                intr += w.get("shape", 1.0)
        if hint == "surname_first":
            intr += w.get("surname_first", 2.0)

        # ---- context
        ctxs = 0.0
        direct = 0.0  # cues right next to the name (for lone tokens)
        start_idx = a
        rid = "person-name-surname-first" if hint == "surname_first" else "person-name-context"
        pw = self._prev_word(toks, a)
        pw_adj = pw >= 0 and all(toks[x].kind == P and toks[x].text in ",:-(" for x in range(pw + 1, a))
        pwt = toks[pw] if pw >= 0 else None
        if pwt is not None and pw == a - 1 or (pwt is not None and pw_adj):
            pb = pwt.base
            if pb in self.titles and pw == a - 1 or (pb in self.titles and toks[pw + 1].text == "."):
                ctxs += w.get("title", 4.0)
                direct += w.get("title", 4.0)
                start_idx = pw
                rid = "person-name-title"
            elif pb in self.kin_titles:
                ctxs += w.get("kin_title", 3.0)
                direct += w.get("kin_title", 3.0)
                rid = "person-name-title"
            elif pb in self.kin_words:
                # "her brother X", "pt's mother X", "mom is X"; "gran is X"
                pp = self._prev_word(toks, pw)
                if pp >= 0 and toks[pp].low in self.possessives or pw == 0 or toks[pw].sent:
                    ctxs += w.get("relative", 4.0)
                    direct += w.get("relative", 4.0)
                    rid = "person-name-relative"
            elif pb == "is" or pb == "was" or pb == "as":
                pp = self._prev_word(toks, pw)
                if pp >= 0 and toks[pp].base in self.kin_words:
                    ctxs += w.get("relative", 4.0)
                    direct += w.get("relative", 4.0)
                    rid = "person-name-relative"
                elif pp >= 0 and toks[pp].base in self.patient_before or pp >= 0 and toks[pp].base in ("abt", "about", "asked"):
                    ctxs += w.get("patient_before", 3.0)
                    direct += w.get("patient_before", 3.0)
                elif pb == "as" and pp >= 0 and toks[pp].base in ("id'd", "idd", "identified", "known", "registered"):
                    ctxs += w.get("patient_before", 3.0)
                    direct += w.get("patient_before", 3.0)
                else:
                    ctxs += w.get("weak_before", 1.0)
            elif pb in self.patient_before:
                ctxs += w.get("patient_before", 3.0)
                direct += w.get("patient_before", 3.0)
            elif pb == "my" and nc == 1:
                ctxs += w.get("relative", 4.0) - 1
                direct += w.get("relative", 4.0) - 1
                rid = "person-name-relative"
            elif pb in self.colleague_before:
                ctxs += w.get("colleague", -5.0)
            elif pb in self.place_before:
                ctxs += w.get("place_before", -2.0)
            elif pb in self.weak_before:
                ctxs += w.get("weak_before", 1.0)
            if pb in self.place_words:
                pass
        # colleague cue two words back: "shout out to X", "tea for X's farewell"
        if pw >= 1:
            pp = self._prev_word(toks, pw)
            if pp >= 0 and pp == pw - 1 and pw == a - 1 and toks[pp].base in self.colleague_before:
                ctxs += w.get("colleague", -5.0)

        # after the name
        j = b
        while j < len(toks) and toks[j].kind == P and toks[j].text in ",:-(":
            j += 1
        after_adj = j < len(toks) and toks[j].line == line
        if after_adj and toks[j].kind == W:
            w1 = toks[j].base
            w2 = w1
            if j + 2 < len(toks) and toks[j + 1].kind == W:
                w2 = w1 + " " + toks[j + 1].base
            elif j + 1 < len(toks) and toks[j + 1].kind == W:
                w2 = w1 + " " + toks[j + 1].base
            # two-word cues first
            j2 = j + 1
            second = toks[j2].base if j2 < len(toks) and toks[j2].kind == W else ""
            pair = w1 + " " + second if second else w1
            third = toks[j2 + 1].base if j2 + 1 < len(toks) and toks[j2 + 1].kind == W and second else ""
            triple = pair + " " + third if third else pair
            strong = rid in ("person-name-title", "person-name-relative")
            if strong or w1 in self.vocative_after and a > 0 and toks[a - 1].line == line and toks[a - 1].kind != N:
                pass
            elif last.poss and (w1 in ("farewell", "ward", "list", "team", "firm", "clinic", "theatre", "rota",
                                     "leave", "birthday", "party", "talk", "lecture", "round")):
                ctxs += w.get("colleague", -5.0)
            elif triple in self.colleague_after or pair in self.colleague_after \
                    or (w1 in self.colleague_after and w1 not in ("is", "list", "clinic", "team")):
                ctxs += w.get("colleague", -5.0)
            if w1 in self.vocative_after and not strong and (a == 0 or toks[a - 1].kind == N) and toks[b].text == ",":
                ctxs += w.get("colleague", -5.0)
            if strong and (triple in self.colleague_after or pair in self.colleague_after):
                pass
            elif pair in self.patient_after or w1 in self.patient_after:
                ctxs += w.get("patient_after", 2.0)
                if pair.startswith("in ") and pair.split()[1] in self.place_words:
                    ctxs += w.get("place_adjacent", 3.0) - w.get("patient_after", 2.0)
                    direct += w.get("place_adjacent", 3.0)
                elif w1 in ("here",) and nc == 1:
                    pass
                else:
                    direct += w.get("patient_after", 2.0) if w1 in ("passed", "died", "absconded", "dob", "born") else 0
            elif w1 in self.kin_words and nc >= 1:
                pass
            # apposition: "X his sister", "X (her niece)"
            if (w1 in self.possessives or toks[j].low in self.possessives) and second in self.kin_words:
                ctxs += w.get("relative_after", 3.0)
                direct += w.get("relative_after", 3.0)
                rid = "person-name-relative" if rid == "person-name-context" else rid
            if last.poss and w1 not in ("farewell", "ward", "list", "team", "firm", "clinic") and rid == "person-name-context":
                pass

        # line-level cues: list item, "bed 6 - X", bed/cubicle, age-sex, identifiers
        first_on_line = True
        k = a - 1
        lead = []
        while k >= 0 and toks[k].line == line:
            lead.append(toks[k])
            k -= 1
        lead.reverse()
        if lead:
            # "1." / "2)" / "-" / "*" / "bed 6 -"
            words_before = [t for t in lead if t.kind == W]
            if not words_before and lead[0].kind in (D, P):
                ctxs += w.get("list_item", 2.0)
                direct += 1.0
            elif words_before and len(words_before) == 1 and words_before[0].base in self.place_words \
                    and any(t.kind == D for t in lead):
                ctxs += w.get("list_item", 2.0) + w.get("place_adjacent", 3.0) - w.get("place_near", 2.0)
                direct += w.get("place_adjacent", 3.0)
            else:
                first_on_line = False
        s0, e0 = toks[a].s, toks[b - 1].e
        lo, hi = max(0, s0 - self.window), min(len(text), e0 + self.window)
        # bed/cubicle/age-sex within the window, on the same line
        place = agesex = clinical = False
        for t in self._window(toks, a, b, lo, hi, line):
            if t.kind == W and t.base in self.place_words:
                place = True
            elif t.kind == W and t.base in self.clinical:
                clinical = True
            elif t.kind == D and AGE_SEX.match(t.text):
                agesex = True
        if place:
            ctxs += w.get("place_near", 2.0)
        if clinical:
            ctxs += w.get("clinical_near", 1.0)
        if agesex:
            ctxs += w.get("age_sex", 1.5)
            direct += 1.0
        if ids:
            best = 0.0
            line_lo = text.rfind("\n", 0, s0) + 1
            line_hi = text.find("\n", e0)
            if line_hi < 0:
                line_hi = len(text)
            for is_, ie in ids:
                gap = is_ - e0 if is_ >= e0 else s0 - ie if ie <= s0 else 0
                same_line = line_lo <= is_ < line_hi or line_lo < ie <= line_hi
                if gap <= 25 and same_line:
                    best = max(best, w.get("identifier_adjacent", 3.0))
                elif gap <= self.window * 2 and same_line:
                    best = max(best, w.get("identifier_near", 2.0))
                elif gap <= 25 and is_ >= e0 and first_on_line:
                    # "Name\n751030 6737 082\n..." (a name on its own line above)
                    best = max(best, w.get("identifier_adjacent", 3.0))
                else:
                    best = max(best, w.get("identifier_message", 1.0))
            ctxs += best
            if best >= w.get("identifier_adjacent", 3.0):
                direct += best

        need_ctx = self.single_min_context if nc == 1 else self.min_context
        if nc == 1:
            if direct < need_ctx:
                return None
        if intr < self.min_intrinsic and not (direct >= self.w.get("title", 4.0) - 1 and intr >= 0):
            return None
        if nc == 1 and first.shape == LOWER and rid == "person-name-context" and not self._listed(first.base) \
                and not AFRICAN_SHAPE.match(first.base):
            return None  # "pt extubated": a lone lower-case word needs a title or a listed name
        if ctxs < need_ctx or intr + ctxs < self.threshold:
            return None
        return start_idx, rid, min(1.0, (intr + ctxs) / (2 * self.threshold))

    @staticmethod
    def _window(toks, a, b, lo, hi, line):
        k = a - 1
        while k >= 0 and toks[k].e > lo and toks[k].line == line:
            yield toks[k]
            k -= 1
        k = b
        while k < len(toks) and toks[k].s < hi and toks[k].line == line:
            yield toks[k]
            k += 1
