"""Detector family: person names (patients and their relatives).

Everything it knows is data in ``policies/identifiers/names.toml`` (cue words,
titles, weights, thresholds) and the ``names_*.txt`` word lists beside it.

One pass per message:

1. Tokenise ``doc.text`` once with one compiled regex (words, numbers,
   newlines, punctuation), keeping offsets.
2. Build candidates: runs of name-like word tokens on one line (Title-case
   words, or lower-case words found in the name lists, with particles such as
   "van der" and initials inside), plus the surname-first forms
   ``DLAMINI, Sipho``, ``Mokoena, Thabo 1234567`` and ``MOKOENA Thabo`` (no
   comma), a lower-case initial and surname (``j smith``, ``b.mkhwanazi``), a
   lower-case name in a record layout (``mofokeng 36293994``, ``essack dob
   ...``, ``lab request for kowalska``) and lower-case words beside a social
   tie in a message about casualty or the ward.
3. Score each: *intrinsic* (capitalisation that is not sentence-initial,
   first name / surname lists, an ordinary English word counts against) and
   *context* (patient titles, relatives, "the family of", "baby", "pt",
   bed/cubicle numbers before or after, age-sex, list items, a clinical
   predicate after the name ("X is back again", "X has absconded"), a care
   act heading the line backed by something clinical of theirs or an
   identifier ("X didn't pitch for her dressing", "X asked for his sick note
   ... <email>"), clinical paperwork or a pharmacy cue before it ("death
   notification for X", "TTA: X"), an unlabelled number in brackets right
   after it ("X (943 476 5919)"), identifiers
   the earlier detectors found nearby; and the layouts of a patient list: a
   folder/lab number (6-13 digits, ``D1234567``, ``12-345678``) right after
   the name or alone on the next line, a patient-list heading above the line
   the name heads ("for theatre tomorrow:", "ward round list", "admissions
   overnight"), a diagnosis right after a line-initial name; a social tie
   ("my neighbour", "from church") in a message about a clinical setting; "X
   from <clinic / CHC / old-age home>" followed by a clinical value; a
   placement right after a first name alone, then a patient's act or state
   ("X bed 4 wants to go home", "X in peds ED, 4yo", "X from 11 told me"),
   an apposition that names a patient ("X the lady in 9", "X the psycho from
   6"), an ordinal visit on the line, a relative by role ("X (son) wants a
   call back", "X's mom wants to speak to a doctor"), a possessive with a
   clinical noun ("X's bloods"), a numbered surname line with a clinical
   state ("1 Mahlaba - vent"), "N. Surname" under a list heading, names moved
   on a theatre list, a bare date of birth after a full name. Colleague
   cues and work-admin words in the clause after the name count against, and
   so does a staff-list heading ("on call:", "PERSAL numbers:") or rota words
   on the name's line; staff titles, a support department ("X from HR"), an
   extension ("X, ext 4456"), ``@handles``, thread-quote authors, eponyms,
   places and the workspace's staff names veto).
4. Report a candidate when intrinsic >= ``min_intrinsic``, context >=
   ``min_context`` (``single_min_context`` for a lone token) and their sum
   >= ``threshold``.

All look-ups are in frozensets; no per-message scan of a list.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Iterable

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError
from .base import BaseDetector, cue_reader, finding, list_words, lower_set

# w: a word (letters, inner apostrophes/hyphens); d: a number-ish token;
# n: newline; p: one punctuation mark or symbol.
TOKEN = re.compile(
    r"(?P<w>[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*(?:['\-][^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*)*)"
    r"|(?P<d>\d[\w/]*)|(?P<n>\n)|(?P<p>[^\w\s])"
)
# The same tokens on ASCII text (the usual message: normalize passes it through as it is), with
# plain character classes the engine runs through at once (no Unicode category per character)
TOKEN_ASCII = re.compile(r"(?P<w>[A-Za-z]+(?:['\-][A-Za-z]+)*)|(?P<d>[0-9][A-Za-z0-9_/]*)|(?P<n>\n)|(?P<p>[^\w\s])")
_COMBINING = {c: None for c in range(0x300, 0x370)}
AGE_SEX = re.compile(r"^\d{1,3}(?:[mf]|yo|y|yrs?|yr|years?|/?[mf]|mo|mths?|m/o|y/o)$", re.I)
SENT_END = frozenset(".!?")
QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019")
GRAVIDA = re.compile(r"^\d{1,2}p\d{1,2}$", re.I)
ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$", re.I)
VOWEL = re.compile(r"[aeiouy]")
ENGLISH_SUFFIX = re.compile(r"(?:ed|ing|ly|tion|sion|ment|ness|ful|less|ous|ive|able|ible|ise|ize|ised|ized|ies|ism|ist|ity)$")

W, D, N, P = 0, 1, 2, 3
# Diagnosis and procedure words by their Greek/Latin endings ("pyelonephritis", "cholecystectomy",
# "melanoma", "haemorrhage"): clinical whether or not the clinical-terms list has them
CLINICAL_SUFFIX = re.compile(
    r"(?:itis|osis|aemia|emia|pathy|ectomy|otomy|ostomy|plasty|algia|uria|penia|cytosis|ectasis|iasis|rrhoea|rrhea"
    r"|rrhage|plegia|paresis|oedema|scopy|(?:carcin|lymph|melan|myel|gli|haemat|hemat|aden|fibr|lip|neur|mening|sarc)oma)$")
# "referred with", "sent in for", "transferred from": a patient moved into care
ARRIVAL = frozenset(("referred", "sent", "transferred", "brought", "presented", "presenting", "admitted", "came", "ref'd", "refd"))
ARRIVAL_NEXT = frozenset(("with", "for", "in", "after", "from", "to", "back", "as", "via", "on"))

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


TIME_UNITS = frozenset(("min", "mins", "minute", "minutes", "sec", "secs", "second", "seconds", "hr", "hrs", "hour", "hours", "h",
                        "day", "days", "d", "week", "weeks", "wk", "wks", "month", "months", "mo", "year", "years", "yr", "yrs", "am", "pm"))


def nxt_w(toks, b, line) -> str | None:
    """The base of the word right after ``b`` on its line, or None."""
    return toks[b][BASE] if b < len(toks) and toks[b][KIND] == W and toks[b][LINE] == line else None


def grouped_digits(toks, k):
    """A number written in groups of 2-4 digits split by single blanks from token k ("937 5961",
    "627 874 4120"): (last token index, the digits) when it holds 6-10 digits and is no phone
    (0 then 9 digits) and no date with blanks ("12 03 1960"); else None."""
    n = len(toks)
    first = k
    digits = toks[k][TEXT]
    if toks[k][KIND] != D or not digits.isdigit() or not 2 <= len(digits) <= 4:
        return None
    while k + 1 < n and toks[k + 1][KIND] == D and toks[k + 1][TEXT].isdigit() and 2 <= len(toks[k + 1][TEXT]) <= 4 \
            and toks[k + 1][S] - toks[k][E] == 1 and toks[k + 1][LINE] == toks[k][LINE] and len(digits) < 10:
        k += 1
        digits += toks[k][TEXT]
    if k == first or not 6 <= len(digits) <= 10 or digits.startswith("0") and len(digits) == 10:
        return None
    if k + 1 < n and toks[k + 1][KIND] == D and toks[k + 1][S] - toks[k][E] <= 1:
        return None  # more digits follow: not one number of this shape
    groups = [toks[x][TEXT] for x in range(first, k + 1)]
    if len(groups[-1]) < 3:
        return None  # "120 80 72" (obs): a folder number's last group has 3-4 digits
    if len(groups) == 3 and 1 <= int(groups[0]) <= 31 and 1 <= int(groups[1]) <= 12 and len(groups[2]) in (2, 4):
        return None  # a date written with blanks ("12 03 1960")
    return k, digits


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


# A token is a plain tuple (cheap to build): these are its fields.
KIND, S, E, TEXT, LOW, BASE, POSS, SHAPE, SENT, LINE = range(10)


_tok_last: list = [None, None]  # the last text tokenised and its tokens (names, then entries, read the same text)


def tokenise(text: str) -> list[tuple]:
    """Tokens of ``text`` with offsets: (kind, start, end, text, lower,
    base (lower, without a possessive 's), possessive?, shape,
    sentence-initial?, line number). The list is shared with the next
    caller of the same text: read it, never change it."""
    if _tok_last[0] is text:
        return _tok_last[1]
    toks = _tokenise(text)
    _tok_last[0], _tok_last[1] = text, toks
    return toks


def _tokenise(text: str) -> list[tuple]:
    toks: list[tuple] = []
    append = toks.append
    line = 0
    sent = True
    for m in (TOKEN_ASCII if text.isascii() else TOKEN).finditer(text):
        kind = m.lastindex - 1
        g = m.group()
        s, e = m.span()
        if kind == W:
            low = g.lower()
            if not low.isascii():
                # fold accents for the list look-ups: "gonçalves" -> "goncalves", "joão" -> "joao"
                low = unicodedata.normalize("NFD", low).translate(_COMBINING)
            poss = False
            base = low
            if len(low) > 3 and (low[-1] == "s" or low[-1] == "'"):
                if low.endswith("'s"):
                    base, poss = low[:-2], True
                elif low.endswith("s'"):
                    base, poss = low[:-1], True
            if g == low:
                shape = LOWER
            elif len(g) > 1 and g[0].isupper() and g[1:].islower():
                shape = TITLE
            else:
                # "MEC's", "ICU's": an acronym with a possessive is still in capitals
                shape = _shape(g[:len(base)] if poss else g)
            append((W, s, e, g, low, base, poss, shape, sent, line))
            sent = False
        elif kind == N:
            append((N, s, e, g, g, g, False, "", False, line))
            line += 1
            sent = True
        else:
            if kind == P:
                if g in SENT_END:
                    sent = True
            else:
                sent = False
            append((kind, s, e, g, g, g, False, "", False, line))
    return toks


class Detector(BaseDetector):
    policy = "identifiers"
    name = "names"

    def __init__(self, pack: Pack):
        super().__init__(pack)
        cfg = pack.table("names")
        self.enabled = bool(self.rules)
        self.rule = {r.id: r for r in self.rules}
        self.record_rule = self.rule.get("record-number-after-name")
        st = cfg.get("settings", {})
        self.threshold = float(st.get("threshold", 5.0))
        self.min_intrinsic = float(st.get("min_intrinsic", 1.5))
        self.min_context = float(st.get("min_context", 2.0))
        self.single_min_context = float(st.get("single_min_context", 3.0))
        self.max_tokens = int(st.get("max_tokens", 4))
        self.window = int(st.get("window", 48))
        self.w = {k: float(v) for k, v in cfg.get("weights", {}).items()}
        # name-likeness of a lower-case word in none of the lists (char n-gram logistic regression,
        # fitted by benchmarks/namelike_fit.py): the log-odds a word must reach to count as a name
        self.namelike_min = float(st.get("namelike_min_logodds", 2.2))
        self.namelike_w: dict[str, float] = {}
        self.namelike_bias = 0.0
        try:
            for line in pack.word_list("namelike"):
                g, _, v = line.partition("\t")
                self.namelike_w[g] = float(v)
            self.namelike_bias = self.namelike_w.pop("__bias__", 0.0)
            self.namelike_not = list_words(pack, "namelike_words")
        except PolicyError:
            self.namelike_w = {}
            self.namelike_not = frozenset()
        self._namelike_cache: dict[str, bool] = {}
        cue = cue_reader(pack, "names")

        self.titles = cue("titles")
        self.kin_titles = cue("kin_titles")
        self.staff_titles = cue("staff_titles")
        self.roles_after = cue("roles_after")
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
        self.place_unnumbered = cue("place_unnumbered")
        self.auxiliaries = cue("auxiliaries")
        self.predicates = cue("predicates")
        self.is_patient = cue("is_patient")
        self.patient_after_direct = cue("patient_after_direct") or frozenset(("passed", "died", "absconded", "dob", "born"))
        self.of_before = cue("of_before") | self.kin_words
        self.infant_before = cue("infant_before")
        self.departments = cue("staff_departments")
        self.department_upper = cue("staff_departments_upper")
        self.colleague_clause = cue("colleague_clause")
        self.colleague_clause_upper = cue("colleague_clause_upper")
        self.staff_roles = cue("staff_roles")
        self.patient_clause = cue("patient_clause")
        self.record_after = cue("record_after")
        self.paperwork = cue("paperwork_before")
        self.titled_brands = cue("titled_brands")
        self.patient_nouns = cue("patient_nouns")
        self.owned_clinical = cue("owned_clinical")
        self.list_headers = cue("list_headers")
        self.header_colleague = cue("header_colleague")
        self.paperwork_heads = cue("paperwork_heads")
        self.paperwork_qualifiers = cue("paperwork_qualifiers")
        self.care_after = cue("care_after")
        self.care_needs_owner = cue("care_needs_owner")
        self.care_not_next = cue("care_not_next")
        self.care_clause = cue("care_clause")
        self.pharmacy_before = cue("pharmacy_before")
        self.line_fillers = cue("line_fillers")
        self.care_return = cue("care_return")
        self.care_objects = cue("care_objects") | self.owned_clinical
        self.social_before = cue("social_before")
        self.social_from = cue("social_from")
        self.social_settings = cue("social_settings")
        self.social_staff = cue("social_staff")
        self.origin_facilities = cue("origin_facilities")
        self.paperwork_single = cue("paperwork_single")
        self.initial_not = cue("initial_not")
        self.clinical_values = cue("clinical_values")
        self.rota_words = cue("rota_words")
        self.extension_words = cue("extension_words")
        self.placed_places = cue("placed_places")
        self.placed_units = cue("placed_units")
        self.placed_units_patient = cue("placed_units_patient")
        self.placed_units_staff = cue("placed_units_staff")
        self.placed_tail = cue("placed_tail") | self.predicates
        self.placed_stop = cue("placed_stop")
        self.derogatory_labels = cue("derogatory_labels")
        self.placed_veto = cue("placed_veto")
        self.kin_acts = cue("kin_acts")
        self.possessive_clinical = cue("possessive_clinical")
        self.list_verbs = cue("list_verbs")

        self.first = lower_set(pack.word_list("names_first_census")) | lower_set(pack.word_list("names_first_intl")) \
            | lower_set(pack.word_list("names_first_africa"))
        # the international list is broad (it holds "Men", "Will"...): an English word
        # counts as a name only through the census or African lists
        self.first_reliable = lower_set(pack.word_list("names_first_census")) | lower_set(pack.word_list("names_first_africa"))
        self.sur = lower_set(pack.word_list("names_surnames_census")) | lower_set(pack.word_list("names_surnames_africa"))
        self.africa = lower_set(pack.word_list("names_first_africa")) | lower_set(pack.word_list("names_surnames_africa"))
        self.english = lower_set(pack.word_list("names_english_words"))
        self.not_names = list_words(pack, "names_not")
        self.eponyms = list_words(pack, "names_eponyms")
        try:
            places = lower_set(pack.word_list("places"))
        except PolicyError:
            places = frozenset()
        try:
            self.countries = lower_set(pack.word_list("countries"))
        except PolicyError:
            self.countries = frozenset()
        self.places = frozenset(p for p in places if " " not in p)
        self.places_multi = frozenset(" ".join(p.split()) for p in places if " " in p)
        self.hospitals = lower_set(pack.word_list("names_hospitals"))
        try:  # medical-aid schemes ("Bonitas 12345678" is a member number, not a name)
            self.schemes = frozenset(w for line in pack.word_list("schemes") for w in line.lower().split())
        except PolicyError:
            self.schemes = frozenset()
        self.clinical = list_words(pack, "names_clinical_terms")
        self.function_words = list_words(pack, "names_function_words")
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

    def known_words(self) -> tuple:
        """The word sets a cue-word typo must never be repaired from (English words, names, places,
        clinical and never-name words, hospitals, the chat words of namelike_words.txt): shared
        with core.spelling by reference, not copied."""
        return (self.english, self.first, self.sur, self.never, self.eponyms, self.places, self.hospitals,
                self.namelike_not)

    def _listed(self, low: str) -> bool:
        return low in self.first or low in self.sur

    def _namelike(self, low: str) -> bool:
        """A lower-case word in none of the lists that is shaped like a name ("tashreeq",
        "gontse", "faldielah"): its character n-grams score above ``namelike_min_logodds``.
        Never an English word, a chat/clinical word of namelike_words.txt, or a short word."""
        if not self.namelike_w or len(low) < 4 or len(low) > 24:
            return False
        hit = self._namelike_cache.get(low)
        if hit is None:
            if low in self.english or low in self.namelike_not or low in self.never or not low.isalpha():
                hit = False
            else:
                w = self.namelike_w
                z = self.namelike_bias
                s = "^" + low + "$"
                for n in (2, 3, 4):
                    for i in range(len(s) - n + 1):
                        z += w.get(s[i:i + n], 0.0)
                hit = z >= self.namelike_min
            if len(self._namelike_cache) > 20000:
                self._namelike_cache.clear()  # bounded: a cache, not a record of what was seen
            self._namelike_cache[low] = hit
        return hit

    def _nameable(self, t: tuple, inside: bool) -> bool:
        """Can this word token be part of a name run?"""
        if t[KIND] != W:
            return False
        b = t[BASE]
        if b in self.never or len(b) < 2 and t[SHAPE] != INITIAL:
            return False
        if t[SHAPE] == INITIAL:
            return inside
        if t[SHAPE] == UPPER:
            return False
        if b in self.places and b not in self.first and b not in self.sur:
            return False
        if t[SHAPE] in (TITLE, MIXED):
            return True
        # lower case: listed name or a Southern African shape, not an English word
        if b in self.english:
            return b in self.africa or inside and b in self.sur
        return self._listed(b) or bool(AFRICAN_SHAPE.match(b)) or self._namelike(b)

    def _loose(self, t: tuple) -> bool:
        """A word after a title or relative cue ("mr jeewa", "Mr February")."""
        if t[KIND] == W and t[SHAPE] in (TITLE, MIXED):
            return t[BASE] not in self.strict_never
        if not (t[KIND] == W and t[SHAPE] == LOWER and len(t[BASE]) > 2 and t[BASE] not in self.never):
            return False
        if t[BASE] in self.english:
            return t[BASE] in self.africa
        # an unlisted word that looks like English morphology ("extubated", "refusing") is not a name
        return self._listed(t[BASE]) or not ENGLISH_SUFFIX.search(t[BASE])

    def _after_cue(self, toks, i) -> bool:
        """Is word i right after a patient title, kin title or relative word?"""
        k = i - 1
        if k >= 0 and toks[k][KIND] == P and toks[k][TEXT] == ".":
            k -= 1
        if k < 0 or toks[k][KIND] != W or toks[i][S] - toks[k][E] > 2:
            return False
        b = toks[k][BASE]
        if b in self.titles or b in self.kin_titles or b in self.loose_after:
            return True
        if b in self.kin_words:
            k2 = k - 1
            return k2 >= 0 and toks[k2][KIND] == W and toks[k2][LOW] in self.possessives
        if b == "is" and k >= 1 and toks[k - 1][KIND] == W and toks[k - 1][BASE] in self.kin_words:
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
        words = [i for i, t in enumerate(toks) if t[KIND] == W]
        if not words:
            return ()
        staff = self._staff_tokens(ctx.staff_names)
        # Identifier spans found earlier, in normalised-text offsets, sorted.
        ids = []
        if found:
            for f in found:
                if f.start is not None and f.policy == "identifiers":
                    ids.append(self._to_norm(doc, f.start, f.end))
            ids.sort()
        info = self._info(toks, text, ids)
        out: list[Finding] = []
        used_until = -1
        prev_end = -1  # token index just after the last reported name
        prev_single = False  # the last reported name was one word
        n = len(toks)
        english, africa, particles = self.english, self.africa, self.particles
        i = 0
        while i < n:
            t = toks[i]
            if t[KIND] != W or t[S] < used_until or self._baby_of(toks, i):
                i += 1  # (the "o" of "B/O X" is no initial)
                continue
            shape = t[SHAPE]
            if shape == LOWER and len(t[TEXT]) > 1:
                b0 = t[BASE]
                if b0 in english and b0 not in africa and b0 not in particles:
                    # a lower-case English word (no particle, no African name): no rule below can
                    # start a name on it (_surname_first wants capitals, _run's _nameable, _loose
                    # and _lower_pair refuse English words, the lower-case tries want non-English)
                    i += 1
                    continue
            cand = self._surname_first(toks, i) or shape == UPPER and (
                self._surname_upper(toks, i) or self._title_upper(toks, i)) \
                or (shape == UPPER or shape == TITLE) and i + 1 < n and toks[i + 1][SHAPE] == INITIAL \
                and self._surname_initial(toks, i) \
                or shape == LOWER and len(t[TEXT]) == 1 and self._initial_lower(toks, i) \
                or shape == LOWER and self._surname_comma_lower(toks, i) or self._run(toks, i)
            if cand is None and shape == LOWER and len(t[BASE]) > 2 \
                    and (t[BASE] not in self.english or t[BASE] in self.africa):
                cand = self._lower_record(toks, i)
                if cand is None and self._lower_word(t, False):
                    # "jenny from book club was in resus", "a guy from my gym, faizel jansen, ...": lower-case
                    # words kept only with a social tie beside them (see _score)
                    nx = toks[i + 1] if i + 1 < n else None
                    if nx is not None and nx[LINE] == t[LINE] and nx[S] - t[E] == 1 and self._lower_word(nx, False) \
                            and (self._lower_word(t, True) or self._lower_word(nx, True)):
                        cand = (i, i + 2, "lower_single")
                    elif t[BASE] in self.first_reliable or self._namelike(t[BASE]):
                        cand = (i, i + 1, "lower_single")  # (or name-shaped: "tshidi from my gym")
                    if cand is not None and not (self._social_cue(toks, cand[0], cand[1], t[LINE])
                                                 and self._is_social(info, toks)):
                        cand = None
                if cand is None and (t[BASE] in self.first_reliable or t[BASE] in self.africa) \
                        and (self._lower_word(t, True) or t[BASE] in self.places and t[BASE] in self.africa
                             and t[BASE] not in self.never) \
                        and self._placed_act(toks, i + 1, t[LINE]):
                    cand = (i, i + 1, "lower_placed")  # "thabo bed 3 vomiting again", "naledi bed 12 npo"
            if cand is None:
                i += 1
                continue
            a, b, rule_hint = cand  # token indices [a, b) of the core name
            res = self._score(doc, toks, a, b, rule_hint, info, staff, prev_end)
            if res is not None:
                s_idx, rid, score = res
                res = toks[s_idx][S], toks[b - 1][E], rid, score
            elif len(info[0]) > 1:
                res = self._joined(doc, toks, a, b, rule_hint, info, staff, prev_end)
            if res is not None:
                s, e, rid, score = res
                if toks[b - 1][POSS]:
                    e -= 2 if toks[b - 1][LOW].endswith("'s") else 1
                if not self._overlaps_id(info, s, e):
                    if out and prev_end >= 0 and a == prev_end + 1 and b == a + 1 and toks[prev_end][TEXT] == "," \
                            and prev_single and toks[a][LINE] == toks[prev_end][LINE] and out[-1].kind == "person_name":
                        # "Pt: Georgiou, Anastasia": a surname and a given name read apart are one name
                        first_f = out.pop()
                        s = self._to_norm(doc, first_f.start, first_f.end)[0]
                        rid = first_f.rule
                    out.append(finding(self.rule[rid], doc, s, e, score))
                    used_until = e
                    prev_single = b - a == 1 and rid != "person-name-title"
                    prev_end = b
                    rec = self._record_after(toks, b, info) if self.record_rule is not None else None
                    if rec is not None:
                        out.append(finding(self.record_rule, doc, rec[0], rec[1], score))
                        used_until = rec[1]
            i = b
        return out

    @staticmethod
    def _info(toks, text, ids) -> list:
        # Per-line facts and prefix counts, so scoring never walks a whole line.
        line_first = [0]
        line_lo = [0]
        line_hi = []
        wpre = [0] * (len(toks) + 1)
        cw = 0
        for k, t in enumerate(toks):
            wpre[k] = cw
            if t[KIND] == W:
                cw += 1
            elif t[KIND] == N:
                line_first.append(k + 1)
                line_hi.append(t[S])
                line_lo.append(t[E])
        wpre[len(toks)] = cw
        line_hi.append(len(text))
        # [6] list headings and [7] "is this message about a clinical setting, not work":
        # computed on first use (most messages never need them)
        return [line_first, line_lo, line_hi, wpre, ids, [x for x, _ in ids], None, None]

    def _joined(self, doc, toks, a, b, hint, info, staff, prev_end):
        """Fields on separate lines read as one line: a name that heads or ends its line
        ("Maria Mofokeng\\n66F\\nknown with TB", "bed 10:\\nJessica Isaacs\\nasthma") is scored
        again with the line break after it (then also the one before it) read as a space, as
        it would be written on one line. Not after a sign-off or greeting line, nor above a
        line of staff or rota words (a signature, "Thabo Nkosi\\nMO ward 5").
        Returns (start, end, rule id, score) or None."""
        n = len(toks)
        line = toks[a][LINE]
        heads = a == 0 or toks[a - 1][KIND] == N
        k = b
        while k < n and toks[k][KIND] == P and toks[k][TEXT] in ",:;-.":
            k += 1
        ends = k < n and toks[k][KIND] == N
        if not (heads or ends):
            return None
        # a staff list or rota keeps its own reading (its heading would be lost in the join)
        if self._staff_header(toks, a, line) or self._rota_line(toks, b, line) \
                or line > 0 and self._heading_above(info, toks, line) < 0:
            return None
        after = k if ends else -1
        # the line after must not be a signature or a rota line
        if after >= 0:
            x = after + 1
            if x < n and toks[x][KIND] == W and (toks[x][BASE] in self.staff_titles or toks[x][BASE] in self.rota_words
                                                 or toks[x][BASE] in self.colleague_clause or toks[x][LOW] in ("dr", "prof")):
                return None
        before = a - 1 if heads and a > 0 else -1
        if before >= 0:
            # a greeting or sign-off on the line above ("Thanks,\\nThabo Nkosi")
            x = before - 1
            while x >= 0 and toks[x][KIND] == P:
                x -= 1
            if x >= 0 and toks[x][KIND] == W and (toks[x][BASE] in self.colleague_before
                                                  or toks[x][BASE] in ("regards", "from", "sincerely", "best")):
                return None
        text = doc.text
        variants = []
        if after >= 0:
            variants.append([after])
        if before >= 0:
            variants.append([before] + ([after] if after >= 0 else []))
        for nl in variants:
            t2 = list(text)
            for c in nl:
                t2[toks[c][S]] = " "
            text2 = "".join(t2)
            toks2 = tokenise(text2)
            shift = sum(1 for c in nl if c < a)
            a2, b2 = a - shift, b - shift
            if a2 < 0 or b2 > len(toks2) or toks2[a2][S] != toks[a][S] or toks2[b2 - 1][E] != toks[b - 1][E]:
                continue
            info2 = self._info(toks2, text2, info[4])
            pe = prev_end - shift if prev_end >= 0 else -1
            res = self._score(Doc(doc.original, text2, doc.index), toks2, a2, b2, hint, info2, staff, pe)
            if res is not None:
                s_idx, rid, score = res
                return toks2[s_idx][S], toks2[b2 - 1][E], rid, score
        return None

    @staticmethod
    def _near_ids(info, s: int, e: int, reach: int = 3):
        """The identifier spans around [s, e) (a few on each side), by bisection."""
        ids, starts = info[4], info[5]
        k = bisect_left(starts, s)
        return ids[max(0, k - reach):k + reach]

    def _overlaps_id(self, info, s: int, e: int) -> bool:
        return any(s < ie and is_ < e for is_, ie in self._near_ids(info, s, e))

    @staticmethod
    def _to_norm(doc: Doc, s: int, e: int) -> tuple[int, int]:
        if doc.index is None:
            return s, e
        # map original offsets back to normalised ones (rare: non-ASCII text);
        # the index is non-decreasing, so bisect
        idx = doc.index
        return min(bisect_left(idx, s), len(doc.text)), min(bisect_left(idx, e), len(doc.text))

    def _surname_first(self, toks, i):
        """``SURNAME, Given`` (a folder sticker); returns (a, b, hint)."""
        start = i
        # "VAN ROOYEN, Marelize", "DU PLESSIS, Sune": capitalised particles lead
        while i + 1 < len(toks) and toks[i][SHAPE] == UPPER and toks[i][BASE] in self.particles \
                and toks[i + 1][KIND] == W and toks[i + 1][SHAPE] == UPPER and i - start < 3:
            i += 1
        t = toks[i]
        if t[SHAPE] == TITLE and start == i:
            return self._surname_comma_title(toks, i)
        if t[SHAPE] != UPPER or len(t[TEXT]) < 3 or t[BASE] in self.never or t[POSS]:
            return None
        if i + 2 >= len(toks) or toks[i + 1][TEXT] != "," or toks[i + 2][KIND] != W:
            return None
        g = toks[i + 2]
        if g[SHAPE] not in (TITLE, MIXED) or g[BASE] in self.never:
            return None
        if not (start != i or t[BASE] in self.sur or g[BASE] in self.first or AFRICAN_SHAPE.match(t[BASE])
                or t[BASE] not in self.english and g[BASE] not in self.english
                and self._number_after(toks, i + 3, t[LINE])):
            return None
        b = i + 3
        # a second given name: "MAHLANGU, Thulani Sipho"
        if b < len(toks) and toks[b][KIND] == W and toks[b][SHAPE] == TITLE and toks[b][BASE] in self.first \
                and toks[b][S] - toks[b - 1][E] == 1:
            b += 1
        return start, b, "surname_first"

    @staticmethod
    def _age_sex_after(toks, b, line):
        """An age-sex (``45M``, ``28y``) at ``b`` on ``line``, after at most two of ``,-:(``."""
        n = len(toks)
        k = b
        while k < n and k < b + 2 and toks[k][KIND] == P and toks[k][TEXT] in ",-:(":
            k += 1
        return k < n and toks[k][KIND] == D and toks[k][LINE] == line and AGE_SEX.match(toks[k][TEXT]) is not None

    def _surname_comma_title(self, toks, i):
        """``Mokoena, Thabo 1234567`` / ``Radebe, Nkosinathi - 45M``: the folder
        order in Title case, taken only when a folder number or an age-sex
        follows (``Sipho, Thabo and Lerato`` is a list of colleagues)."""
        n = len(toks)
        t = toks[i]
        if i + 2 >= n or toks[i + 1][TEXT] != "," or toks[i + 1][S] != t[E] or t[POSS] or t[BASE] in self.never:
            return None
        g = toks[i + 2]
        if g[KIND] != W or g[SHAPE] != TITLE or g[LINE] != t[LINE] or g[BASE] in self.never or g[POSS]:
            return None
        if t[BASE] in self.english and t[BASE] not in self.sur or g[BASE] in self.english and g[BASE] not in self.first:
            return None
        if not (t[BASE] in self.sur or AFRICAN_SHAPE.match(t[BASE]) or g[BASE] in self.first) or t[BASE] in self.places:
            return None
        b = i + 3
        if self._number_after(toks, b, t[LINE]) or self._bracketed_number(toks, b, t[LINE]):
            return i, b, "surname_first"
        if self._age_sex_after(toks, b, t[LINE]):
            return i, b, "surname_first"
        # "1. Khumalo, Sibusiso - lap chole": a numbered list line, a procedure or clinical state after the dash
        ls = i
        while ls > 0 and ls > i - 4 and toks[ls - 1][KIND] in (D, P) and toks[ls - 1][LINE] == t[LINE]:
            ls -= 1
        if ls < i and (ls == 0 or toks[ls - 1][KIND] == N) and toks[ls][KIND] == D and b < n \
                and toks[b][TEXT] in "-–:" and toks[b][LINE] == t[LINE] and self._tail_act(toks, b + 1, t[LINE], 3):
            return i, b, "surname_first"
        return None

    def _surname_comma_lower(self, toks, i):
        """``pretorius, marelize 28y``, ``mokoena, thabo 1234567``: the folder order typed in
        lower case, taken only when both words are listed names and not English words, and a
        folder number or an age-sex follows."""
        n = len(toks)
        t = toks[i]
        if i + 2 >= n or toks[i + 1][TEXT] != "," or toks[i + 1][S] != t[E] or t[POSS] or t[BASE] in self.never:
            return None
        g = toks[i + 2]
        if g[KIND] != W or g[SHAPE] != LOWER or g[LINE] != t[LINE] or g[BASE] in self.never or g[POSS] \
                or g[S] - toks[i + 1][E] > 1:
            return None
        if t[BASE] in self.english or g[BASE] in self.english or t[BASE] in self.places or g[BASE] in self.places:
            return None
        if t[BASE] not in self.sur or not (g[BASE] in self.first or g[BASE] in self.africa or self._namelike(g[BASE])):
            return None
        b = i + 3
        if self._number_after(toks, b, t[LINE]):
            return i, b, "surname_first"
        if self._age_sex_after(toks, b, t[LINE]):
            return i, b, "surname_first"
        return None

    def _title_upper(self, toks, i):
        """``MR SIPHO DLAMINI``, ``MRS NAIDOO``: a title and the name after it, all
        in capitals; returns (a, b, hint) for the name (the title is context)."""
        n = len(toks)
        if i + 1 >= n or toks[i][BASE] not in self.titles:
            return None
        b = i + 1
        while b < n and b < i + 4 and toks[b][KIND] == W and toks[b][SHAPE] == UPPER and toks[b][LINE] == toks[i][LINE] \
                and toks[b][S] - toks[b - 1][E] == 1 and len(toks[b][BASE]) >= 2 and toks[b][BASE] not in self.never \
                and toks[b][BASE] not in self.places and (self._listed(toks[b][BASE]) or toks[b][BASE] not in self.english):
            b += 1
        if b == i + 1 or toks[i][LOW] + " " + toks[i + 1][LOW] in self.titled_brands:
            return None
        return i + 1, b, "title_upper"

    def _surname_initial(self, toks, i):
        """``Smith J 1234567``, ``MOKOENA T - 4456123``, ``Mokoena T. bed 4``: a
        surname then an initial, taken only when a folder number or a numbered
        bed follows (``Smith J, Brown K et al.`` is a citation)."""
        n = len(toks)
        t = toks[i]
        if i + 1 >= n or t[SHAPE] not in (TITLE, UPPER) or len(t[BASE]) < 3 or t[BASE] in self.never or t[POSS] \
                or t[BASE] in self.places:
            return None
        if not (t[BASE] in self.sur or t[BASE] not in self.english and AFRICAN_SHAPE.match(t[BASE])):
            return None
        g = toks[i + 1]
        if g[SHAPE] != INITIAL or g[KIND] != W or g[S] - t[E] != 1 or g[LINE] != t[LINE]:
            return None
        b = i + 2
        if b < n and toks[b][KIND] == P and toks[b][TEXT] == "." and toks[b][S] == g[E]:
            b += 1
        if self._number_after(toks, b, t[LINE]):
            return i, b, "surname_initial"
        k = b
        while k < n and k < b + 2 and toks[k][KIND] == P and toks[k][TEXT] in ",-:(":
            k += 1
        if k + 1 < n and toks[k][KIND] == W and toks[k][BASE] in self.place_words and toks[k][LINE] == t[LINE] \
                and toks[k + 1][KIND] == D and len(toks[k + 1][TEXT]) <= 3:
            return i, b, "surname_initial"
        return None

    def _surname_upper(self, toks, i):
        """``SURNAME Given`` without a comma (a ward list, a folder sticker copied
        into chat): a listed or Southern African-shaped surname in capitals, then
        a listed given name in Title case; returns (a, b, hint)."""
        start = i
        n = len(toks)
        while i + 1 < n and toks[i][SHAPE] == UPPER and toks[i][BASE] in self.particles \
                and toks[i + 1][KIND] == W and toks[i + 1][SHAPE] == UPPER and i - start < 3:
            i += 1
        t = toks[i]
        if t[KIND] != W or t[SHAPE] != UPPER or len(t[TEXT]) < 3 or t[BASE] in self.never or t[POSS]:
            return None
        if not (start != i or t[BASE] in self.sur and t[BASE] not in self.places
                or t[BASE] not in self.english and t[BASE] not in self.places and len(t[BASE]) >= 5
                and VOWEL.search(t[BASE]) or t[BASE] not in self.places and self._namelike(t[BASE])):
            # (an unlisted surname in capitals still needs context: a number, a list heading)
            return None
        if i + 1 >= n:
            return None
        g = toks[i + 1]
        if g[KIND] != W or g[SHAPE] not in (TITLE, MIXED) or g[LINE] != t[LINE] or g[S] - t[E] != 1 \
                or g[BASE] in self.never or g[BASE] in self.places:
            return None
        # the given name is listed, or (after a listed surname) any word that is not English
        listed = start != i or t[BASE] in self.sur or self._namelike(t[BASE])
        # (a name-shaped word in no list counts as listed: "TLOU Gontse", "KAMALDIEN Nobuhle")
        if not (g[BASE] in self.first or self._namelike(g[BASE])
                or (listed or self._number_after(toks, i + 2, t[LINE])) and g[BASE] not in self.english):
            return None
        b = i + 2
        if b < n and toks[b][KIND] == W and toks[b][SHAPE] == TITLE and toks[b][BASE] in self.first \
                and toks[b][S] - toks[b - 1][E] == 1 and toks[b][LINE] == t[LINE]:
            b += 1
        return start, b, "surname_upper"

    def _initial_lower(self, toks, i):
        """``j smith``, ``j. smith``: a lower-case initial then a listed surname
        (chat-style, no capitals); returns (a, b, hint)."""
        t = toks[i]
        if t[SHAPE] != LOWER or len(t[TEXT]) != 1:
            return None
        n = len(toks)
        k = i + 1
        glued = False
        if k < n and toks[k][KIND] == P and toks[k][TEXT] == "." and toks[k][S] == t[E]:
            k += 1
            glued = k < n and toks[k][S] == toks[k - 1][E]  # "b.mkhwanazi": no chat word is written so
        if k >= n:
            return None
        chat = t[LOW] in self.initial_not and not glued  # "a", "c" (see), "r" (are)...
        s = toks[k]
        if s[KIND] != W or s[LINE] != t[LINE] or s[S] - toks[k - 1][E] > 1 or len(s[BASE]) < 3 \
                or s[BASE] in self.never or s[BASE] in self.places or s[SHAPE] not in (LOWER, TITLE):
            return None
        english = s[BASE] in self.english and s[BASE] not in self.africa
        if chat:
            # after a letter that is also a chat word, only a listed surname that is no English word
            if english or not (s[BASE] in self.sur or AFRICAN_SHAPE.match(s[BASE])):
                return None
        elif not (s[BASE] in self.sur or not english and len(s[BASE]) >= 4 and VOWEL.search(s[BASE])):
            return None
        return i, k + 1, "initial_lower"

    def _lower_word(self, t, listed: bool) -> bool:
        """A lower-case word that may be part of a name: not English, not a
        clinical or function word; listed (or African-shaped) when asked."""
        b = t[BASE]
        if t[KIND] != W or t[SHAPE] != LOWER or len(b) < 3 or b in self.never or b in self.places \
                or b in self.english and b not in self.africa or not VOWEL.search(b):
            return False
        return not listed or self._listed(b) or bool(AFRICAN_SHAPE.match(b))

    def _lower_record(self, toks, i):
        """A name written all in lower case that a record cue follows: "mofokeng
        36293994 needs a repeat u&e", "naicker wynand - 91817562", "viljoen, aisha
        19675433", "mutasa dob 03/05/1966"; returns (a, b, hint)."""
        t = toks[i]
        if not self._lower_word(t, False) or t[POSS]:
            return None
        n = len(toks)
        line = t[LINE]
        # "lab request for kowalska", "bloods for mbemba": a surname alone on a lab request
        if i >= 2 and toks[i - 1][KIND] == W and toks[i - 1][BASE] in ("for", "on") and toks[i - 2][KIND] == W \
                and toks[i - 2][BASE] in self.paperwork_single and toks[i - 1][LINE] == line and len(t[BASE]) >= 4:
            return i, i + 1, "lower_record"
        # "CD4 for mpumi": the test tokenises as "CD" + "4"
        if i >= 3 and toks[i - 1][KIND] == W and toks[i - 1][BASE] in ("for", "on") and toks[i - 2][KIND] == D \
                and toks[i - 3][KIND] == W and toks[i - 2][S] == toks[i - 3][E] and toks[i - 1][LINE] == line \
                and toks[i - 3][LOW] + toks[i - 2][TEXT].lower() in self.paperwork_single and len(t[BASE]) >= 4:
            return i, i + 1, "lower_record_lab"
        # "essack dob 25/11/1961": a word right before "dob"
        if i + 1 < n and toks[i + 1][KIND] == W and toks[i + 1][BASE] in ("dob", "d.o.b") and toks[i + 1][LINE] == line \
                and len(t[BASE]) >= 4:
            return i, i + 1, "lower_record"
        if not self._lower_word(t, True):
            return None
        # "mokoena t K 2.9", "ndlovu s Na 128": a lower-case surname, an initial, then a lab value
        if i + 3 < n and toks[i + 1][KIND] == W and len(toks[i + 1][TEXT]) == 1 and toks[i + 1][SHAPE] == LOWER \
                and toks[i + 1][S] - t[E] == 1 and toks[i + 1][LINE] == line and toks[i + 2][KIND] == W \
                and toks[i + 2][BASE] in self.clinical and toks[i + 3][KIND] == D and toks[i + 3][LINE] == line:
            return i, i + 2, "lower_record_lab"
        b = i + 1
        if b + 1 < n and toks[b][TEXT] == "," and toks[b][S] == t[E] and self._lower_word(toks[b + 1], False) \
                and toks[b + 1][LINE] == line:
            b += 2  # "viljoen, aisha"
        else:
            while b < n and b < i + 3 and toks[b][LINE] == line and toks[b][S] - toks[b - 1][E] == 1 \
                    and toks[b][BASE] not in ("dob", "born") and self._lower_word(toks[b], False):
                b += 1
        if b < n and toks[b][KIND] == W and toks[b][BASE] in ("dob", "d.o.b", "born") and toks[b][LINE] == line:
            return i, b, "lower_record"
        if self._number_after(toks, b, line):
            return i, b, "lower_record"
        return None

    def _header_lines(self, toks, line_first) -> list[tuple[int, bool]]:
        """Headings of a list: the first line of the message or a line ending
        in a colon, short, with a list word ("for theatre tomorrow:", "ward
        round list", "admissions overnight:") or a staff word ("on call:",
        "PERSAL numbers:", "new starters:"). (line, is_patient_list) pairs, in order."""
        out = []
        nlines = len(line_first)
        if nlines < 2:
            return out
        for ln in range(nlines - 1):
            k = line_first[ln]
            end = line_first[ln + 1] - 1
            last = end - 1
            while last > k and toks[last][KIND] == P and toks[last][TEXT] != ":":
                last -= 1
            colon = last >= k and toks[last][TEXT] == ":"
            words = 0
            listy = False
            staffy = False
            while k < end:
                t = toks[k]
                if t[KIND] == W:
                    words += 1
                    if t[BASE] in self.header_colleague or t[BASE] in self.staff_titles or t[BASE] in self.staff_roles:
                        staffy = True
                    elif t[BASE] in self.list_headers:
                        listy = True
                elif t[KIND] == D and len(t[TEXT]) >= 6:
                    words = 99  # a list entry itself, not a heading
                k += 1
            if 0 < words <= (7 if colon else 5) and (listy and not staffy or staffy and colon):
                # (a line without a colon counts only as a short patient-list heading)
                out.append((ln, listy and not staffy))
        return out

    def _heading_above(self, info, toks, line) -> int:
        """The nearest list heading above ``line``: 1 a patient list, -1 a staff
        list, 0 none."""
        res = 0
        for ln, patient in self._headings(info, toks):
            if ln >= line:
                break
            res = 1 if patient else -1
        return res

    def _rota_line(self, toks, b, line) -> bool:
        """Rota words on the rest of the name's line ("X - Monday", "X - nights",
        "X ext 4456"): a staff list entry, not a patient."""
        for k in range(b, min(len(toks), b + 10)):
            t = toks[k]
            if t[LINE] != line:
                return False
            if t[KIND] == W and (t[BASE] in self.rota_words or t[BASE] in self.header_colleague):
                return True
        return False

    def _extension_after(self, toks, b, line) -> bool:
        """"X, ext 4456", "X (bleep 123)": a colleague's extension or pager."""
        j = b
        while j < len(toks) and j < b + 2 and toks[j][KIND] == P and toks[j][TEXT] in ",(-:":
            j += 1
        return j + 1 < len(toks) and toks[j][KIND] == W and toks[j][BASE] in self.extension_words \
            and toks[j][LINE] == line and (toks[j + 1][KIND] == D or toks[j + 1][TEXT] in ":#" and j + 2 < len(toks)
                                           and toks[j + 2][KIND] == D)

    def _headings(self, info, toks) -> list:
        if info[6] is None:
            info[6] = self._header_lines(toks, info[0])
        return info[6]

    def _is_social(self, info, toks) -> bool:
        if info[7] is None:
            info[7] = self._social(toks)
        return info[7]

    def _social(self, toks) -> bool:
        """Is the message about a clinical setting (casualty, the ward, admitted)
        and not about work (a colleague's shift)? Then a name beside a social tie
        ("my neighbour", "from church") is a patient the author knows."""
        bases = {t[BASE] for t in toks}
        return not self.social_settings.isdisjoint(bases) and self.social_staff.isdisjoint(bases) \
            and not (self.social_before.isdisjoint(bases) and self.social_from.isdisjoint(bases))

    def _social_cue(self, toks, a, b, line) -> bool:
        """A social tie beside the name: "my neighbour X", "a guy from my gym, X",
        "X from church"."""
        for k in range(a - 1, max(-1, a - 12), -1):
            t = toks[k]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".!?;":
                break
            if t[KIND] == W and t[BASE] in self.social_before:
                return True
        j = b
        while j < len(toks) and toks[j][KIND] == P and toks[j][TEXT] in ",(-":
            j += 1
        if j + 1 < len(toks) and toks[j][KIND] == W and toks[j][BASE] in ("from", "frm", "at") and toks[j][LINE] == line:
            for k in range(j + 1, min(len(toks), j + 4)):
                if toks[k][LINE] != line or toks[k][KIND] != W:
                    break
                if toks[k][BASE] in self.social_from:
                    return True
        return False

    def _origin(self, toks, b, line) -> bool:
        """"X from Gugulethu CHC, CD4 45": the name, then where the patient comes
        from (a clinic, CHC, old-age home, hospital), then a clinical value."""
        j = b
        while j < len(toks) and toks[j][KIND] == P and toks[j][TEXT] in ",(-":
            j += 1
        if j >= len(toks) or toks[j][KIND] != W or toks[j][BASE] not in ("from", "frm", "ex", "via") or toks[j][LINE] != line:
            return False
        k = j + 1
        facility = -1
        while k < len(toks) and k < j + 8 and toks[k][LINE] == line:
            t = toks[k]
            if t[KIND] == W and t[BASE] in self.origin_facilities:
                facility = k
                break
            if t[KIND] == P and t[TEXT] in ".;!?":
                return False
            k += 1
        if facility < 0:
            return False
        # "X from Soweto clinic referred with asthma", "X from the CHC, pyelonephritis": the patient
        # arrives in care (an arrival word then with/for/in..., or a diagnosis right after the facility)
        k = facility + 1
        while k < len(toks) and k <= facility + 4 and toks[k][LINE] == line and not (
                toks[k][KIND] == P and toks[k][TEXT] in ".;!?"):
            t = toks[k]
            if t[KIND] == W and t[BASE] in ARRIVAL and k + 1 < len(toks) and toks[k + 1][KIND] == W \
                    and toks[k + 1][BASE] in ARRIVAL_NEXT and toks[k + 1][LINE] == line:
                return True
            if t[KIND] == W and k == facility + 1 + (toks[facility + 1][KIND] == P) and self._clinical(t[BASE]) \
                    and t[BASE] not in self.place_words:
                return True
            k += 1
        # a clinical value further on the line: "CD4 45", "VL 120000", "HbA1c 11.2", "viral load suppressed"
        for k in range(facility + 1, min(len(toks) - 1, facility + 16)):
            t = toks[k]
            if t[LINE] != line:
                return False
            if t[KIND] == W and (t[BASE] in self.clinical or t[BASE] in self.owned_clinical):
                nx = toks[k + 1]
                if nx[LINE] != line:
                    return False
                if nx[KIND] == D or nx[KIND] == W and (nx[BASE] in self.clinical or nx[BASE] in self.clinical_values):
                    return True
                if nx[KIND] == W and k + 2 < len(toks) and toks[k + 2][LINE] == line and (
                        toks[k + 2][KIND] == D or toks[k + 2][KIND] == W and toks[k + 2][BASE] in self.clinical_values):
                    return True  # "viral load suppressed", "viral load 1200"
            elif t[KIND] == W and toks[k + 1][KIND] == D and toks[k + 1][S] == t[E] \
                    and t[LOW] + toks[k + 1][TEXT].lower() in self.clinical and k + 2 < len(toks):
                # "HbA1c 11.2", "CD4 45" tokenise as "HbA" + "1c", "CD" + "4": a value must follow
                nx = toks[k + 2]
                return nx[LINE] == line and (nx[KIND] == D or nx[KIND] == W and nx[BASE] in self.clinical_values)
            if t[KIND] == D and k > 0 and toks[k - 1][KIND] == W and toks[k - 1][BASE] in self.clinical:
                return True
        return False

    _COLLEAGUE_ACTS = frozenset(("says", "said", "will", "confirmed", "can", "asked", "called", "paging", "presenting",
                                 "covering", "is", "are", "did", "does", "do", "has", "had", "should", "would", "could",
                                 "needs", "wants", "reviewed", "saw", "sees", "see", "starts", "started"))
    def _patient_line(self, toks, info, line) -> bool:
        """Something of a patient's on the line: a clinical term, a relative's act, a bed, an age-sex."""
        lo = info[0][line]
        for x in range(lo, min(len(toks), lo + 40)):
            t = toks[x]
            if t[LINE] != line:
                break
            if t[KIND] == W and (t[BASE] in self.clinical and t[BASE] not in self.place_words
                                 or t[BASE] in self.kin_acts and t[BASE] not in ("at", "here", "outside")
                                 or t[BASE] in self.place_unnumbered or t[BASE] in self.place_words and x + 1 < len(toks)
                                 and toks[x + 1][KIND] == D
                                 or t[BASE] in self.infant_before) or t[KIND] == D and AGE_SEX.match(t[TEXT]):
                return True
        return False

    _RELATIVE_CUES = frozenset(("relative", "relatives", "nok", "kin", "family", "contact", "contacts"))

    def _kin_contact(self, toks, b, k, line, info) -> bool:
        """A kin word after a name that is a relative's, not a staff title: a relatives' cue before the
        name on its line, or a contact detail (phone, e-mail) right after the word or its bracket."""
        x = b - 1
        while x >= 0 and toks[x][LINE] == line and x > b - 14:
            if toks[x][KIND] == W and toks[x][BASE] in self._RELATIVE_CUES:
                return True
            x -= 1
        if info and info[4]:
            end = toks[k + 1][E] if k + 1 < len(toks) and toks[k + 1][TEXT] == ")" else toks[k][E]
            starts = info[5]
            i = bisect_left(starts, end)
            if i < len(starts) and starts[i] - end <= 3:
                return True
        return False

    _REFERRAL = frozenset(("review", "referral", "consult", "consultation", "input", "assessment", "assessments", "appointment",
                           "appt", "eval", "evaluation", "follow-up", "f/u", "opinion", "visit", "session"))
    _ROLE_LEAD = frozenset(("our", "the", "a", "an", "new", "my", "your", "on-call", "oncall", "senior", "junior", "chief",
                            "head", "acting", "locum", "night", "day", "duty", "icu", "ortho", "surgical", "medical", "paeds",
                            "theatre", "ward", "casualty", "ed", "cardiology", "neuro", "gynae", "psych", "renal", "radiology",
                            "is", "are", "was", "as", "and"))

    def _role_after(self, toks, b, line, info=None) -> bool:
        """A staff role within a few words after the name, reached only through punctuation,
        determiners, department words, 'is/are' or another name joined by 'and'."""
        n = len(toks)
        k = b
        steps = 0
        while k < n and steps < 7 and toks[k][LINE] == line:
            t = toks[k]
            if t[KIND] == P:
                if t[TEXT] not in "(,-":
                    return False
            elif t[KIND] == W:
                bt = t[BASE]
                if bt in self.roles_after and k + 1 < n and toks[k + 1][KIND] == W and toks[k + 1][BASE] in self._REFERRAL:
                    return False  # "get Mrs X an OT review", "X physio referral": a service asked for the patient
                if bt in self.roles_after and bt in self.kin_words and t[SHAPE] == LOWER and self._kin_contact(toks, b, k, line, info):
                    return False  # "X (sister) 073...", "Relative contact: X (sister)": a relative, not Sister
                if bt in self.roles_after and not (k + 1 < n and toks[k + 1][KIND] == W and toks[k + 1][BASE] in self.kin_words):
                    # ...unless the line goes on to make them a patient ("X, a nurse from Soweto, admitted
                    # with DKA": staff as patients), before any colleague's act ("says", "will see")
                    for x in range(k + 1, min(n, k + 12)):
                        u = toks[x]
                        if u[LINE] != line:
                            break
                        if u[KIND] != W:
                            continue
                        if u[BASE] in self._COLLEAGUE_ACTS:
                            return True
                        if u[BASE] in ARRIVAL or u[BASE] in self.predicates:
                            return False
                    return True
                if bt not in self._ROLE_LEAD and not (t[SHAPE] in (TITLE, MIXED) and steps <= 4):
                    return False
            else:
                return False
            k += 1
            steps += 1
        return False

    _WORKS = frozenset(("review", "paper", "study", "trial", "article", "textbook", "book", "chapter", "guideline",
                        "guidelines", "meta-analysis", "metaanalysis", "editorial", "lecture", "talk", "podcast", "blog",
                        "criteria", "rule", "rules", "classification", "handbook", "manual", "protocol", "cohort", "data"))
    # after a titled name: only a staff member's cover, leave or duty ("Mrs Smit covering"); the weaker
    # colleague cues ("said", "will") are a titled patient's too
    _STAFF_AFTER_TITLED = frozenset(("covering", "is covering", "on leave", "is on leave", "off sick", "is on duty",
                                     "on duty", "is on nights", "on nights", "is on days"))
    _ROLE_BEFORE_STOP = frozenset(("pt", "pts", "patient", "patients", "bed", "cubicle", "bay", "ward", "admitted",
                                   "who", "whose", "with", "and"))

    def _role_before(self, toks, k, line) -> bool:
        """A staff role as the subject and the name (from ``toks[k]``, its title included) as the
        complement: "the consultant on call for surgery is Mr X", "our new intern today is X"
        (issue 9, benign chat). Not when a patient, a relative or an arrival comes between
        ("the nurse admitted last night is Mrs X", "the reg's patient is Mr X")."""
        j = k - 1
        if j < 0 or toks[j][KIND] != W or toks[j][LINE] != line:
            return False
        pj = toks[j]
        if toks[k][KIND] == W and toks[k][BASE] in self.titles and not pj[POSS] \
                and (pj[BASE] in self.roles_after or pj[BASE] in self.staff_titles):
            # the role right before the title: "Nursing manager Mrs Pillay", "consultant Mr Okafor"
            # (but "her sister Mrs Dube" is a relative)
            p2 = self._prev_word(toks, j)
            return not (pj[BASE] in self.kin_words and p2 >= 0 and toks[p2][LOW] in self.possessives)
        if pj[BASE] not in ("is", "was"):
            return False
        j -= 1
        steps = 0
        while j >= 0 and steps < 7 and toks[j][LINE] == line:
            t = toks[j]
            if t[KIND] == P:
                if t[TEXT] not in "-'/&":
                    return False
            elif t[KIND] == W:
                bt = t[BASE]
                if t[POSS] or bt in self.kin_words or bt in self.patient_nouns or bt in self._ROLE_BEFORE_STOP \
                        or bt in ARRIVAL or bt in self.predicates:
                    return False
                if bt in self.roles_after or bt in self.staff_titles:
                    return True
            j -= 1
            steps += 1
        return False

    _LABEL_NOUNS = frozenset(("lady", "man", "woman", "guy", "gent", "gentleman", "boy", "girl", "kid", "child", "baby",
                              "infant", "patient", "pt", "twins", "toddler", "teen", "oupa", "ouma", "gogo", "mkhulu"))
    # "the Mokoena family", "the Dlamini folder": a surname after "the" labels a patient's family or paperwork
    _SURNAME_GROUPS = frozenset(("family", "families", "household", "clan", "brothers", "sisters", "siblings", "kids",
                                 "children", "boys", "girls", "couple", "folder", "file", "chart", "notes", "case"))
    _PRONOUNS = frozenset(("her", "his", "she's", "he's", "shes", "hes", "she", "he"))
    _FOLLOW_STOP = frozenset(("phone", "cell", "number", "car", "keys", "shift", "leave", "office", "desk", "email",
                              "birthday", "wife", "husband", "kids", "team", "list", "clinic", "rota", "roster", "call"))

    def _follow_up(self, toks, b, line) -> bool:
        """Right after the name (this line or the next): a sentence break, then her/his/she's and,
        within a few words, a clinical word or a patient's predicate ("? her sugars are in the 20s",
        ". she's been crying all morning", "- his catheter is out"). A colleague's thing first
        ("his phone", "her shift") ends it."""
        n = len(toks)
        k = b
        while k < n and toks[k][KIND] == P and toks[k][TEXT] in "?.!,-:;)":
            k += 1
        if k == b and not (k < n and toks[k][KIND] == N):
            return False
        while k < n and toks[k][KIND] == N:
            k += 1
        if k >= n or toks[k][KIND] != W or toks[k][LOW] not in self._PRONOUNS or toks[k][LINE] > line + 1:
            return False
        for x in range(k + 1, min(n, k + 6)):
            t = toks[x]
            if t[KIND] == N or t[KIND] == P and t[TEXT] in ".!?":
                return False
            if t[KIND] != W:
                continue
            bt = t[BASE]
            if bt in self._FOLLOW_STOP or bt in self.colleague_clause or bt in self.rota_words:
                return False
            if self._clinical(bt) and bt not in self.place_words or bt in self.possessive_clinical \
                    or bt in self.owned_clinical or bt in self.predicates or bt in self.placed_tail:
                return True
        return False

    def _lab_value(self, toks, b, line) -> bool:
        """A lab value on the name's line after it: an analyte of the clinical terms then a number
        ("K 6.8", "Hb 5.9", "Na 128"), twice or once with a second clinical word."""
        n = len(toks)
        hits = 0
        for x in range(b, min(n, b + 14)):
            t = toks[x]
            if t[LINE] != line:
                break
            if t[KIND] == W and x + 1 < n and toks[x + 1][KIND] == D and toks[x + 1][LINE] == line \
                    and toks[x + 1][S] - t[E] <= 1 and not AGE_SEX.match(toks[x + 1][TEXT]) \
                    and (t[BASE] in self.clinical or t[LOW] in ("k", "na", "hb", "cr", "wcc", "plt", "ph")
                         or x + 3 < n and toks[x + 2][TEXT] == "." and toks[x + 3][KIND] == D
                         and toks[x + 2][S] == toks[x + 1][E] and toks[x + 3][S] == toks[x + 2][E]
                         and t[BASE] not in self.place_words and t[BASE] not in self.rota_words):
                # an analyte of the list, or any word then a decimal value ("ketones 6.1", "lactate 4.2")
                hits += 2
            elif t[KIND] == W and self._clinical(t[BASE]) and t[BASE] not in self.place_words:
                hits += 1
        return hits >= 3

    _RECORD_STOP = frozenset(("mg", "mcg", "ml", "g", "kg", "units", "unit", "iu", "x", "copies", "cells", "tabs", "tablets",
                              "mmol", "umol", "mmhg", "bpm", "hrs", "hours", "days", "weeks", "years", "rand", "zar", "am", "pm",
                              "h", "hr", "min", "mins", "cm", "mm", "l", "percent"))

    _RECORD_NOT = frozenset(("nappi", "batch", "lot", "invoice", "ticket", "order", "stock", "persal", "hpcsa", "mp",
                             "sanc", "claim", "claims", "locum", "overtime", "payslip", "salary", "account", "acc"))

    def _record_after(self, toks, b, info):
        """The offsets of an unlabelled folder number right after a reported name (past
        punctuation, "bed 4", an age-sex), or None. See rule record-number-after-name."""
        n = len(toks)
        line = toks[b - 1][LINE]
        k = b
        for _ in range(6):
            if k >= n or toks[k][LINE] != line:
                return None
            t = toks[k]
            if t[KIND] == P and t[TEXT] in ",:-(#)|/":
                k += 1
            elif t[KIND] == W and t[BASE] in self.place_words and k + 1 < n and toks[k + 1][KIND] == D \
                    and len(toks[k + 1][TEXT]) <= 3:
                k += 2
            elif t[KIND] == D and AGE_SEX.match(t[TEXT]):
                k += 1
            else:
                break
        if k >= n or toks[k][KIND] != D or toks[k][LINE] != line:
            return None
        # digits alone, or groups of 2-4 digits split by single blanks ("937 5961")
        first = k
        digits = toks[k][TEXT]
        if not digits.isdigit():
            return None
        if len(digits) <= 4:
            got = grouped_digits(toks, k)
            if got is None:
                return None
            k, digits = got
        if not 6 <= len(digits) <= 10 or len(set(digits)) == 1:
            return None
        if digits.startswith("0") and len(digits) == 10:
            return None  # a phone number
        s, e = toks[first][S], toks[k][E]
        nx = toks[k + 1] if k + 1 < n else None
        if nx is not None and nx[LINE] == line and (nx[KIND] == W and nx[BASE] in self._RECORD_STOP
                                                    or nx[KIND] == P and nx[TEXT] in "%/:.," and k + 2 < n
                                                    and toks[k + 2][KIND] == D and toks[k + 2][S] == nx[E]):
            return None  # "22345678 mg", "1234 5678/..." , a decimal or a time
        if any(toks[x][KIND] == W and toks[x][LINE] == line and toks[x][BASE] in self._RECORD_NOT
               for x in range(max(0, first - 8), min(n, k + 8))):
            return None  # "Ceftriaxone Sandoz 1234567 is the NAPPI", "... batch 123456"
        if self._overlaps_id(info, s, e) or self._line_veto(toks, first, line) or self._rota_line(toks, first, line) \
                or line > 0 and self._heading_above(info, toks, line) < 0:
            return None
        return s, e

    def _clinical(self, bt: str) -> bool:
        return bt in self.clinical or len(bt) >= 7 and CLINICAL_SUFFIX.search(bt) is not None

    def _tail_act(self, toks, k, line, reach=8) -> bool:
        """A patient's act or state from token k on its line: an age-sex ("6yo"),
        a predicate or clinical term, "wants", "told me", a dilatation ("7cm"); a
        colleague's word first ("till 1 then ward round", "covering") ends the search."""
        n = len(toks)
        for x in range(k, min(n, k + reach)):
            t = toks[x]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".;!?":
                return False
            if t[KIND] == D:
                if AGE_SEX.match(t[TEXT]) or t[TEXT].endswith("cm") and t[TEXT][:-2].isdigit():
                    return True
                continue
            if t[KIND] != W:
                continue
            bt = t[BASE]
            if bt in self.placed_stop or bt in self.colleague_clause or bt in self.rota_words or bt in self.staff_titles:
                return False
            if bt == "i" and x + 2 < n and toks[x + 1][TEXT] == "&" and toks[x + 2][LOW] == "d":
                return True  # "I&D" (incision and drainage) tokenises in three
            if bt in self.placed_tail or bt in self.derogatory_labels or self._clinical(bt) and bt not in self.place_words \
                    and (len(bt) > 2 or t[SHAPE] != LOWER):  # ("us", "ot", "ed" in lower case are chat words)
                return True
        return False

    def _line_veto(self, toks, k, line, reach=16) -> bool:
        """A colleague's word further on the name's line ("needs a hand", "the ward
        phone is broken", "from her exam", "done, moving to 23")."""
        for x in range(k, min(len(toks), k + reach)):
            t = toks[x]
            if t[LINE] != line:
                return False
            if t[KIND] == W and t[BASE] in self.placed_veto:
                return True
        return False

    def _placed_act(self, toks, b, line) -> bool:
        if not self._placed(toks, b, line):
            return False
        return not self._line_veto(toks, b, line)

    def _placed(self, toks, b, line) -> bool:
        """A placement right after the name, then a patient's act or state: "X bed
        4 wants to go home", "X in peds ED, 4yo", "X in the labour ward is 7cm",
        "X from 11 told me", "X in seclusion room"; or an apposition that names a
        patient: "X the lady in 9", "X the psycho from 6". Allocations ("X beds
        1-6", "X bed 4 and 5"), "X in theatre", "X in charge of bay 2", "X in OPD
        till 1" are a colleague's."""
        n = len(toks)
        j = b
        while j < n and toks[j][KIND] == P and toks[j][TEXT] in ",-(" and toks[j][LINE] == line:
            j += 1
        if j + 1 >= n or toks[j][KIND] != W or toks[j][LINE] != line:
            return False
        w1 = toks[j][BASE]
        nx = toks[j + 1]
        if nx[LINE] != line:
            return False
        if w1 in self.placed_places and nx[KIND] == D and len(nx[TEXT]) <= 3 and nx[TEXT].isdigit():
            k = j + 2
            if k < n and toks[k][LINE] == line and (toks[k][TEXT] in "-–&/" or toks[k][BASE] in ("and", "to", "till", "or")
                                                  or toks[k][TEXT] == "," and k + 1 < n and toks[k + 1][KIND] == D):
                return False  # "bed 4-6", "bed 4 and 5": an allocation
            return self._tail_act(toks, k, line)
        if w1 in ("from", "frm") and nx[KIND] == D and len(nx[TEXT]) <= 2 and nx[TEXT].isdigit():
            return self._tail_act(toks, j + 2, line)
        if w1 in ("from", "frm", "in") and nx[KIND] == W and nx[BASE] in self.placed_places and j + 2 < n \
                and toks[j + 2][KIND] == D and len(toks[j + 2][TEXT]) <= 3 and toks[j + 2][TEXT].isdigit():
            return self._tail_act(toks, j + 3, line)  # "X from bed 9 lost his dentures"
        if w1 == "in" and nx[KIND] == D and len(nx[TEXT]) <= 2 and nx[TEXT].isdigit() \
                and not (j + 2 < n and toks[j + 2][KIND] == W and toks[j + 2][BASE] in TIME_UNITS):
            return self._tail_act(toks, j + 2, line)  # "X in 12 is asking to smoke" (not "in 5 minutes")
        if w1 in ("in", "on"):
            k = j + 1
            if toks[k][KIND] == W and toks[k][BASE] == "the":
                k += 1
            unit = -1
            for x in range(k, min(n, k + 3)):
                t = toks[x]
                if t[LINE] != line or t[KIND] == P and t[TEXT] != "&":
                    break
                if t[KIND] != W:
                    continue
                if t[BASE] in self.placed_units_staff:
                    return False
                if t[BASE] in self.placed_units_patient:
                    return True
                if t[BASE] in self.placed_units:
                    unit = x
                elif unit >= 0:
                    break
            if unit < 0:
                return False
            k = unit + 1
            while k < n and toks[k][LINE] == line and (toks[k][KIND] == D and len(toks[k][TEXT]) <= 3
                                                       or toks[k][KIND] == W and toks[k][BASE] in self.placed_units):
                k += 1
            return self._tail_act(toks, k, line)
        if w1 in ("the", "that", "our") and nx[KIND] == W and j + 1 == b + (j - b) + 1:
            if nx[BASE] in self.derogatory_labels:
                return True
            if nx[BASE] in self.patient_nouns:
                k = j + 2
                while k < n and k < j + 4 and toks[k][KIND] == W and toks[k][BASE] in self.patient_nouns:
                    k += 1
                if k + 1 < n and toks[k][LINE] == line and toks[k][KIND] == W and toks[k][BASE] in ("in", "from", "frm", "with", "w"):
                    nn = toks[k + 1]
                    return nn[KIND] == D and len(nn[TEXT]) <= 3 or toks[k][BASE] in ("with", "w") \
                        or nn[KIND] == W and nn[BASE] in self.place_words
        return False

    def _frequency(self, toks, b, line) -> bool:
        """"X is dying again, 5th visit this month": an ordinal visit/admission on
        the name's line, after it."""
        for x in range(b, min(len(toks) - 1, b + 14)):
            t = toks[x]
            if t[LINE] != line:
                return False
            if t[KIND] == D and ORDINAL.match(t[TEXT]) and toks[x + 1][KIND] == W and toks[x + 1][BASE] in (
                    "visit", "visits", "admission", "admissions", "readmission", "presentation", "attendance", "od",
                    "overdose", "episode"):
                return True
        return False

    def _list_move(self, toks, a, b, line) -> bool:
        """"swap X and Y on the list", "bump X off the list": names moved on a
        theatre or clinic list (not "on the rota")."""
        verb = False
        for x in range(a - 1, max(-1, a - 5), -1):
            t = toks[x]
            if t[LINE] != line:
                break
            if t[KIND] == W and t[BASE] in self.list_verbs:
                verb = True
                break
        if not verb:
            return False
        for x in range(b, min(len(toks), b + 7)):
            t = toks[x]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".;!?":
                return False
            if t[KIND] == W and t[BASE] == "list" and x >= 1 and toks[x - 1][BASE] in ("the", "theatre", "op", "ot", "clinic", "opd"):
                return True
            if t[KIND] == W and t[BASE] not in ("off", "on", "list") \
                    and (t[BASE] in self.rota_words or t[BASE] in self.header_colleague):
                return False
        return False

    @staticmethod
    def _date_after(toks, j, line) -> bool:
        """A bare full date with a four-digit year right after the name ("22/05/1975",
        "1994.03.17", "1975-05-22"): a date of birth on a patient line."""
        n = len(toks)
        if j >= n or toks[j][KIND] != D or toks[j][LINE] != line:
            return False
        t = toks[j][TEXT]
        if "/" in t:
            parts = t.split("/")
            return len(parts) == 3 and all(p.isdigit() for p in parts) and (len(parts[2]) == 4 or len(parts[0]) == 4) \
                and 1900 <= int(parts[2] if len(parts[2]) == 4 else parts[0]) <= 2030
        if t.isdigit() and j + 4 < n and toks[j + 1][TEXT] in ".-" and toks[j + 3][TEXT] == toks[j + 1][TEXT] \
                and toks[j + 2][KIND] == D and toks[j + 4][KIND] == D and toks[j + 2][TEXT].isdigit() \
                and toks[j + 4][TEXT].isdigit() and toks[j + 4][S] == toks[j + 3][E] and toks[j + 1][S] == toks[j][E]:
            a, b, c = t, toks[j + 2][TEXT], toks[j + 4][TEXT]
            year = a if len(a) == 4 else c if len(c) == 4 else ""
            return len(b) <= 2 and bool(year) and 1900 <= int(year) <= 2030 and (len(a) <= 2 or len(c) <= 2)
        return False

    @staticmethod
    def _folder_digits(toks, k, line) -> bool:
        """A folder/lab/record number at token k: 6-13 digits, or the hyphenated
        form "12-345678"."""
        t = toks[k]
        if t[KIND] != D:
            return False
        if t[TEXT].isdigit():
            if 6 <= len(t[TEXT]) <= 13:
                return True
            if 2 <= len(t[TEXT]) <= 4 and grouped_digits(toks, k) is not None:
                return True  # "937 5961", "627 874 4120": a number in groups of digits
            if 2 <= len(t[TEXT]) <= 3 and k + 2 < len(toks) and toks[k + 1][TEXT] == "-" \
                    and toks[k + 1][S] == t[E] and toks[k + 2][KIND] == D and toks[k + 2][S] == toks[k + 1][E] \
                    and toks[k + 2][TEXT].isdigit() and 5 <= len(toks[k + 2][TEXT]) <= 8:
                return True
        return False

    def _number_after(self, toks, b, line) -> bool:
        """A folder or lab number right after the name on its line ("MOKOENA
        Thabo - 1234567", "T Mahlangu 7766554", "X D1234567"), or alone at the
        start of the next line when the name stands alone on its own."""
        n = len(toks)
        k = b
        while k < n and k < b + 3 and toks[k][KIND] == P and toks[k][TEXT] in "-:,#–—" and toks[k][LINE] == line:
            k += 1
        if k >= n:
            return False
        if toks[k][KIND] == N:
            k += 1
            if k >= n:
                return False
            nl = toks[k][LINE]
            if toks[k][KIND] == W and len(toks[k][TEXT]) <= 2 and toks[k][TEXT].isupper() and k + 1 < n \
                    and toks[k + 1][KIND] == D and toks[k + 1][S] == toks[k][E]:
                k += 1
            if not self._folder_digits(toks, k, nl):
                return False
            # the number is the line's own ("0034567", "0034567 - hosp"), not the start of a sentence
            return True
        t = toks[k]
        if t[LINE] != line:
            return False
        if t[KIND] == W and len(t[TEXT]) <= 2 and t[TEXT].isupper() and k + 1 < n and toks[k + 1][KIND] == D \
                and toks[k + 1][S] == t[E]:
            k += 1
        return self._folder_digits(toks, k, line)

    def _run(self, toks, i):
        """The longest run of name-like tokens starting at word token i."""
        t = toks[i]
        n = len(toks)
        if t[SENT] and t[SHAPE] == TITLE and len(t[BASE]) > 5 and t[BASE].endswith("ing") and not self._listed(t[BASE]):
            return None  # "Sending X to you", "Checking X's bloods": a verb opens the sentence, the name follows
        starts_particle = t[BASE] in self.particles and t[SHAPE] == LOWER
        if starts_particle:
            # "du Plessis", "van der Merwe": a particle may lead when a capitalised name follows
            j = i
            while j < n and toks[j][KIND] == W and toks[j][BASE] in self.particles and j - i < 3:
                j += 1
            if j >= n or toks[j][KIND] != W or not (toks[j][SHAPE] in (TITLE, MIXED)
                                                    or self._after_cue(toks, i) and self._loose(toks[j])):
                return None
        elif t[SHAPE] == INITIAL:
            # "N Mgazi", "N. Mgazi"
            j = i + 1
            if j < n and toks[j][KIND] == P and toks[j][TEXT] == ".":
                j += 1
            if not (j < n and toks[j][KIND] == W and toks[j][SHAPE] in (TITLE, MIXED) and toks[j][LINE] == t[LINE]
                    and self._nameable(toks[j], inside=True)):
                return None
        elif not (self._nameable(t, inside=False) or self._after_cue(toks, i) and self._loose(t)):
            # two unlisted lower-case words that are not English ("zuko mabhena"):
            # a candidate that will need a strong cue
            return self._lower_pair(toks, i)
        loose = (t[SHAPE] == LOWER or starts_particle) and self._after_cue(toks, i)
        b = i + 1
        core = 0 if starts_particle else 1
        lower_run = t[SHAPE] == LOWER and not starts_particle
        if starts_particle and loose:
            lower_run = toks[j][SHAPE] == LOWER
        nick_end = -1
        while b < n and core < self.max_tokens:
            prev = toks[b - 1]
            nxt = toks[b]
            if nxt[KIND] == P and (nxt[TEXT] in QUOTES or nxt[TEXT] == "(") and nxt[LINE] == prev[LINE]:
                # a quoted nickname inside or after the name: 'Elizabeth "Betty" Jacobs', "Mulalo ('Lolo')"
                if prev[KIND] == W and not prev[POSS] and 1 <= nxt[S] - prev[E] <= 2 and not lower_run:
                    j, words = self._nickname(toks, b)
                    if words:
                        b = nick_end = j
                        core += words
                        continue
                # "'Skhumba' Khumalo": the run began inside the quotes
                if b == i + 1 and i > 0 and nxt[TEXT] in QUOTES and toks[i - 1][KIND] == P and toks[i - 1][TEXT] in QUOTES \
                        and toks[i - 1][E] == t[S] and nxt[S] == t[E] and b + 1 < n and toks[b + 1][KIND] == W \
                        and toks[b + 1][LINE] == t[LINE] and 1 <= toks[b + 1][S] - nxt[E] <= 2 \
                        and toks[b + 1][SHAPE] in (TITLE, MIXED) and self._nameable(toks[b + 1], inside=True):
                    b += 1
                    continue
            # an initial may carry a dot: "N. Mgazi"
            if nxt[KIND] == P and nxt[TEXT] == "." and prev[SHAPE] == INITIAL and b + 1 < n:
                b += 1
                continue
            if nxt[KIND] != W or nxt[LINE] != prev[LINE]:
                break
            gap = nxt[S] - prev[E]
            if gap < 1 or gap > 2 or prev[POSS]:
                if not (gap == 0 and prev[KIND] == P and prev[TEXT] == "."):
                    break
            if nxt[BASE] in self.particles and nxt[SHAPE] == LOWER:
                # particle(s) must be followed by a capitalised name
                j = b
                while j < n and toks[j][KIND] == W and toks[j][BASE] in self.particles and j - b < 3:
                    j += 1
                if j < n and toks[j][KIND] == W and toks[j][BASE] not in self.never and (
                        toks[j][SHAPE] in (TITLE, MIXED) or lower_run and toks[j][SHAPE] == LOWER
                        and (self._listed(toks[j][BASE]) or loose and self._loose(toks[j]))):
                    b = j
                    continue
                break
            if lower_run and nxt[SHAPE] != LOWER:
                break
            if not lower_run and nxt[SHAPE] == LOWER:
                break
            if not lower_run and loose is False and self._after_cue(toks, i) and nxt[SHAPE] in (TITLE, MIXED) \
                    and self._loose(nxt) and not self._nameable(nxt, inside=True):
                b += 1
                core += 1
                continue
            if not (self._nameable(nxt, inside=True) or loose and self._loose(nxt)
                    or lower_run and core == 1 and t[BASE] in self.first and self._loose(nxt)):
                break
            b += 1
            if nxt[SHAPE] != INITIAL:
                core += 1
        # never end on an initial or a dot (a closing quote or bracket of a nickname may end it)
        while b > i + 1 and b != nick_end and (toks[b - 1][SHAPE] == INITIAL or toks[b - 1][KIND] == P):
            b -= 1
        if toks[b - 1][SHAPE] == INITIAL:
            return None
        if lower_run and core < 2 and not loose:
            # a lone lower-case word is a name only after a title or relative cue; a name-shaped
            # word in no list may still head an unlisted pair ("hodan warsame")
            return self._lower_pair(toks, i) if not self._listed(t[BASE]) and not AFRICAN_SHAPE.match(t[BASE]) else None
        if lower_run and not loose and not any(toks[x][KIND] == W and self._listed(toks[x][BASE]) for x in range(i, b)) \
                and any(toks[x][KIND] == W and not AFRICAN_SHAPE.match(toks[x][BASE]) for x in range(i, b)):
            # lower-case words that are only name-shaped ("leboga bagaetsho", "ngifuna ukuya ekhaya"):
            # with no listed name among them, two words are a candidate that needs a strong cue, more are not
            return (i, b, "lower_unlisted") if b - i == 2 else None
        return i, b, None

    def _nickname(self, toks, b):
        """A quoted nickname of one or two capitalised words from token b: ' "Betty" ',
        " ('Lolo')". Returns (index after it, words in it), or (b, 0)."""
        n = len(toks)
        line = toks[b][LINE]
        j = b
        paren = toks[j][TEXT] == "("
        if paren:
            j += 1
        if not (j < n and toks[j][KIND] == P and toks[j][TEXT] in QUOTES and toks[j][LINE] == line):
            return b, 0
        q = j
        j += 1
        words = 0
        while j < n and words < 2 and toks[j][KIND] == W and toks[j][LINE] == line \
                and toks[j][SHAPE] in ((TITLE, MIXED, UPPER) if words == 0 else (TITLE, MIXED, UPPER, INITIAL)) \
                and (toks[j][SHAPE] == INITIAL and words or toks[j][BASE] not in self.never) \
                and (words == 0 or 1 <= toks[j][S] - toks[j - 1][E] <= 1):
            j += 1
            words += 1
        if not words or j >= n or toks[j][KIND] != P or toks[j][TEXT] not in QUOTES \
                or toks[q][E] != toks[q + 1][S] or toks[j - 1][E] != toks[j][S]:
            return b, 0
        j += 1
        if paren:
            if not (j < n and toks[j][KIND] == P and toks[j][TEXT] == ")" and toks[j][S] == toks[j - 1][E]):
                return b, 0
            j += 1
        return j, words

    def _lower_pair(self, toks, i):
        """Two unlisted lower-case words that are not English ("zuko mabhena"): a candidate
        that will need a strong cue."""
        t = toks[i]
        nx = toks[i + 1] if i + 1 < len(toks) else None
        if not (t[SHAPE] == LOWER and self._loose(t) and t[BASE] not in self.english and nx is not None
                and nx[KIND] == W and nx[SHAPE] == LOWER and nx[S] - t[E] == 1 and self._loose(nx)
                and nx[BASE] not in self.english and VOWEL.search(t[BASE]) and VOWEL.search(nx[BASE])
                and (t[BASE][-1] in "aeiouy" or nx[BASE][-1] in "aeiouy"
                     or self._namelike(t[BASE]) and self._listed(nx[BASE]))):
            return None
        return i, i + 2, "lower_unlisted"

    # ------------------------------------------------------------------ scoring

    def _record_follows(self, toks, k) -> bool:
        """Does a record-number cue continue at token k ("hosp *no* 123",
        "hosp # 123", "lab 4455")? Then the word before was not a facility."""
        if k >= len(toks) or toks[k][LINE] != toks[k - 1][LINE]:
            return False
        t = toks[k]
        return t[KIND] == D or t[KIND] == W and t[BASE] in self.record_after or t[KIND] == P and t[TEXT] in "#:"

    def _staff_department(self, toks, b, line) -> bool:
        """'X from HR', 'X in finance', 'X at the pharmacy': a colleague from a
        support department."""
        j = b
        if self._bracketed_number(toks, b, line):
            # "X (4432190) from pharmacy": past the number
            while j < len(toks) and toks[j][TEXT] not in ")]":
                j += 1
            j += 1
        while j < len(toks) and toks[j][KIND] == P and toks[j][TEXT] in ",(":
            j += 1
        if j + 1 >= len(toks) or toks[j][KIND] != W or toks[j][BASE] not in ("from", "in", "at", "of", "frm"):
            return False
        k = j + 1
        if toks[k][KIND] == W and toks[k][BASE] == "the" and k + 1 < len(toks):
            k += 1
        t = toks[k]
        if t[KIND] != W or t[LINE] != line:
            return False
        if t[SHAPE] == UPPER and t[BASE] in self.department_upper:
            return True
        return toks[j][BASE] in ("from", "frm") and t[BASE] in self.departments

    def _clause(self, toks, b, line) -> int:
        """The clause after the name: -1 for work-admin words or a staff role
        ('... wants the overtime forms', '... is back from leave', '... is our
        new intern'), +1 for a patient's act ('... wants to leave AMA'), else 0."""
        prev = ""
        for k in range(b, min(len(toks), b + 13)):
            t = toks[k]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".,;!?":
                return 0
            if t[KIND] != W:
                continue
            bt = t[BASE]
            if k >= b + 9:
                # further on, only a patient's care ("... who pulled out his drip again")
                if prev + " " + bt in self.care_clause:
                    return 1
                prev = bt
                continue
            if bt in self.colleague_clause or prev + " " + bt in self.colleague_clause \
                    or t[SHAPE] == UPPER and bt in self.colleague_clause_upper \
                    or prev in ("our", "new") and not t[POSS] and (bt in self.staff_titles or bt in self.staff_roles):
                return -1
            if bt in self.patient_clause or prev + " " + bt in self.patient_clause:
                # ...unless a work word follows in the clause ("needs an interpreter for the lecture")
                return -1 if self._colleague_later(toks, k + 1, min(len(toks), b + 13), line) else 1
            if prev + " " + bt in self.care_clause:
                # "... who won't turn" (pressure care), not "... won't turn up"
                nx = toks[k + 1] if k + 1 < len(toks) else None
                if nx is None or nx[KIND] != W or nx[BASE] not in self.care_not_next:
                    return 1
            prev = bt
        return 0

    def _colleague_later(self, toks, k, end, line) -> bool:
        prev = ""
        for x in range(k, end):
            t = toks[x]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".;!?":
                return False
            if t[KIND] != W:
                continue
            if t[BASE] in self.colleague_clause or prev + " " + t[BASE] in self.colleague_clause \
                    or t[BASE] in self.rota_words and t[BASE] not in ("list", "theatre", "am", "pm", "sat", "sun"):
                return True
            prev = t[BASE]
        return False

    def _list_header(self, toks, k) -> bool:
        """Is the text before the colon at token k a patient-list header
        ("for OPD:", "theatre list:", "admissions:"), not a staff one ("on call:")?"""
        line = toks[k][LINE]
        seen = False
        for x in range(k - 1, max(-1, k - 8), -1):
            t = toks[x]
            if t[LINE] != line:
                break
            if t[KIND] == W:
                if t[BASE] in self.header_colleague:
                    return False
                if t[BASE] in self.list_headers:
                    seen = True
        return seen

    def _staff_header(self, toks, a, line) -> bool:
        """Does the name stand in a list after a staff header ("on call: X, Y")?"""
        for x in range(a - 1, max(-1, a - 14), -1):
            t = toks[x]
            if t[LINE] != line:
                return False
            if t[KIND] == P and t[TEXT] == ":":
                return any(toks[y][KIND] == W and toks[y][BASE] in self.header_colleague
                           for y in range(max(0, x - 6), x) if toks[y][LINE] == line)
        return False

    def _owned_clinical(self, toks, b, line, objects=None) -> bool:
        """'his CT', 'her meds', 'their baby's bloods' in the clause after the name."""
        for k in range(b, min(len(toks) - 1, b + 8)):
            t = toks[k]
            if t[LINE] != line or t[KIND] == P and t[TEXT] in ".;!?":
                return False
            if t[KIND] == W and t[BASE] in ("his", "her", "their"):
                nx = toks[k + 1]
                if nx[KIND] == D and k + 2 < len(toks):  # "her 10am clexane", "his 2nd dose"
                    nx = toks[k + 2]
                if nx[KIND] == W and nx[BASE] in (objects or self.owned_clinical):
                    return True
        return False

    def _heads_line(self, toks, a, ls) -> bool:
        """Does the name head its line, perhaps after a filler ("fyi", "so", "guys,")?"""
        if a == ls:
            return True
        if a - ls > 4:
            return False
        return all(toks[x][KIND] == P or toks[x][KIND] == W and toks[x][BASE] in self.line_fillers
                   for x in range(ls, a))

    def _care_after(self, toks, j, w1, pair, triple, line, ids) -> bool:
        """A patient's care act right after a name ("didn't pitch for", "defaulted",
        "asked for his sick note"), backed by something clinical of his/hers
        later in the clause or an identifier in the message."""
        if triple in self.care_after:
            n = 3
        elif pair in self.care_after:
            n = 2
        elif w1 in self.care_after:
            n = 1
        else:
            return False
        # "pitched for the meeting", "came in late": the word after the cue
        k = j
        for _ in range(n):
            k += 1
            while k < len(toks) and toks[k][KIND] != W and toks[k][LINE] == line:
                k += 1
        nx = toks[k] if k < len(toks) and toks[k][LINE] == line else None
        if nx is not None and nx[BASE] in self.care_not_next:
            return False
        if (w1 in self.care_needs_owner or pair in self.care_needs_owner) \
                and (nx is None or nx[BASE] not in ("his", "her")):
            return False  # "asked for his sick note", not "asked for the keys"
        # "... for her dressing", "... his dialysis" (not "missed his flight"), or an identifier
        if ids or self._owned_clinical(toks, j, line, self.care_objects):
            return True
        # "... didn't pitch for wound care", "missed clinic", "defaulted treatment"
        if nx is not None and nx[BASE] in ("for", "to", "on") and k + 1 < len(toks) and toks[k + 1][LINE] == line:
            nx = toks[k + 1]
        if nx is not None and nx[KIND] == W and nx[SHAPE] != TITLE \
                and (nx[BASE] in self.care_objects or nx[BASE] in self.clinical):
            return True
        if w1 in self.care_return or pair in self.care_return:
            # "X is back, same complaint", "X came in again with chest pain": a clinical word
            # a few words on (not a place: "is back in theatre" is a colleague's)
            seen = False
            for x in range(k, min(len(toks), k + 8)):
                t = toks[x]
                if t[LINE] != line or t[KIND] == P and t[TEXT] in ".;!?":
                    break
                if t[KIND] != W:
                    continue
                if t[BASE] in self.colleague_clause or t[BASE] in self.header_colleague:
                    return False  # "X is back, pls send him the ECG rota"
                if x < k + 6 and t[SHAPE] != TITLE and t[BASE] not in self.place_words \
                        and (t[BASE] in self.care_objects or t[BASE] in self.clinical):
                    seen = True
            return seen
        return False

    @staticmethod
    def _bracketed_number(toks, b, line) -> bool:
        """'(943 476 5919)', '(647-1801-1)', '[4432190]', '(#4432190)', '(K3431234)' right
        after the name: digit groups (6+ digits) joined by spaces, hyphens or slashes, closed."""
        if b >= len(toks) or toks[b][TEXT] not in "([" or toks[b][S] - toks[b - 1][E] > 1:
            return False
        close = ")" if toks[b][TEXT] == "(" else "]"
        digits = 0
        k = b + 1
        while k < len(toks) and k < b + 12 and toks[k][LINE] == line:
            t = toks[k]
            if t[KIND] == D:
                if not t[TEXT].isdigit():
                    return False
                digits += len(t[TEXT])
            elif t[TEXT] == close:
                return digits >= 6
            elif t[KIND] == W:
                # a short letter prefix glued to the digits: "(K3431234)", "(MP 1234567)" is not
                if not (k == b + 1 and len(t[TEXT]) <= 3 and t[TEXT].isupper() and k + 1 < len(toks)
                        and toks[k + 1][KIND] == D and toks[k + 1][S] == t[E]):
                    return False
            elif t[TEXT] not in "-/#" or t[TEXT] == "#" and k != b + 1:
                return False
            k += 1
        return False

    def _placed_before(self, toks, a) -> bool:
        """'bed 5 X', 'cubicle 4: X', 'side room 2 - X' right before the name."""
        k = a - 1
        while k >= 0 and toks[k][KIND] == P and toks[k][TEXT] in ",:-(":
            k -= 1
        return k >= 1 and toks[k][KIND] == D and len(toks[k][TEXT]) <= 3 and toks[k - 1][KIND] == W \
            and toks[k - 1][BASE] in self.place_words and toks[k][LINE] == toks[a][LINE]

    @staticmethod
    def _baby_of(toks, k) -> bool:
        """Token k is the "o" of "B/O" ("baby of", as on a neonate's cot card)."""
        return k >= 2 and toks[k][LOW] == "o" and toks[k - 1][TEXT] == "/" and toks[k - 2][LOW] == "b" \
            and toks[k - 1][S] == toks[k - 2][E] and toks[k][S] == toks[k - 1][E]

    def _prev_word(self, toks, a, skip_punct=True):
        """Index of the word before token a on the same line (skipping
        punctuation when asked), or -1."""
        k = a - 1
        line = toks[a][LINE]
        stop = a - 8  # never walk far: "!!!!!!!!" or a run of numbers ends the search
        while k >= 0 and k > stop and toks[k][LINE] == line:
            if toks[k][KIND] == W:
                return k
            if not skip_punct and toks[k][KIND] == P:
                return -1
            k -= 1
        return -1

    def _score(self, doc, toks, a, b, hint, info, staff, prev_end=-1):
        w = self.w
        core = [t for t in toks[a:b] if t[KIND] == W and t[SHAPE] != INITIAL and t[BASE] not in self.particles
                and len(t[BASE]) > 1]
        if not core:
            return None
        # the workspace's colleagues are never flagged
        if staff and any(t[BASE] in staff for t in core):
            return None
        first, last = core[0], core[-1]
        nc = len(core)
        # hospitals named after people: "Helen Joseph", "Chris Hani Bara"
        if nc == 1 and first[BASE] in self.hospitals and not self._listed(first[BASE]):
            return None  # "call Tygerberg ...", "transfer to Tembisa"
        if nc > 1 and first[SHAPE] != LOWER:
            two = first[BASE] + " " + core[1][BASE]
            whole = " ".join(t[BASE] for t in core)
            if two in self.hospitals or whole in self.hospitals or two in self.places_multi or whole in self.places_multi:
                return None
        text = doc.text
        line = toks[a][LINE]

        # ---- hard vetoes from what stands right before
        k = a - 1
        while k >= 0 and toks[k][KIND] == P and toks[k][TEXT] in ".'\"(":
            k -= 1
        pk = toks[k] if k >= 0 else None
        if pk is not None and pk[KIND] == P and pk[TEXT] == "@" and pk[E] == toks[a][S]:
            return None
        if pk is not None and pk[KIND] == W and pk[BASE] in self.staff_titles and pk[LINE] == line:
            # "Sister X" is staff, but "her sister X" is a relative
            pp = self._prev_word(toks, k)
            if not (pk[BASE] in self.kin_words and pp >= 0 and toks[pp][LOW] in self.possessives):
                return None
        # thread quote author: "> Name:" at the start of a line
        if b < len(toks) and toks[b][KIND] == P and toks[b][TEXT] == ":":
            j = a - 1
            if j >= 0 and toks[j][KIND] == P and toks[j][TEXT] == ">" and (j == 0 or toks[j - 1][KIND] == N):
                return None
        # shops and products with a title: "Mr Price", "Mrs Balls"
        if pk is not None and pk[KIND] == W and pk[BASE] in self.titles and pk[BASE] + " " + first[BASE] in self.titled_brands:
            return None
        # a nickname of ordinary words after a title: "Mr Back Pain", "Mrs Chest Pain" (the derogatory
        # policy judges the nickname; no patient is named)
        if nc > 1 and pk is not None and pk[KIND] == W and pk[BASE] in self.titles and pk[LINE] == line \
                and all(t[BASE] in self.english and t[BASE] not in self.africa for t in core) \
                and any(t[BASE] not in self.first_reliable and t[BASE] not in self.sur for t in core):
            return None
        # a compound of ordinary words: "daughter is decision-maker", "mum is care-giver"
        parts = [p for p in first[BASE].split("-") if p] if nc == 1 and "-" in first[BASE] else ()
        if parts and all(p in self.english for p in parts) \
                and any(p not in self.first_reliable and p not in self.sur for p in parts):
            return None
        # a patient noun alone is a cue, not a name: "Lady in bed 5 (70s) is asking for a priest"
        if nc == 1 and first[BASE] in self._LABEL_NOUNS and first[SENT] \
                and not (pk is not None and pk[KIND] == W and pk[BASE] in self.titles):
            return None
        # an author's work cited: "per Marik's review", "see Harrison's textbook", "in Smith's trial"
        if last[POSS] and nxt_w(toks, b, line) in self._WORKS and pk is not None and pk[KIND] == W \
                and pk[BASE] in ("per", "see", "cf", "in", "from", "read", "reading", "to", "by"):
            return None
        # a made-up title nickname of ordinary words, one of them clinical: "'Mr Back Pain'", "Mrs Chest Pain"
        if nc > 1 and pk is not None and pk[KIND] == W and pk[BASE] in self.titles \
                and all(t[BASE] in self.english and t[BASE] not in self.africa for t in core) \
                and (any(t[BASE] in self.clinical for t in core) or k > 0 and toks[k - 1][TEXT] in QUOTES
                     and b < len(toks) and toks[b][TEXT] in QUOTES):
            return None  # (or quoted: "the 'Mr Nice Guy' act")
        # a pageant title, not a name: "ex-Miss Soweto", "former Miss Limpopo"
        if pk is not None and pk[KIND] == W and pk[BASE] == "miss" and (
                nc == 1 and first[BASE] in self.places or " ".join(t[BASE] for t in core) in self.places_multi
                or " ".join(t[BASE] for t in core) in self.countries
                or k > 0 and toks[k - 1][TEXT] == "-" or k > 0 and toks[k - 1][BASE] == "former"):
            return None
        # a thing, not a person, after an article: "the Sonosite in resus", "the Range Rover"
        # ("the Sibiya baby", "the Venter twins" label a patient by surname; see below)
        if pk is not None and pk[KIND] == W and pk[BASE] in ("the", "a", "an") and k == a - 1 and pk[LINE] == toks[a][LINE] \
                and not last[POSS] and not (b < len(toks) and toks[b][KIND] == W and toks[b][LINE] == toks[a][LINE]
                                            and (toks[b][BASE] in self._LABEL_NOUNS or toks[b][BASE] in self._SURNAME_GROUPS)):
            return None
        # a colleague's extension or pager: "X, ext 4456"
        if self._extension_after(toks, b, line):
            return None
        # a colleague from a support department: "Ms Naidoo from HR says..."
        if self._staff_department(toks, b, line):
            return None
        # eponyms: "Fournier's gangrene", "Bell's palsy", "Wernicke's"
        if nc == 1 and first[BASE] in self.eponyms and (first[POSS] or b < len(toks) and toks[b][KIND] == W
                                                       and toks[b][BASE] in self.facility_after):
            if not (pk is not None and pk[KIND] == W and pk[BASE] in self.titles):
                return None
        nxt = toks[b] if b < len(toks) else None
        if nxt is not None and nxt[KIND] == W and nxt[LINE] == line and nxt[BASE] in self.facility_after \
                and not last[POSS] and nc + (1 if a > 0 and toks[a - 1][KIND] == W else 0) >= 1 \
                and not self._record_follows(toks, b + 1):
            if nxt[SHAPE] in (TITLE, UPPER) or nxt[SHAPE] == LOWER and nxt[BASE] in self.facility_lower:
                return None
        if nc > 1 and last[SHAPE] == TITLE and last[BASE] in self.facility_after:
            return None  # "Church Lane", "Grey Hospital"
        if b - 1 > a and toks[b - 1][KIND] == W and toks[b - 1][BASE] in self.particles \
                and toks[b - 1][BASE] in self.facility_after:
            return None  # "25 Church St": a street type that is also a particle ("St John") ends the run

        # ---- intrinsic
        intr = 0.0
        for t in core:
            if t[SHAPE] in (TITLE, MIXED) and not (t is first and t[SENT]):
                intr += w.get("capitalised", 1.0)
        if first[BASE] in self.first:
            intr += w.get("known_first", 1.0) if nc > 1 else 0
        if nc > 1 and last[BASE] in self.sur:
            intr += w.get("known_surname", 1.0)
        if nc == 1 and (first[BASE] in self.first_reliable or first[BASE] in self.sur
                        or first[BASE] not in self.english and self._listed(first[BASE])):
            intr += w.get("known_single", 1.0)
        if nc > 1:
            intr += w.get("multi_token", 1.0)
        for t in core:
            if t[BASE] in self.english:
                listed = t[BASE] in self.first_reliable or t[BASE] in self.sur
            else:
                listed = self._listed(t[BASE])
            if t[BASE] in self.english:
                if t[BASE] in self.africa:
                    continue
                intr += w.get("english_name", -0.5) if listed else w.get("english_word", -1.5)
            elif not listed and (AFRICAN_SHAPE.match(t[BASE]) or t[SHAPE] != LOWER and self._namelike(t[BASE])):
                # (name-shaped by the n-gram scorer: only when capitalised; lower-case words of
                # African languages look like names and get no credit for it)
                intr += w.get("shape", 1.0)
        if toks[a][SHAPE] == INITIAL and nc == 1 and toks[b - 1][SHAPE] in (TITLE, MIXED):
            intr += w.get("initial_surname", 1.0)  # "R. Nkwinika": an initial before a capitalised word
        if hint == "surname_upper":
            intr += w.get("surname_upper", 1.0)
        elif hint == "initial_lower":
            intr += w.get("initial_lower", 1.5)
        elif hint == "surname_initial":
            intr += w.get("surname_initial", 2.0)
        elif hint == "lower_record":
            intr += w.get("lower_record", 1.0)
        elif hint == "lower_record_lab":
            intr += w.get("lower_record", 1.0)
        if hint == "surname_first":
            intr += w.get("surname_first", 2.0)
            if toks[a][BASE] in self.particles and last[BASE] not in self.sur:
                intr += w.get("known_surname", 1.0)  # "VAN ROOYEN, ...": the particle marks a surname

        # ---- context
        ctxs = 0.0
        direct = 0.0  # cues right next to the name (for lone tokens)
        start_idx = a
        rid = "person-name-surname-first" if hint == "surname_first" else "person-name-context"
        pw = self._prev_word(toks, a)
        # ("Mrs. Naidoo": the dot of a title does not separate it from the name)
        pw_adj = pw >= 0 and all(toks[x][KIND] == P and (toks[x][TEXT] in ",:-(" or toks[x][TEXT] == "."
                                                         and x == pw + 1 == a - 1 and toks[pw][BASE] in self.titles)
                                 for x in range(pw + 1, a))
        pwt = toks[pw] if pw >= 0 else None
        if pwt is not None and pw == a - 1 or (pwt is not None and pw_adj):
            pb = pwt[BASE]
            if pb in self.titles and pw == a - 1 or (pb in self.titles and toks[pw + 1][TEXT] == "."):
                ctxs += w.get("title", 4.0)
                direct += w.get("title", 4.0)
                start_idx = pw
                rid = "person-name-title"
            elif pw == a - 1 and self._baby_of(toks, pw):
                # "B/O Mhlongo twin 2 desat": the baby of the named mother
                ctxs += w.get("patient_before", 3.0)
                direct += w.get("patient_before", 3.0)
            elif pb in self.kin_titles:
                ctxs += w.get("kin_title", 3.0)
                direct += w.get("kin_title", 3.0)
                rid = "person-name-title"
                if pw == a - 1:
                    start_idx = pw  # "Auntie Gadija", "Baba Zwane": the honorific is part of how the patient is named
            elif pb in self.kin_words:
                # "her brother X", "pt's mother X", "mom is X"; "gran is X"
                pp = self._prev_word(toks, pw)
                # (a possessive name counts: "Kagiso Letsholo's brother Tshepo")
                if pp >= 0 and (toks[pp][LOW] in self.possessives or toks[pp][POSS] and toks[pp][SHAPE] != LOWER
                                and pp == pw - 1) or pw == 0 or toks[pw][SENT] \
                        or pw == a - 1 and toks[pw][SHAPE] == LOWER and toks[pw - 1][KIND] == P and toks[pw - 1][TEXT] in "(-,;/" \
                        and toks[pw - 1][LINE] == line and self._patient_line(toks, info, line):
                    # (or after a bracket or dash: "baby X (mum Y Z)", "the 4yo - mum Y waiting")
                    ctxs += w.get("relative", 4.0)
                    direct += w.get("relative", 4.0)
                    rid = "person-name-relative"
                elif pb in self.infant_before and pw == a - 1:
                    # "mom of baby X": a baby's first name alone names the patient
                    ctxs += w.get("patient_before", 3.0)
                    direct += w.get("patient_before", 3.0)
            elif pb == "is" or pb == "was" or pb == "as":
                pp = self._prev_word(toks, pw)
                if pp >= 0 and toks[pp][BASE] in self.kin_words:
                    ctxs += w.get("relative", 4.0)
                    direct += w.get("relative", 4.0)
                    rid = "person-name-relative"
                elif pp >= 0 and toks[pp][BASE] in self.patient_before or pp >= 0 and toks[pp][BASE] in ("abt", "about", "asked"):
                    ctxs += w.get("patient_before", 3.0)
                    direct += w.get("patient_before", 3.0)
                elif pb == "as" and pp >= 0 and toks[pp][BASE] in ("id'd", "idd", "identified", "known", "registered"):
                    ctxs += w.get("patient_before", 3.0)
                    direct += w.get("patient_before", 3.0)
                else:
                    ctxs += w.get("weak_before", 1.0)
            elif pb == "of" and self._prev_word(toks, pw) >= 0 \
                    and toks[self._prev_word(toks, pw)][BASE] in self.of_before:
                # "baby of X", "mother of X", "the family of X": neonatal and family naming
                ctxs += w.get("relative", 4.0)
                direct += w.get("relative", 4.0)
                rid = "person-name-relative"
            elif pb in self.patient_before and not (pwt[SHAPE] == TITLE and not pwt[SENT] and pw == a - 1):
                # ("Patient Safety Incident": a capitalised cue inside a phrase is not a cue)
                ctxs += w.get("patient_before", 3.0)
                direct += w.get("patient_before", 3.0)
            elif pb == "my" and nc == 1:
                ctxs += w.get("relative", 4.0) - 1
                direct += w.get("relative", 4.0) - 1
                rid = "person-name-relative"
            elif pb in self.colleague_before:
                # "ask X's brother to come in": the cue is for the relative, not for X
                if not (last[POSS] and b < len(toks) and toks[b][KIND] == W and toks[b][BASE] in self.kin_words):
                    ctxs += w.get("colleague", -5.0)
            elif pb in self.place_before:
                ctxs += w.get("place_before", -2.0)
            elif pb in ("for", "on", "of", "re") and pw >= 1 and self._prev_word(toks, pw) == pw - 1 \
                    and (toks[pw - 1][BASE] in self.paperwork or toks[pw - 1][BASE] in self.paperwork_heads
                         and pw >= 2 and toks[pw - 2][KIND] == W and toks[pw - 2][BASE] in self.paperwork_qualifiers):
                # "death notification for X", "the referral letter for X", "results on X"
                ctxs += w.get("patient_before", 3.0)
                if nc > 1 or toks[pw - 1][BASE] in self.paperwork_single:
                    # "lab request for Mokoena": a surname alone on a lab request names the patient
                    direct += w.get("patient_before", 3.0)
            elif pb in self.pharmacy_before and nc > 1 and not (pwt[SHAPE] == TITLE and not pwt[SENT]) \
                    and (b >= len(toks) or toks[b][KIND] != W or toks[b][LINE] != line):
                # "TTA: Rosa Lima", "TTO - nyiko hlungwani (553...)" as a list entry (not
                # "TTO: Rosa Lima is doing them today"); a pharmacy cue, never sentence words
                ctxs += w.get("patient_before", 3.0)
                direct += w.get("patient_before", 3.0)
            elif pb in self.weak_before:
                ctxs += w.get("weak_before", 1.0)
        # colleague cue two words back: "shout out to X", "tea for X's farewell"
        if pw >= 1:
            pp = self._prev_word(toks, pw)
            if pp >= 0 and pp == pw - 1 and pw == a - 1 and toks[pp][BASE] in self.colleague_before:
                ctxs += w.get("colleague", -5.0)

        # "bed 5 X", "cubicle 4: X" anywhere on the line (the line-start form is a list item below)
        placed = self._placed_before(toks, a)
        # "for OPD: X, Y, Z": the next name of a list whose previous name was reported
        if nc > 1 and prev_end >= 0 and a - prev_end <= 2 and all(
                toks[x][TEXT] in (",", ";", "&", "and", "/") for x in range(prev_end, a)) and a > prev_end:
            ctxs += w.get("list_item", 2.0)
            direct += 1.0
        elif nc > 1 and pk is not None and pk[KIND] == P and pk[TEXT] == ":" and self._list_header(toks, k):
            ctxs += w.get("patient_before", 3.0)
            direct += 1.0
        # "X (ortho reg) will see", "X, our new physio,", "X and Y are the interns", "X is the on-call
        # anaesthetist": a staff role in apposition or as the predicate names a colleague
        if self._role_after(toks, b, line, info) or self._role_before(toks, start_idx, line):
            ctxs += w.get("colleague", -5.0)
        # "the Sibiya baby is back again", "the Venter lady": a surname as the patient's label
        if nc == 1 and first[SHAPE] in (TITLE, MIXED, UPPER) and not last[POSS] and pk is not None and pk[KIND] == W \
                and pk[BASE] == "the" and pk[LINE] == line and k == a - 1 and nxt is not None and nxt[KIND] == W \
                and nxt[LINE] == line and nxt[BASE] in self._LABEL_NOUNS and first[BASE] not in self.eponyms \
                and (self._listed(first[BASE])
                                                                            or self._namelike(first[BASE])
                                                                            or AFRICAN_SHAPE.match(first[BASE])):
            ctxs += w.get("patient_before", 3.0)
            direct += w.get("patient_before", 3.0)
        # "X, the lady with the DVT, ...": apposition with a patient noun
        j = b
        while j < len(toks) and toks[j][KIND] == P and toks[j][TEXT] in ",(-":
            j += 1
        if j > b and j + 1 < len(toks) and toks[j][KIND] == W and toks[j][BASE] in ("the", "a", "our", "that", "this") \
                and toks[j + 1][KIND] == W and toks[j + 1][BASE] in self.patient_nouns:
            ctxs += w.get("patient_before", 3.0)
            direct += w.get("patient_before", 3.0)
        # "X went for his CT", "X refused her meds": something clinical of the person's
        owned = self._owned_clinical(toks, b, line)
        if owned:
            ctxs += w.get("patient_after", 2.0)
        # "Musa Khoza - 3rd admission, DKA again": a name heading its line, then a dash;
        # but "Sipho Dube: pls check ..." / "Thabo Nkosi - can you ..." addresses a colleague
        if nc > 1 and (a == 0 or toks[a - 1][KIND] == N) and b < len(toks) and toks[b][KIND] == P \
                and toks[b][TEXT] in "-:–" and toks[b][LINE] == line:
            nx = toks[b + 1] if b + 1 < len(toks) else None
            if nx is not None and nx[KIND] == W and (nx[BASE] in self.vocative_after or nx[BASE] in self.colleague_before
                                                    or nx[BASE] in ("well", "welcome", "happy", "congrats")):
                ctxs += w.get("colleague", -5.0)
            elif self._rota_line(toks, b, line):
                ctxs += w.get("colleague", -5.0)  # "X: ECG teaching", "X - nights": a staff list entry
            else:
                ctxs += w.get("list_item", 2.0) - 1.0
        elif nc > 1 and (a == 0 or toks[a - 1][KIND] == N) and b < len(toks) and toks[b][LINE] == line \
                and len(info[0]) > 1 and not self._rota_line(toks, b, line) \
                and not (toks[b][TEXT] == "," and b + 1 >= len(toks)):
            # "Thabo Mokoena CAP", "Thabo Mokoena, CCF, for echo": a name heading a line of a
            # several-line message, a diagnosis right after it
            k = b + 1 if toks[b][KIND] == P and toks[b][TEXT] == "," else b
            nx = toks[k]
            if nx[LINE] == line and nx[KIND] == W and nx[BASE] in self.clinical and nx[BASE] not in self.place_words \
                    and nx[SHAPE] != TITLE:
                ctxs += w.get("list_item", 2.0) - 1.0
        # "theatre team: X, Y", "ward 5 rota: X nights": a staff list
        if self._staff_header(toks, a, line):
            ctxs += w.get("colleague", -5.0)
        # work-admin words in the clause after the name: a colleague; "...AMA": a patient
        clause = self._clause(toks, b, line)
        if clause < 0:
            ctxs += w.get("colleague", -5.0)
        elif clause > 0:
            ctxs += w.get("patient_after", 2.0)
            if self._heads_line(toks, a, info[0][line]):
                # heading the line: "X is a lazy slob who won't turn", "X wants to go AMA"
                ctxs += w.get("clinical_near", 1.0)
                direct += w.get("clinical_near", 1.0)

        # after the name
        j = b
        while j < len(toks) and toks[j][KIND] == P and toks[j][TEXT] in ",:-(":
            j += 1
        after_adj = j < len(toks) and toks[j][LINE] == line
        # "Thabo Mokoena bed 12", "k naidoo cubicle 4": a numbered bed right after the name
        if after_adj and (nc > 1 or hint in ("initial_lower", "surname_initial") or toks[a][SHAPE] == INITIAL or first[BASE] in self.sur and first[BASE] not in self.first_reliable
                          and first[BASE] not in self.english and a > info[0][line]) \
                and toks[j][KIND] == W and toks[j][BASE] in self.place_words \
                and toks[j][BASE] not in ("ward", "theatre", "room") and j + 1 < len(toks) and toks[j + 1][KIND] == D \
                and len(toks[j + 1][TEXT]) <= 3 and toks[j + 1][LINE] == line:
            ctxs += w.get("place_adjacent", 3.0) - w.get("place_near", 2.0)
            direct += w.get("place_adjacent", 3.0)
        # "X 3rd admission for DKA", "X, 2nd presentation this week"
        if after_adj and toks[j][KIND] == D and ORDINAL.match(toks[j][TEXT]) and j + 1 < len(toks) \
                and toks[j + 1][KIND] == W and toks[j + 1][BASE] in ("admission", "admissions", "readmission", "presentation",
                                                                     "visit", "episode", "time", "attempt", "od"):
            ctxs += w.get("patient_after", 2.0)
            direct += w.get("patient_after", 2.0)
        # "X (the 34F with the PPH)", "X, a 60yo with...": an article before the age-sex
        k = j + 1 if after_adj and j > b and toks[j][KIND] == W and toks[j][BASE] in ("the", "a", "an", "our") else j
        # "X G2P1 at 38 weeks": an obstetric formula right after the name ("G" + "2P1")
        if after_adj and toks[j][KIND] == W and toks[j][LOW] == "g" and j + 1 < len(toks) and toks[j + 1][KIND] == D \
                and toks[j + 1][S] == toks[j][E] and GRAVIDA.match(toks[j + 1][TEXT]):
            ctxs += w.get("place_adjacent", 3.0)
            direct += w.get("place_adjacent", 3.0)
        if after_adj and nc > 1 and j > b and toks[j - 1][TEXT] in ",(" and toks[j][KIND] == D and toks[j][TEXT].isdigit() \
                and len(toks[j][TEXT]) <= 3 and 0 < int(toks[j][TEXT]) <= 110 and j + 1 < len(toks) \
                and toks[j + 1][KIND] == P and toks[j + 1][TEXT] == ("," if toks[j - 1][TEXT] == "," else ")") \
                and self._tail_act(toks, j + 2, line, 4):
            # "Keegan Arendse, 19, GSW abdomen", "Bontle Mokgatle (28) - PPH": a bare age in commas or
            # brackets after a full name, then a clinical state (as an age-sex there: the window's
            # age-sex cue does not see a bare number)
            ctxs += w.get("place_adjacent", 3.0)
            direct += w.get("place_adjacent", 3.0)
        if after_adj and k < len(toks) and toks[k][KIND] == D and AGE_SEX.match(toks[k][TEXT]):
            # "X, 27M" / "X 34F": an age and sex right after the name
            ctxs += w.get("place_adjacent", 3.0) - w.get("age_sex", 1.5)
            direct += w.get("place_adjacent", 3.0)
        if after_adj and toks[j][KIND] == W:
            w1 = toks[j][BASE]
            # two-word cues first
            j2 = j + 1
            second = toks[j2][BASE] if j2 < len(toks) and toks[j2][KIND] == W else ""
            pair = w1 + " " + second if second else w1
            third = toks[j2 + 1][BASE] if j2 + 1 < len(toks) and toks[j2 + 1][KIND] == W and second else ""
            triple = pair + " " + third if third else pair
            strong = rid in ("person-name-title", "person-name-relative")
            care = self._heads_line(toks, a, info[0][line]) and not strong and clause >= 0 \
                and self._care_after(toks, j, w1, pair, triple, line, info[4])
            if strong and (w1 in self._STAFF_AFTER_TITLED or pair in self._STAFF_AFTER_TITLED):
                ctxs += w.get("colleague", -5.0)  # "Mrs Smit covering", "Ms X is on leave": staff, titled or not
            elif (strong or placed and nc > 1 and w1 == "is") or w1 in self.vocative_after and a > 0 and toks[a - 1][LINE] == line and toks[a - 1][KIND] != N:
                pass
            elif last[POSS] and (w1 in ("farewell", "ward", "list", "team", "firm", "clinic", "theatre", "rota",
                                     "leave", "birthday", "party", "talk", "lecture", "round")):
                ctxs += w.get("colleague", -5.0)
            elif care:
                pass  # "X did not pitch for her dressing" ("did" is no colleague's here)
            elif clause > 0 and pair in ("is a", "is so", "is such", "is f"):
                pass  # "X is a fat lazy slob who won't turn": an insult about a patient in care
            elif toks[j][SHAPE] == UPPER and j + 1 < len(toks) and toks[j + 1][KIND] == D:
                pass  # "X SAID 9305...": a label in capitals before a number, not the verb
            elif triple in self.colleague_after or pair in self.colleague_after \
                    or (w1 in self.colleague_after and w1 not in ("is", "list", "clinic", "team")):
                ctxs += w.get("colleague", -5.0)
            if w1 in self.vocative_after and not strong and (a == 0 or toks[a - 1][KIND] == N) and toks[b][TEXT] == ",":
                ctxs += w.get("colleague", -5.0)
            if care:
                    # "<first> <last> didn't pitch for her dressing", "... defaulted, cell 07...":
                    # a care act heading the line, with his/her or an identifier later on
                    if not (pair in self.patient_after or w1 in self.patient_after):
                        ctxs += w.get("patient_after", 2.0)
                    if not owned:
                        ctxs += w.get("clinical_near", 1.0)  # the care object or identifier behind it
                    direct += w.get("patient_after", 2.0)
            if strong and (triple in self.colleague_after or pair in self.colleague_after):
                pass
            elif w1 == "passed" and second in ("the", "his", "her", "their", "all", "my", "your", "our", "with", "exams", "it"):
                pass  # "X passed the ACLS course": not "passed away"
            elif last[POSS] and w1 in ("number", "cell", "phone", "email", "mob", "tel", "extension", "ext"):
                pass  # "who has X's number?": a colleague's contact, not a patient's record
            elif pair.startswith("in ") and (third in self.placed_stop or self._line_veto(toks, j, line)):
                pass  # "X in ICU today, page him", "X in resus till 2": where a colleague is
            elif (pair in self.patient_after or w1 in self.patient_after or triple in self.patient_after) \
                    and not (w1 in ("left", "walked", "signed") and any(
                        toks[x][KIND] == W and toks[x][BASE] in ("form", "forms", "paperwork", "policy")
                        for x in range(j, min(len(toks), j + 5)))):  # "left AMA forms in the office"
                ctxs += w.get("patient_after", 2.0)
                if pair.startswith("in ") and pair.split()[1] in self.place_words:
                    ctxs += w.get("place_adjacent", 3.0) - w.get("patient_after", 2.0)
                    direct += w.get("place_adjacent", 3.0)
                elif w1 in ("here",) and nc == 1:
                    pass
                else:
                    direct += w.get("patient_after", 2.0) if w1 in self.patient_after_direct or pair in self.patient_after_direct \
                        or triple in self.patient_after_direct else 0
            elif w1 in self.auxiliaries and second == "back" and third in ("from", "in", "on") and j2 + 2 < len(toks) \
                    and toks[j2 + 2][KIND] == W and (toks[j2 + 2][BASE] in self.clinical or toks[j2 + 2][BASE] in self.place_words) \
                    and toks[j2 + 2][BASE] not in self.colleague_clause:
                # "X is back from CT", "X is back in resus"
                ctxs += w.get("patient_after", 2.0)
            elif w1 in self.predicates or triple in self.predicates or w1 in self.auxiliaries and (
                    second in self.predicates or second + " " + third in self.predicates
                    or second in self.auxiliaries and third in self.predicates):
                # "X is back AGAIN", "X has absconded", "X was brought in", "X vomiting"
                ctxs += w.get("patient_after", 2.0)
            if triple in self.is_patient and not last[POSS] and j2 + 1 < len(toks) and not toks[j2 + 1][POSS] \
                    and not (pwt is not None and pwt[BASE] in self.place_before) \
                    and (j2 + 2 >= len(toks) or toks[j2 + 2][KIND] != W or toks[j2 + 2][LINE] != line
                         or toks[j2 + 2][BASE] in ("in", "not", "here", "from", "frm", "with", "w", "and")):
                # "X is the pt", "that's the son, X is the patient in 7" (not "X is the patient advocate")
                ctxs += w.get("patient_before", 3.0)
                direct += w.get("patient_before", 3.0)
            # "X's scan", "X's bloods": something clinical belongs to the person
            if last[POSS] and w1 in self.possessive_clinical and rid == "person-name-context" and toks[j][SHAPE] in (LOWER, UPPER) \
                    and not self._line_veto(toks, j, line):
                # "X's bloods", "confirm X Y's allergies" (round 2: the stronger list)
                ctxs += w.get("possessive_clinical", 3.0)
                direct += w.get("possessive_clinical", 3.0) + 1.0
            elif last[POSS] and w1 in self.clinical and rid == "person-name-context" and toks[j][SHAPE] in (LOWER, UPPER):
                ctxs += w.get("patient_after", 2.0)
                direct += w.get("patient_after", 2.0) + 1.0
            # "X's wife wants...": the person is a patient with a relative
            if last[POSS] and w1 in self.kin_words:
                # "X's mom wants to speak to a doctor", "X's dad is waiting outside": the relative acts for a
                # patient; "X's mom made us cake" (no act, nothing clinical on the line) is a colleague's family
                k2 = j2
                if k2 < len(toks) and toks[k2][KIND] == W and toks[k2][BASE] in ("is", "has", "was", "just", "keeps", "still"):
                    k2 += 1
                if k2 < len(toks) and toks[k2][KIND] == W and toks[k2][LINE] == line and toks[k2][BASE] in self.kin_acts \
                        and not self._line_veto(toks, k2, line):
                    ctxs += w.get("relative_after", 3.0) + 1.5
                    direct += w.get("relative_after", 3.0) + 1.5
                elif self._tail_act(toks, j2, line, 10) or any(
                        toks[x][KIND] == W and (toks[x][BASE] in self.clinical and (len(toks[x][BASE]) > 2 or toks[x][SHAPE] != LOWER)
                                                or toks[x][BASE] in self.place_words)
                        for x in range(max(0, a - 8), min(len(toks), b + 12)) if toks[x][LINE] == line):
                    ctxs += w.get("relative_after", 3.0)
                    direct += w.get("relative_after", 3.0)
                else:
                    ctxs += w.get("relative_after", 3.0) - 1.5
                    direct += w.get("relative_after", 3.0) - 1.5
            # "Dlamini's still eating" in a message about NPO / nil by mouth
            if last[POSS] and last[LOW].endswith("'s") and w1 in ("still", "been", "already", "just") \
                    and second in ("eating", "drinking", "ate", "had", "having") \
                    and any(t[KIND] == W and t[BASE] in ("npo", "nbm", "nil", "fasting", "starved") for t in toks):
                ctxs += w.get("placed_act", 4.0)
                direct += w.get("placed_act", 4.0)
            # "X (son) wants a call back", "X (husband) is at the desk": a relative named by role
            k2 = j2 + 1
            if k2 < len(toks) and toks[k2][KIND] == W and toks[k2][BASE] in ("is", "has", "was", "just", "keeps", "still"):
                k2 += 1
            if toks[b][TEXT] == "(" and w1 in self.kin_words and w1 not in self.staff_titles and second == "" \
                    and j2 < len(toks) and toks[j2][TEXT] == ")" and any(
                        toks[x][KIND] == W and (toks[x][BASE] in self.kin_acts or toks[x][BASE] in self.predicates)
                        for x in range(j2 + 1, min(len(toks), j2 + 9)) if toks[x][LINE] == line) \
                    and not any(toks[x][KIND] == W and (toks[x][BASE] in self.rota_words or toks[x][BASE] in self.colleague_clause)
                                for x in range(j2 + 1, min(len(toks), j2 + 9)) if toks[x][LINE] == line):
                ctxs += w.get("placed_act", 4.0)
                direct += w.get("placed_act", 4.0)
                rid = "person-name-relative" if rid == "person-name-context" else rid
            # apposition: "X his sister", "X (her niece)"
            if (w1 in self.possessives or toks[j][LOW] in self.possessives) and second in self.kin_words:
                ctxs += w.get("relative_after", 3.0)
                direct += w.get("relative_after", 3.0)
                rid = "person-name-relative" if rid == "person-name-context" else rid

        # line-level cues: list item, "bed 6 - X", bed/cubicle, age-sex, identifiers
        first_on_line = True
        ls = info[0][line]
        nwb = info[3][a] - info[3][ls]  # words before the name on its line
        lead = toks[ls:a] if a - ls <= 12 else None
        if a > ls:
            # "1." / "2)" / "-" / "*" / "bed 6 -"
            words_before = [t for t in lead if t[KIND] == W] if lead is not None and nwb <= 1 else None
            if lead is None or words_before is None:
                first_on_line = False
            elif not words_before and lead[0][KIND] in (D, P):
                ctxs += w.get("list_item", 2.0)
                direct += 1.0
            elif words_before and len(words_before) == 1 and words_before[0][BASE] in self.place_words \
                    and any(t[KIND] == D for t in lead):
                ctxs += w.get("list_item", 2.0) + w.get("place_adjacent", 3.0) - w.get("place_near", 2.0)
                direct += w.get("place_adjacent", 3.0)
            else:
                first_on_line = False
        if placed and not first_on_line:
            # "pls see bed 5 sipho dlamini": the bed right before the name, mid-line
            ctxs += w.get("place_adjacent", 3.0) - w.get("place_near", 2.0)
            direct += w.get("place_adjacent", 3.0)
        s0, e0 = toks[a][S], toks[b - 1][E]
        lo, hi = max(0, s0 - self.window), min(len(text), e0 + self.window)
        # bed/cubicle/age-sex within the window, on the same line
        place = agesex = clinical = False
        nt = len(toks)
        for k, t in self._window(toks, a, b, lo, hi, line):
            if t[KIND] == W and t[BASE] in self.place_words:
                # "bed 4", "cubicle 7", "in resus": a numbered place or a named unit ("drug room" is neither)
                if t[BASE] in self.place_unnumbered or k + 1 < nt and toks[k + 1][KIND] == D \
                        or k > 0 and toks[k - 1][BASE] == "side":  # "a side room"
                    place = True
            elif t[KIND] == W and t[BASE] in self.clinical:
                clinical = True
            elif t[KIND] == D and AGE_SEX.match(t[TEXT]):
                agesex = True
        if place:
            ctxs += w.get("place_near", 2.0)
        if clinical:
            ctxs += w.get("clinical_near", 1.0)
        if agesex:
            ctxs += w.get("age_sex", 1.5)
            direct += 1.0
        if self._bracketed_number(toks, b, line):
            # "X (943 476 5919)", "X (647-1801-1)": an unlabelled folder/NHS number in brackets
            ctxs += w.get("identifier_adjacent", 3.0)
            direct += w.get("identifier_adjacent", 3.0)
        elif info[4]:
            best = w.get("identifier_message", 1.0)
            line_lo = info[1][line]
            line_hi = info[2][line]
            for is_, ie in self._near_ids(info, s0, e0):
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

        # a folder or lab number right after the name, or alone on the next line
        if self._number_after(toks, b, line) and (nc > 1 or hint == "surname_initial"
                                                  or (self._listed(first[BASE]) or AFRICAN_SHAPE.match(first[BASE]))
                                                  and first[BASE] not in self.eponyms and first[BASE] not in self.english
                                                  and first[BASE] not in self.schemes):
            ctxs += w.get("record_adjacent", 4.0)
            direct += w.get("record_adjacent", 4.0)
        # a name heading its line under a patient-list heading ("for theatre tomorrow:")
        heading = self._heading_above(info, toks, line) if first_on_line and line > 0 else 0
        if heading > 0 and not self._staff_header(toks, a, line) and not self._rota_line(toks, b, line):
            ctxs += w.get("list_heading", 3.0)
            direct += w.get("list_heading", 3.0) if nc > 1 else 1.0
        elif heading < 0 and all(toks[x][KIND] != W for x in range(info[0][line], a)):
            # "on call:\nX", "PERSAL numbers:\nX 12345678", "teaching list:\nX - ECG": a staff list
            ctxs += w.get("colleague", -5.0)
        # a social tie in a clinical setting: "my neighbour thandi came through casualty"
        social = intr >= 1.0 and not (pwt is not None and pw == a - 1 and (pwt[BASE] in self.place_before or pwt[BASE] == "from")) \
            and self._social_cue(toks, a, b, line) and self._is_social(info, toks)
        if social:
            ctxs += w.get("social", 3.0)
            direct += w.get("social", 3.0)
        # "X from Gugulethu CHC, CD4 45": where the patient comes from, then a clinical value
        if self._origin(toks, b, line):
            ctxs += w.get("origin", 3.0)
            direct += w.get("origin", 3.0)
        # round 2: a placement then a patient's act, a patient noun or label in apposition, an ordinal visit,
        # names moved on a theatre list, a numbered line with a clinical state after the surname
        if nc > 1 and self._date_after(toks, b, line):
            # "Sipho Ndlovu 22/05/1975 for colonoscopy": a bare date of birth right after a full name
            ctxs += w.get("record_adjacent", 4.0)
            direct += w.get("record_adjacent", 4.0)
        if self._placed_act(toks, b, line) or self._frequency(toks, b, line) or self._list_move(toks, a, b, line) \
                or nc == 1 and first_on_line and (a > ls and lead is not None and lead[0][KIND] in (D, P)
                                                  or a == ls and first[BASE] in self.sur and first[BASE] not in self.first_reliable) \
                and b < len(toks) and toks[b][TEXT] in "-:–," and toks[b][LINE] == line \
                and (self._listed(first[BASE]) or AFRICAN_SHAPE.match(first[BASE])) and first[BASE] not in self.english \
                and self._tail_act(toks, b + 1, line, 3) and not self._line_veto(toks, b, line):
            ctxs += w.get("placed_act", 4.0)
            direct += w.get("placed_act", 4.0)

        if hint == "lower_record_lab":
            # "mokoena t K 2.9": a lower-case surname and initial, then a lab value
            ctxs += w.get("record_adjacent", 4.0)
            direct += w.get("record_adjacent", 4.0)
        if nc > 1 and rid == "person-name-context" and 0 < ctxs < self.min_context and clause >= 0:
            # "check on Dorothy Mngadi? she's been crying", "who is seeing X? her sugars are in the 20s":
            # the next words speak of the person's body or care; "X on the wards, K 6.8": a lab value
            if self._follow_up(toks, b, line) or self._lab_value(toks, b, line):
                ctxs += w.get("patient_after", 2.0) - 1.0
        need_ctx = self.single_min_context if nc == 1 and toks[a][SHAPE] != INITIAL else self.min_context
        if hint == "lower_single" and not social:
            return None
        if hint == "lower_unlisted" and (direct < 1.0 or ctxs < self.w.get("relative_after", 3.0)):
            return None  # unlisted lower-case words need a cue right beside them and more context
        if hint == "surname_first" and intr >= 5:
            need_ctx = self.w.get("surname_first_min_context", 1.0)  # the sticker form is itself record-like
        if nc > 1 and all(t[BASE] in self.english and t[BASE] not in self.africa for t in core) \
                and direct < self.w.get("relative_after", 3.0):
            return None  # "Grand Round", "Main Hall": ordinary words need a title or relative cue
        if nc == 1:
            if direct < need_ctx:
                return None
        if intr < self.min_intrinsic and not (direct >= self.w.get("title", 4.0) - 1 and intr >= 0) \
                and not (hint == "lower_unlisted" and intr >= 1.0):
            return None
        if nc == 1 and first[SHAPE] == LOWER and rid == "person-name-context" and not self._listed(first[BASE]) \
                and not AFRICAN_SHAPE.match(first[BASE]) and hint not in ("initial_lower", "lower_record"):
            return None  # "pt extubated": a lone lower-case word needs a title or a listed name
        if ctxs < need_ctx or intr + ctxs < self.threshold:
            return None
        return start_idx, rid, min(1.0, (intr + ctxs) / (2 * self.threshold))

    @staticmethod
    def _window(toks, a, b, lo, hi, line):
        k = a - 1
        while k >= 0 and toks[k][E] > lo and toks[k][LINE] == line:
            yield k, toks[k]
            k -= 1
        k = b
        while k < len(toks) and toks[k][S] < hi and toks[k][LINE] == line:
            yield k, toks[k]
            k += 1
