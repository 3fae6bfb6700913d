"""Detector family: derogatory, stigmatising and defamatory remarks.

Rules and lexicons are data (``policies/derogatory``). Code does what data
cannot say:

* **folding**: a lower-case copy of the message with leetspeak undone inside
  words (``id10t`` -> ``idiot``), censored letters filled in from a small
  vocabulary (``f*cking`` -> ``fucking``) and spaced-out letters joined
  (``s t u p i d`` -> ``stupid``), with a map back to ``doc.text``;
* **framing**: a *framed* term (``useless``, ``crazy``, ``fat``) counts only
  when it is said of a person: ``<subject> is (so) X``, ``X <person-noun>``,
  ``you're X``, ``X in bed 4``. The subject is read from the words before
  the term and classed as patient, colleague, a name, or a thing (a thing
  is venting, not an insult: "this printer is useless"). The second of two
  predicates takes the first one's subject ("she's a hopeless case and a
  liar"); a number after a record cue is a patient ("MRN 1234 is a ...");
  "us"/"me" as an object is not self-deprecation ("peds sent us an FLK");
* **context**: a correction, a quotation or a discussion of a term drops it
  ("please don't call patients frequent flyers", "told us off for writing
  'drug-seeking'", someone else's words quoted after "shouting"); mocking cues ("lol", "again",
  an eye-roll) raise a weak candidate; context words never report alone.

Two big alternations (terms that count alone, and framed terms) are compiled
once; a message with no hit costs two regex scans.
"""

from __future__ import annotations

import math
import re as _re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError, Rule
from .. import precompiled
from ..rxguard import guard
from .base import BaseDetector, finding
from .derog_scorer import Scorer
from .target import TargetResolver

# Where a term may start: a word start, or a quote opening a scare-quoted word.
_STARTS = _re.compile(r"(?<![\w])[\w@*]|['\"]")
_TOKEN = regex.compile(r"[\w@'$*’]+(?:-[\w']+)*")
_WORD_AFTER = regex.compile(r"[”\"'’]?[ \t]+([\w'’*$@]+)")  # a closing quote: the “jerk” doctor
_LOCATION = regex.compile(
    r"[ \t]*[,(\-]?[ \t]*(?:in|on|from|at|@)[ \t]+(?:the[ \t]+)?"
    r"(?:bed|beds|cubicle|cube|cub|cot|bay|resus|side[ \t]?room|room|isolation|cubie|trolley|corridor|cubby|kamer|saal)\b")
# "the moaner IN 23": a bare bed number (not a time, a dose or a count)
_BED_NUMBER = regex.compile(
    r"[ \t]+(?:in|from)[ \t]+\d{1,3}(?![\d:.,/])(?![ \t]*(?:mins?|minutes?|hours?|hrs?|h\b|days?|weeks?|wks?|months?|years?|yrs?|"
    r"%|mg|ml|mls|l\b|kg|x\b|times|ways|of|out|to|and|or|places|attempts|tries|goes|calls|pts|patients|people))")
# Afrikaans bed words: "die ou in kamer 4", "bed 5 in saal 3"
_BED_WORDS_AF = frozenset({"kamer", "saal", "bedjie", "kubikel"})
# the people a place is full of: "a bay of zombies", "ward full of vegetables"
_WARD_OF = regex.compile(r"\b(?:bay|bays|ward|wards|cubicle|cubicles|room|side ?room|resus|corridor|waiting room|unit)[ \t]+"
                         r"(?:(?:full|packed|filled)[ \t]+)?of[ \t]+(?:(?:the|our|those|these|old|little|\w+ing)[ \t]+)?$")
_AGE_SEX = regex.compile(r"\d{1,3}(?:yo|y|m|f|yom|yof|yrs?|yr|y/o)")
_BED_WORDS = frozenset({"bed", "cubicle", "cube", "cub", "cot", "bay", "room", "trolley", "resus", "cubie", "bd"})
_ADVERBS = frozenset({"here", "there", "today", "tonight", "now", "again", "too", "also", "lately", "recently",
                      "always", "honestly", "seriously", "clearly", "obviously", "still", "currently", "often",
                      "usually", "sometimes", "never", "constantly", "actually", "literally", "ever",
                      "would", "wouldn't", "will", "won't", "could", "couldn't", "should", "shouldn't", "might", "must",
                      "does", "doesn't", "did", "didn't", "can", "can't",
                      "who"})  # a relative clause: "the ones WHO are rotten" is about "the ones"
_ADJ_SHAPE = regex.compile(r"[a-z]{3,}(?:istic|ical|ic|ive|ous|ful|less|ish|able|ible|ent|ant|ing|ed)")
_DETERMINERS = frozenset({"my", "his", "her", "your", "its", "our", "their", "the", "this", "that", "these", "those", "a", "an"})
_SELF_VERBS = frozenset({"feel", "felt", "feeling", "look", "looked", "sound", "sounded", "am", "was",
                         "went", "go", "going", "gone"})  # "I went full psycho on the filing"
_CONTRACTED = regex.compile(r"['’](?:s|re|m)$")
_CONTRACTED_BARE = frozenset({"hes", "shes", "theyre", "youre", "ur", "ure"})
# A number after one of these is a patient's record number: "MRN 1234 is a ..."
_RECORD_CUES = frozenset({"mrn", "folder", "file", "hosp", "hospital", "no", "nr", "number", "ip", "ipn", "#"})
_QUANTIFIERS = frozenset({"some", "all", "most", "many", "half", "none", "few", "several", "each", "any", "both", "lots",
                          "lot", "majority", "one", "two", "three", "couple", "bunch", "loads", "plenty", "rest"})
_PREPS = frozenset({"in", "on", "at", "from", "of", "with", "for", "@", "round", "around"})
_PROFANE = regex.compile(r"f\w*(?:ck|k)\w*|bloody|damn\w*|effing|freaking|frigging|friggin|shit\w*")
_SENT_END = regex.compile(
    r"(?<!\b(?:dr|mr|mrs|ms|prof|sr|st|vs|no|nr|e\.g|i\.e))[.!?;]+(?=\s|$)|\n+")
# A term that is mentioned, not used (issue 16, real writing): the head of a
# glossary entry ("Gomer: n. a confused patient who ...", "Frequent flyer,
# cockroach: A person who ...", "DSB: Drug-Seeking Behavior, used to
# describe ..."), a term defined with "=" ("Addict = Person with substance
# use disorder"), or one of a list of labels after a colon or "e.g."
# ("RELATED: alcoholic, crackhead, druggie, ...").
_GLOSS_HEAD = regex.compile(r"[\s\-*\u2022\u00b7\d.)(\[\]\"'\u201c\u2018#]*(?:an?\s+|the\s+)?[^\d:=\n.!?]{1,60}?"
                            r"(?:\s*\([^)\n]{1,60}\))?\s*(?P<sep>:|=|\u2014|\u2013)\s*")
_GLOSS_DEF = regex.compile(
    r"(?:n\s*\.\s*|noun\b|adj\b|slang\b)"
    r"|(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:person|persons|patient|patients|pt|people|someone|somebody|individual|"
    r"term|word|phrase|label|slang)\b"
    r"|[^.!?\n]{0,60}?\b(?:used\s+to\s+(?:describe|identify|refer|label|denote|mean)|refers?\s+to|means)\b")
# "a massive, complicated beast.": a framed adjective, a comma, another
# adjective and the noun both describe, ending the sentence
_COMMA_NOUN = regex.compile(r",[ \t]*([a-z-]+(?:ed|al|ic|ous|ive|ful|less|able|ible|ish|ing))[ \t]+([a-z-]+)[ \t]*(?=[.!?\n]|$)")
_STACKED = regex.compile(r"[a-z]+-(?:filled|faced|headed|minded|looking|mouthed|hearted)")
_LIST_SEP = regex.compile(r"\s*(?:,|/|;)\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
_LIST_INTRO_ANY = regex.compile(r"(?::|\(|\be\.g\.?|\bincl(?:uding|\.)?|\bsuch as|\blike)\s*")
_LIST_END = regex.compile(r"[.!?)\n]")
# "they" after a named thing is the things ("the gloves tear, they're useless"); these
# object words point at nothing in particular
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theyre", "they're"})
_DEICTIC = frozenset({"it", "its", "it's", "this", "that", "that's", "thats", "everything", "nothing", "something",
                      "all", "which", "what", "there", "today", "tonight", "tomorrow", "day", "night", "week", "weekend"})
# A quotation of three words or more (not a scare-quoted word): for the scorer's target
_QUOTATION = _re.compile(r'"[^"\n]*?\w+\W+\w+\W+\w[^"\n]*"')


# Bounds on the work for one (abnormally long) message: a chat message with
# more candidate positions or hits than this is not prose; what is found in
# the first part is enough to nudge.
_MAX_STARTS = 2000
# A term with none of these is a plain word or phrase: matched by a string
# comparison rather than a compiled pattern (most of the lexicon; loading
# stays fast).
_REGEX_SPECIAL = _re.compile(r"[\\.^$*+?{}\[\]|()]")


_QUOTE_MARKS = frozenset("'\"\u2018\u2019\u201c\u201d`")
_QUOTE_REACH = 60  # characters searched for the opening and the closing mark
_QUOTE_WORDS = 6   # words at most between a mark and the term
_QUOTE_MESSAGE = 280  # a chat-length message is searched whole for the talk about words; a longer one, the sentence


def _quote_mark(fs: str, p: int) -> bool:
    """A quotation mark at ``p``, not an apostrophe inside a word ("she's")."""
    if fs[p] not in _QUOTE_MARKS:
        return False
    return not (p > 0 and fs[p - 1].isalnum() and p + 1 < len(fs) and fs[p + 1].isalnum())


def _in_quotes(fs: str, s: int, e: int, lo: int, hi: int) -> bool:
    """The term ``fs[s:e]`` stands inside quotation marks: an opening mark at
    most a few words before it (or starting it) and a closing one at most a
    few words after it (or ending it), both in its sentence ``lo:hi``."""
    opened = _quote_mark(fs, s)
    if not opened:
        for p in range(s - 1, max(lo, s - _QUOTE_REACH) - 1, -1):
            if _quote_mark(fs, p):
                opened = not (p > 0 and fs[p - 1].isalnum()) and len(fs[p + 1:s].split()) <= _QUOTE_WORDS
                break
    if not opened:
        return False
    if e - 1 > s and _quote_mark(fs, e - 1):
        return True
    for p in range(e, min(hi, e + _QUOTE_REACH)):
        if _quote_mark(fs, p):
            return not (p + 1 < len(fs) and fs[p + 1].isalnum()) and len(fs[e:p].split()) <= _QUOTE_WORDS
    return False


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class _Literal:
    """Matches one literal term at a position, as a whole word (no word character on either side)
    would: ``match(s, p)`` returns something with ``.end()``, or None."""

    __slots__ = ("term", "n")

    def __init__(self, term: str):
        self.term, self.n = term, len(term)

    def match(self, s: str, p: int):
        if not s.startswith(self.term, p):
            return None
        e = p + self.n
        if (p and _is_word_char(s[p - 1])) or (e < len(s) and _is_word_char(s[e])):
            return None
        return _End(e)


# The simple shapes most lexicon entries take: letters, an optional letter
# ("idiots?"), an optional space or hyphen ("tik[ -]?head"), and groups of
# plain alternatives ("junk(?:ie|y|ies)", optional too). Such an entry is
# expanded into its few spellings and matched by string comparison.
_SIMPLE_TOKEN = _re.compile(r"\(\?:([a-z0-9' |]+)\)(\?)?|\[ -\]\?|([a-z0-9' ])(\?)?")
_MAX_VARIANTS = 64


_FRAGMENT = _re.compile(r"\{\{(\w+)\}\}")


def _fill(src: str, frags: dict, rule: Rule, field: str, depth: int = 0) -> str:
    """``{{name}}`` in a term, veto or require: the pack's ``[fragments]``
    entry ``name``, put in as written (a long list of roles, written once)."""
    if "{{" not in src:
        return src
    if depth > 5:
        raise rule.fail(field, "fragments nest too deep (a fragment refers to itself?)")

    def sub(m):
        v = frags.get(m.group(1))
        if not isinstance(v, str):
            raise rule.fail(field, f"unknown fragment {{{{{m.group(1)}}}}} (define it under [fragments])")
        return _fill(v, frags, rule, field, depth + 1)

    return _FRAGMENT.sub(sub, src)


def _expand(pat: str) -> tuple[str, ...] | None:
    """The spellings a simple entry matches, longest first; None when the
    entry is not of the simple shapes (it is then compiled as a pattern)."""
    variants, i = [""], 0
    while i < len(pat):
        m = _SIMPLE_TOKEN.match(pat, i)
        if not m:
            return None
        if m.group(1) is not None:
            opts = m.group(1).split("|") + ([""] if m.group(2) else [])
        elif m.group(3) is not None:
            opts = [m.group(3)] + ([""] if m.group(4) else [])
        else:
            opts = [" ", "-", ""]
        variants = [v + o for v in variants for o in opts]
        if len(variants) > _MAX_VARIANTS:
            return None
        i = m.end()
    out = sorted({v for v in variants if v.strip()}, key=len, reverse=True)
    return tuple(out) or None


class _Literals:
    """Several spellings of one entry: the longest that stands as a whole
    word at the position wins."""

    __slots__ = ("variants",)

    def __init__(self, variants: tuple[str, ...]):
        self.variants = tuple(_Literal(v) for v in variants)

    def match(self, s: str, p: int):
        for v in self.variants:
            m = v.match(s, p)
            if m is not None:
                return m
        return None


try:  # the standard library's parser: checks a pattern without compiling it
    from re._parser import parse as _parse
except ImportError:  # pragma: no cover - another Python: compile to check
    _parse = _re.compile


class _LazyPattern:
    """A term's whole-word pattern, parsed at load and compiled the first
    time a message reaches its prefix (by ``re``, or by ``regex`` for the
    variable-length look-behinds ``re`` refuses). Once compiled, the
    compiled pattern's own ``match`` takes over (no extra call per try)."""

    def __init__(self, pattern: str):
        self.pattern = pattern

    def match(self, s: str, p: int):
        try:
            rx = precompiled.compile(self.pattern)
        except _re.error:  # a variable-length look-behind: ``regex`` reads it
            rx = regex.compile(self.pattern, regex.V1)
        self.match = rx.match
        return rx.match(s, p)


class _End:
    __slots__ = ("_e",)

    def __init__(self, e: int):
        self._e = e

    def end(self) -> int:
        return self._e
_MAX_HITS = 100
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i", "8": "b"}
# A word mixing letters with digits or symbols ("id10t", "a$$hole", "47m").
_LEET_HINT = _re.compile(r"[a-z][0-9@$!|]|[0-9@$!|][a-z]")
_LEET_TOKEN = _re.compile(r"(?<![a-z0-9@$!|])(?=[a-z0-9@$!|]*?(?:[a-z][0-9@$!|]|[0-9@$!|][a-z]))[a-z0-9@$!|]+")
_STAR_TOKEN = _re.compile(r"[a-z]*\*+[a-z*]*")
_SPACED_HINT = _re.compile(r"\b\w[ .\-_]\w[ .\-_]\w[ .\-_]\w\b")
_SPACED = _re.compile(r"(?<![\w*$@])(?:[\w*$@][ .\-_]){3,}[\w*$@](?![\w*$@])")


def _close(p: str, i: int) -> int:
    """Index of the parenthesis closing the group opened at p[i]."""
    depth, k = 0, i
    while k < len(p):
        c = p[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = _class_end(p, k) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    raise ValueError("unbalanced parenthesis")


def _class_end(p: str, i: int) -> int:
    k = i + 1
    if k < len(p) and p[k] == "^":
        k += 1
    if k < len(p) and p[k] == "]":
        k += 1
    while k < len(p) and p[k] != "]":
        k += 2 if p[k] == "\\" else 1
    return k


# The characters that matter when splitting a pattern at its top-level "|":
# an escape, a whole character class, a parenthesis or a bar. Scanning for
# just these (in C) keeps loading the big lexicons fast.
_ALT_TOKENS = _re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", _re.S)


@lru_cache(maxsize=None)
def _split_alts(p: str) -> tuple[str, ...]:
    out, depth, start = [], 0, 0
    for m in _ALT_TOKENS.finditer(p):
        c = m.group()
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(p[start:m.start()])
            start = m.end()
    out.append(p[start:])
    return tuple(out)


_SPACES = " \t\n\r\x0b\x0c\x85\u2028\u2029"  # what \s can match in normalised text (NFKC folds the rest)


def _prefixes_after(lit: str, options, need: int, depth: int) -> set[str] | None:
    """``lit`` followed by the prefixes of each option (the branches of a
    group or the characters of a class); just ``lit`` when a branch cannot
    be told."""
    out: set[str] = set()
    for o in options:
        r = _prefixes(o, need - len(lit), depth + 1)
        if r is None:
            return {lit} if lit else None
        out |= {lit + x for x in r}
    return out


@lru_cache(maxsize=None)
def _prefixes(p: str, need: int = 6, depth: int = 0) -> set[str] | None:
    """The literal prefixes (up to ``need`` characters) any match of ``p``
    must start with, or None when that cannot be told (the caller then
    tries the pattern everywhere). Six characters tell the terms apart well
    enough; eight made the prefix trie twice as big and slower to load."""
    if depth > 8:
        return None
    if p == "" or need <= 0:
        return {""}
    alts = _split_alts(p)
    if len(alts) > 1:
        out: set[str] = set()
        for a in alts:
            r = _prefixes(a, need, depth + 1)
            if r is None:
                return None
            out |= r
        return out
    lit, i = "", 0
    while i < len(p) and len(lit) < need:
        c = p[i]
        if c == "(":
            j = _close(p, i)
            head = p[i:j + 1]
            q = p[j + 1:j + 2]
            if head.startswith(("(?<=", "(?<!", "(?=", "(?!")):
                i = j + 1
                continue
            inner = head[3:-1] if head.startswith("(?:") else head[1:-1]
            if head.startswith("(?") and not head.startswith("(?:"):
                return None
            rest = p[j + 2:] if q in ("?", "*", "+") else p[j + 1:]
            if q == "{":
                return {lit} if lit else None
            if q in ("*", "+"):
                # a repeated group: what follows one repetition is unknown
                options = list(_split_alts(inner)) + ([rest] if q == "*" else [])
            else:
                options = [a + rest for a in _split_alts(inner)] + ([rest] if q == "?" else [])
            return _prefixes_after(lit, options, need, depth)
        if c == "[" or p.startswith("\\s", i):  # a class; a lone \s is the class of white space
            j = _class_end(p, i) if c == "[" else i + 1
            body = p[i + 1:j] if c == "[" else "\\s"
            q = p[j + 1:j + 2]
            if body == "\\s" and q not in ("+", "*", "{"):  # one space between two words: the prefix goes on
                rest = p[j + 2:] if q == "?" else p[j + 1:]
                opts = [ch + rest for ch in _SPACES] + ([rest] if q == "?" else [])
                return _prefixes_after(lit, opts, need, depth)
            if body.startswith("^") or "-" in body.strip("-") or "\\" in body.replace("\\\\", ""):
                if not body.replace("\\'", "").replace('\\"', "").replace("\\-", "") or "\\w" in body or "\\d" in body or "\\s" in body:
                    return {lit} if lit else None
            chars = set(body.replace("\\", ""))
            if "-" in body.strip("-") and len(body) > 2 and body[1] == "-":
                return {lit} if lit else None
            rest = p[j + 2:] if q in ("?", "*") else p[j + 1:]
            if q == "+" or q == "{":
                rest = ""
            opts = [ch + rest for ch in chars]
            if q in ("?", "*"):
                opts.append(rest)
            return _prefixes_after(lit, opts, need, depth)
        if c == "\\":
            n = p[i + 1:i + 2]
            if n in ("b", "B"):
                i += 2
                continue
            if n.isalpha() or n.isdigit():
                return {lit} if lit else None
            c, step = n, 2
        else:
            step = 1
            if c in ".^$":
                return {lit} if lit else None
        q = p[i + step:i + step + 1]
        if q in ("?", "*"):
            rest = p[i + step + 1:]
            a = _prefixes(c + rest, need - len(lit), depth + 1)
            b = _prefixes(rest, need - len(lit), depth + 1)
            if a is None or b is None:
                return {lit} if lit else None
            return {lit + x for x in a | b}
        lit += c
        i += step
        if q == "+" or q == "{":
            return {lit}
    return {lit}


# What ``_prefixes`` computes depends only on the pattern and on this file:
# kept between runs (core/precompiled.py), under a hash of this file.
_CODE_VERSION = precompiled.source_version(__file__)


def _term_prefixes(pat: str) -> set[str] | None:
    """``_prefixes(pat)``, None when it cannot be told or the pattern is
    malformed; read from the kept results when this file has not changed."""
    def compute():
        try:
            pre = _prefixes(pat)
        except ValueError:
            return {"p": None}
        return {"p": None if pre is None else sorted(pre)}
    got = precompiled.memo("prefixes", pat, compute, _CODE_VERSION)
    return None if got["p"] is None else set(got["p"])


def _trie_regex(keys) -> str:
    """One regex matching any of ``keys`` (literal strings), shaped as a
    trie so a position is rejected after a character or two."""
    trie: dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [_re.escape(ch) + build(node[ch]) for ch in sorted(c for c in node if c)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _score_split(entry: str, default: float) -> tuple[str, float]:
    """``"pattern @0.6"`` -> (pattern, 0.6)."""
    if " @" in entry:
        pat, _, sc = entry.rpartition(" @")
        try:
            return pat.strip(), float(sc)
        except ValueError:
            pass
    return entry.strip(), default


class Detector(BaseDetector):
    policy = "derogatory"
    name = "derogatory"

    def __init__(self, pack: Pack):
        super().__init__(pack)
        conf = pack.table("derogatory")
        self.threshold = float(conf.get("threshold", 0.5))
        self.contempt_boost = float(conf.get("contempt_boost", 0.15))
        self.target_boost = float(conf.get("target_boost", 0.1))
        # a list in context.toml, extended by ``<name>_more`` in another file of the pack
        words = lambda k: frozenset(w.lower() for w in (*conf.get(k, ()), *conf.get(k + "_more", ())))  # noqa: E731
        self.patient_nouns = words("patient_nouns")
        # nationals as a group ("these Ugandans are all ..."): people, patients unless a role says otherwise
        self.demonyms = words("demonyms")
        self.colleague_nouns = words("colleague_nouns")
        self.ambiguous_colleague = words("ambiguous_colleague")
        self.titles_patient = words("titles_patient")
        self.titles_colleague = words("titles_colleague")
        self.pronouns = words("pronouns")
        self.self_words = words("self_words")
        self.address = words("address")
        self.objects = words("objects")
        self.modifiers = words("modifiers")
        self.copulas = words("copulas")
        self.after_ok = words("after_ok")
        self.compound_nouns = words("compound_nouns")
        # a specialty or role word before a generic or insulting plural names
        # colleagues ("the gas men", "ortho guys", "triage monkeys")
        self.specialty_words = words("specialty_words") | self.colleague_nouns
        self.generic_heads = words("generic_heads")
        self.child_words = words("child_words")
        self.person_nouns = self.patient_nouns | self.colleague_nouns
        self.who = TargetResolver(pack.table("target") or {}, self.patient_nouns | self.titles_patient,
                                  self.colleague_nouns | self.titles_colleague, self.ambiguous_colleague)
        self.contempt = self._compile_any(conf.get("contempt", ()), "contempt", word=True)
        self.who.mocking = self.contempt
        frags = pack.table("fragments")  # {{name}} in terms, vetoes and requires
        self.requires = self.who.requires(self.rules, lambda p, f, r: self._compile(_fill(p, frags, r, f), f, r))
        for f in ("discussion_before", "discussion_after"):
            for p in conf.get(f, ()):
                self._compile(p, f)  # name a broken entry
        self.disc_before = self._compile_any(conf.get("discussion_before", ()), "discussion_before")
        self.disc_after = self._compile_any(conf.get("discussion_after", ()), "discussion_after")
        # a term in quotation marks in a sentence about words (issue 9, benign chat)
        self.quoted_meta = self._compile_any(conf.get("quoted_discussion", ()), "quoted_discussion")
        # a hedged label and the author's self-doubt after it, both in its sentence
        self.hedge_before = self._compile_any(conf.get("hedge_before", ()), "hedge_before")
        self.self_doubt_after = self._compile_any(conf.get("self_doubt_after", ()), "self_doubt_after")
        # real writing (issue 16) runs over sentences: the self-doubt may open
        # the next sentence ("She may have been a seeker. How was I to know?"),
        # and a group may be defended in the next one ("we all moan about the
        # X. However, I'm here to say they're not so bad")
        self.self_doubt_next = self._compile_any(conf.get("self_doubt_next", ()), "self_doubt_next")
        self.defended_next = self._compile_any(conf.get("defended_next", ()), "defended_next")
        # a label the passage then takes back ("the junkie everyone warned me
        # about actually had endocarditis", "I came to love him"): not with a
        # mocking cue anywhere in the message ("turned out fine lol")
        self.reversal_next = self._compile_any(conf.get("reversal_next", ()), "reversal_next")
        vocab = [w.lower() for w in conf.get("wildcard_vocab", ())]
        self.vocab_by_len: dict[int, list[str]] = {}
        for w in vocab:
            self.vocab_by_len.setdefault(len(w), []).append(w)
        self.vocab = frozenset(vocab)

        # Every term is compiled on its own and filed under the literal
        # prefixes (up to 3 characters) a match must start with; a message
        # whose word starts hit none of them costs one findall.
        self.terms: list[tuple] = []  # (compiled, rule, score, framed)
        self.by_prefix: dict[str, list[int]] = {}
        self.anywhere: list[int] = []  # terms with no literal prefix: tried at every word start
        adjectives: set[str] = set()
        for rule in self.rules:
            d = rule.data
            base = float(d.get("score", 0.85))
            fbase = float(d.get("framed_score", 0.7))
            terms = list(d.get("terms", ()))
            if d.get("terms_file"):
                terms += pack.word_list(d["terms_file"])
            fterms = list(d.get("framed", ()))
            if d.get("framed_file"):
                fterms += pack.word_list(d["framed_file"])
            for entries, default, is_framed in ((terms, base, False), (fterms, fbase, True)):
                for entry in entries:
                    pat, sc = _score_split(_fill(entry, frags, rule, "terms"), default)
                    # an optional space in a compound also allows a hyphen:
                    # "tik ?heads?" reads "tikhead", "tik head" and "tik-head"
                    pat = pat.replace(" ?", "[ -]?")
                    if sc <= 0:
                        continue
                    if not _REGEX_SPECIAL.search(pat):
                        rx = _Literal(pat)
                    else:
                        variants = _expand(pat)
                        rx = _Literals(variants) if variants else self._compile_term(pat, rule)
                    if is_framed and regex.fullmatch(r"[a-z]+", pat):
                        adjectives.add(pat)
                    k = len(self.terms)
                    self.terms.append((rx, rule, sc, is_framed))
                    pre = _term_prefixes(pat)
                    if not pre or any(not x for x in pre):
                        self.anywhere.append(k)
                        continue
                    for x in pre:
                        self.by_prefix.setdefault(x, []).append(k)
        self.key_lens = sorted({len(x) for x in self.by_prefix}, reverse=True)
        # zero-width, so that keys starting inside another key's match are seen too;
        # the group captures the longest key at the position (the trie is
        # deterministic and greedy), and every shorter key there is a prefix of it
        keys = sorted(self.by_prefix)
        trie = precompiled.memo("trie", precompiled.text_key(keys), lambda: _trie_regex(keys), _CODE_VERSION)
        self.prefilter = precompiled.compile(r"(?<![\w])(?=(" + trie + "))") if self.by_prefix else None
        # key -> the terms to try where it is the longest key: the groups of
        # its keyed prefixes, longest first, a term filed under several once
        self.cands: dict[str, tuple] = {}
        for key in self.by_prefix:
            groups = [g for n in self.key_lens if n <= len(key) and (g := self.by_prefix.get(key[:n]))]
            order = groups[0] if len(groups) == 1 else dict.fromkeys(k for g in groups for k in g)
            self.cands[key] = tuple(self.terms[k] for k in order)
        self.adjectives = frozenset(adjectives) | frozenset(
            {"old", "young", "little", "big", "fat", "lazy", "stupid", "useless", "new", "night", "day", "smelly",
             "dirty", "drunk", "crazy", "ugly", "miserable", "grumpy", "obese", "annoying", "demanding", "difficult"})
        self.vetoes = {}
        for rule in self.rules:
            v = rule.data.get("veto")
            if v:
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise rule.fail("veto", "must be a list of regex strings")
                self.vetoes[rule.id] = self._compile(
                    "|".join(f"(?:{_fill(x, frags, rule, 'veto')})" for x in v), "veto", rule)
        self.profanity_rule = next((r for r in self.rules if r.kind == "profanity"), None)
        self._more_discussion(conf)
        self._load_scorer(pack)

    def _load_scorer(self, pack: Pack) -> None:
        """The statistical scorer (issue 9 item 4; core/detectors/derog_scorer.py):
        its rule (``scorer = true``), weights file and threshold. Without the
        rule or the weights, the rules work alone."""
        self.scorer = None
        self.scorer_rule = next((r for r in self.rules if r.data.get("scorer")), None)
        if self.scorer_rule is None:
            return
        d = self.scorer_rule.data
        try:
            self.scorer = Scorer(pack.word_list(d.get("weights", "scorer")))
        except PolicyError:
            return
        self.scorer_th = float(d.get("threshold", 0.9))
        self.scorer_logit = math.log(self.scorer_th / (1.0 - self.scorer_th))
        self.scorer_max_chars = int(d.get("max_chars", 280))
        self.scorer_max_sentences = int(d.get("max_sentences", 3))
        self.scorer_max_words = int(d.get("max_words", 0))  # 0: no cap on a sentence's length
        self.scorer_pronouns = frozenset(d.get("pronouns", ("he", "she", "him", "her", "his", "hes", "he's", "shes", "she's",
                                                             "they", "them", "their", "theyre", "they're")))
        self.scorer_groups = frozenset(d.get("group_words", ()))
        # praise of a person ("the locum is a legend", "an absolute gem") is not contempt,
        # unless a mocking or sarcasm cue goes with it (issue 9: praise stays silent)
        self.scorer_praise = self._compile_any(d.get("praise", ()), "praise", word=True)
        self.scorer_sarcasm = self._compile_any(d.get("praise_sarcasm", ()), "praise_sarcasm", word=True)

    def _more_discussion(self, conf: dict) -> None:
        """More cues that a term is corrected, quoted or not about a person
        (issue 9): ``discussion_before_<any>`` / ``discussion_after_<any>`` in
        any file of the pack (``_more`` in catalogue.toml, ``_chat`` in
        chat_families.toml) extend the two discussion lists of context.toml;
        the same matching applies."""
        for f in ("discussion_before", "discussion_after"):
            more = []
            for key in sorted(k for k in conf if k.startswith(f + "_")):
                for p in conf[key]:
                    self._compile(p, key)  # name a broken entry
                    more.append(p)
            if not more:
                continue
            rx = self._compile_any(list(conf.get(f, ())) + more, f)
            if f == "discussion_before":
                self.disc_before = rx
            else:
                self.disc_after = rx

    # ------------------------------------------------------------------ build

    def _compile(self, pat: str, field: str, rule: Rule | None = None):
        try:  # the standard library compiles faster; regex where re cannot
            return precompiled.compile(pat)
        except _re.error:
            pass
        try:
            return regex.compile(pat, regex.V1)
        except regex.error as e:
            if rule is not None:
                raise rule.fail(field, f"bad regex {pat!r}: {e}") from None
            raise PolicyError(self.pack.root / "context.toml", None, field, f"bad regex {pat!r}: {e}") from None

    def _compile_term(self, pat: str, rule: Rule):
        """A term as a whole-word pattern. The standard library's ``re``
        compiles about three times faster than ``regex`` and matches the
        same here; terms that need ``regex`` (variable-length look-behinds)
        fall back to it, and its error names the rule."""
        full = rf"(?<![\w])(?:{pat})(?![\w])"
        try:
            # parsed (so a broken pack is still refused at load, naming the
            # rule), compiled on first use: most terms are never needed by
            # most messages, and compiling them all was half the load time
            # (a pattern that parsed once is known good: kept between runs)
            precompiled.memo("parses", full, lambda: (_parse(full), True)[1])
            return _LazyPattern(full)
        except _re.error:
            return self._compile(full, "terms", rule)

    def _compile_any(self, pats, field: str, word: bool = False):
        pats = [p for p in pats]
        if not pats:
            return None
        alt = "|".join(f"(?:{p})" for p in pats)
        if word:
            return self._compile(rf"(?<![\w])(?:{alt})(?![\w])", field)
        # a long list is searched at every position of a window: a lookahead
        # on its entries' literal prefixes rejects most positions at once
        # (same matches; see core/rxguard.py)
        return self._compile(guard(alt, min_prefixes=64), field)

    # ------------------------------------------------------------------ folding

    def fold(self, text: str) -> tuple[str, list[int] | None]:
        """Lower-case, de-leet, fill censored letters and join spaced letters.

        Returns the folded string and, when its length differs from
        ``text``, a map from each folded position (and one past the end) to
        a position in ``text``; ``None`` means positions are identical."""
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        chars = None
        for m in (_LEET_TOKEN.finditer(low) if _LEET_HINT.search(low) else ()):
            tok = m.group()
            letters = sum(map(str.isalpha, tok))
            others = len(tok) - letters
            if others == 0:
                continue
            if letters <= others and not self._leet_word(tok):
                continue  # mostly digits ("4m", "x3"): a word only when it reads as one ("f00l")
            for k, c in enumerate(tok):
                if c in _LEET:
                    if c == "@" and k == 0:
                        continue  # an @handle
                    if c in "!|" and (k == 0 or k == len(tok) - 1):
                        continue
                    if chars is None:
                        chars = list(low)
                    chars[m.start() + k] = _LEET[c]
        if "*" in low:
            chars = chars or list(low)
            cur = "".join(chars)
            for m in _STAR_TOKEN.finditer(cur):
                tok = m.group()
                if not any(c.isalpha() for c in tok):
                    continue
                for w in self.vocab_by_len.get(len(tok), ()):
                    if all(a == "*" or a == b for a, b in zip(tok, w)):
                        chars[m.start():m.end()] = list(w)
                        break
        s = "".join(chars) if chars is not None else low
        idx = None
        if _SPACED_HINT.search(s):
            out, idx = [], []
            pos = 0
            for m in _SPACED.finditer(s):
                if m.end() - m.start() > 40:  # longer than any word in the vocabulary
                    continue
                joined = _re.sub(r"[ .\-_]", "", m.group())
                joined = self.fold(joined)[0] if _LEET_HINT.search(joined) or "*" in joined else joined
                if joined not in self.vocab and joined.rstrip("s") not in self.vocab:
                    continue
                out.append(s[pos:m.start()])
                idx.extend(range(pos, m.start()))
                for k in range(m.start(), m.end()):
                    if s[k] not in " .-_":
                        idx.append(k)
                out.append(joined)
                pos = m.end()
            if out:
                out.append(s[pos:])
                idx.extend(range(pos, len(s) + 1))
                s = "".join(out)
            else:
                idx = None
        return s, idx

    def _leet_word(self, tok: str) -> bool:
        """Does ``tok`` read as a vocabulary word once de-leeted ("f00l")?"""
        if len(tok) < 4:
            return False
        w = "".join(_LEET.get(c, c) for c in tok)
        return w in self.vocab or w.rstrip("s") in self.vocab

    # ------------------------------------------------------------------ context

    def _discussed(self, before: str, after: str) -> bool:
        return bool(self.disc_before and self.disc_before.search(before)
                    or self.disc_after and self.disc_after.search(after))

    def _classify(self, toks: list[str], i: int, orig_case: list[bool], staff: frozenset[str]):
        """Class of the subject head at ``toks[i]``, walking left.

        Returns (status, target, how): status "person", "object" or "none";
        target "patient", "colleague" or None; how "role" (a role noun,
        title, handle or staff name), "pronoun", "name" (a capitalised word)
        or "name0" (a capitalised word opening the sentence: maybe a name,
        maybe just a capital)."""
        # a trailing prepositional phrase ("the nurse ON WARD 9", "pt IN BED 4");
        # a subject pronoun is no preposition's object ("terrified of her, SHE is ...")
        at_bed = False
        for k in (range(i, max(-1, i - 4), -1) if toks[i] not in ("he", "she", "they", "we", "i", "you") else ()):
            if toks[k] in _PREPS and k > 0:
                if toks[k] == "of" and toks[k - 1] in _QUANTIFIERS:
                    break  # "SOME OF these patients are vile": the head is after "of"
                # "the stroke IN 7", "oomie IN BED 2", "die ou IN KAMER 4": whoever lies in a bed is a patient
                tail = toks[k + 1:i + 1]
                at_bed = (toks[k] in ("in", "from") and bool(tail) and tail[-1].isdigit() and len(tail) <= 2
                          and (len(tail) == 1 or tail[0] in _BED_WORDS or tail[0] in _BED_WORDS_AF))
                i = k - 1
                break
        got = self._classify_head(toks, i, orig_case, staff)
        if got[0] == "none" and at_bed and i >= 0 and toks[i].isalpha() and toks[i] not in self.objects \
                and toks[i] not in self.child_words:
            return "person", "patient", "role"
        if at_bed and got[0] == "person" and got[1] is None and got[2] in ("name", "name0"):
            return "person", "patient", "role"  # "Thandi in bed 4", "the MI in 12": a patient, not a colleague
        return got

    def _classify_head(self, toks: list[str], i: int, orig_case: list[bool], staff: frozenset[str]):
        steps = 0
        while i >= 0 and steps < 4:
            t = toks[i].strip("'’")
            steps += 1
            if t in _ADVERBS and i > 0:
                i -= 1  # "the nurses HERE are lazy", "the reg TONIGHT is useless"
                continue
            if t.startswith("@") and len(t) > 1:
                return "person", "colleague", "role"
            if t in staff:
                return "person", "colleague", "role"
            if t in self.self_words:
                return "self", None, ""
            if t in self.ambiguous_colleague:
                if i + 1 < len(toks) and toks[i + 1] in ("are", "were", "r"):
                    return "person", "colleague", "role"  # "psych ARE useless": the people, not the place
                return "none", None, ""  # a department ("casualty is crazy tonight")
            if t in self.colleague_nouns:
                return "person", "colleague", "role"
            if t in self.generic_heads and i > 0 and toks[i - 1] in self.specialty_words:
                return "person", "colleague", "role"  # "the GAS MEN are ...", "ortho guys are back"
            if t in self.patient_nouns:
                return "person", "patient", "role"
            if t in self.address:
                return "person", "colleague", "pronoun"
            if t in self.pronouns:
                return "person", None, "pronoun"
            if _AGE_SEX.fullmatch(t):
                return "person", "patient", "role"
            if t.isdigit():
                if i > 0 and (toks[i - 1] in _BED_WORDS or toks[i - 1] in _RECORD_CUES):
                    return "person", "patient", "role"
                return "none", None, ""
            if t in self.objects or t in _BED_WORDS:
                return "object", None, ""
            if t in self.titles_colleague:
                return "person", "colleague", "role"
            if t in self.titles_patient:
                return "person", "patient", "role"
            if t.isalpha():
                prev = toks[i - 1] if i > 0 else ""
                if prev in self.titles_colleague:
                    return "person", "colleague", "role"
                if prev in self.titles_patient:
                    return "person", "patient", "role"
                if t in self.demonyms or t.endswith("s") and t[:-1] in self.demonyms:
                    return "person", "patient", "role"  # "these Ugandans are all ...": a group, not a name
                if orig_case[i] and len(t) > 1 and t not in self.modifiers:
                    return "person", None, "name" if i > 0 else "name0"
                if (i > 0 and orig_case[i - 1] and prev.isalpha() and prev not in self.modifiers and prev not in self.objects
                        and prev not in _DETERMINERS):  # "My memory is such a sieve": a capital, not a name
                    return "person", None, "name" if i > 1 else "name0"
            return "none", None, ""
        return "none", None, ""

    def _frame(self, fs: str, text: str, idx, s: int, e: int, lo: int, hi: int, verb: bool,
               staff: frozenset[str], need: bool):
        """Is the term at [s, e) said of a person? Returns (status, target,
        how, profane_start): see ``_classify``."""
        after = fs[e:hi]
        # a person-noun right after ("useless INTERN", "fat lazy GUY")
        pos, target = 0, None
        for _ in range(4):
            m = _WORD_AFTER.match(after, pos)
            if not m:
                break
            w = m.group(1)
            if w in self.person_nouns:
                m3 = _WORD_AFTER.match(after, m.end())
                if m3 and m3.group(1) in self.compound_nouns:
                    break  # "difficult family MEETING": not about the person
            if w in self.patient_nouns:
                return "person", "patient", "role", None
            if w in self.colleague_nouns:
                if w in self.ambiguous_colleague:
                    m2 = _WORD_AFTER.match(after, m.end())
                    if not (m2 and m2.group(1) in self.colleague_nouns):
                        break
                return "person", "colleague", "role", None
            if w in self.adjectives or w in ("old", "young", "little", "big"):
                pos = m.end()
                continue
            break
        if _LOCATION.match(after) or _BED_NUMBER.match(after):
            return "person", "patient", "role", None
        prev = _TOKEN.findall(fs[max(lo, s - 30):s])
        if prev and prev[-1] in self.specialty_words and fs[s:e].endswith("s") and not fs[s:e].endswith("ss") \
                and prev[-1] not in self.patient_nouns:
            return "person", "colleague", "role", None  # "ortho MONKEYS strike again", "triage CLOWNS"
        if _WARD_OF.search(fs, max(lo, s - 40), s):
            return "person", "patient", "role", None  # "a bay of ZOMBIES tonight", "ward full of vegetables"
        if need and not verb and not self._predicative(fs, lo, s):
            m = _WORD_AFTER.match(after)
            if m and m.group(1) not in self.after_ok and not m.group(1).isdigit():
                return "object", None, "", None  # attributive to a thing: "thick secretions"
            m = _COMMA_NOUN.match(after)
            if m and m.group(2) not in self.person_nouns and m.group(2) not in self.after_ok \
                    and m.group(1) not in self.after_ok:
                return "object", None, "", None  # "a massive, complicated BEAST" (the EHR)
        # the subject before
        before = fs[lo:s]
        toks, caps, ends = [], [], []
        for m in _TOKEN.finditer(before):
            toks.append(m.group())
            ends.append(m.end())
            o = m.start() + lo
            if idx is not None:
                o = idx[o]
            caps.append(text[o].isupper() if o < len(text) else False)
        i = len(toks) - 1
        profane_at = None
        linked = False  # a copula or contraction ties the term to its subject
        have = False
        if not verb:
            coord = False
            while i >= 0 and (toks[i] in self.modifiers or _PROFANE.fullmatch(toks[i]) or toks[i] in self.adjectives
                              or _STACKED.fullmatch(toks[i])  # "he was drunk, OBNOXIOUS", "fat hate-filled pigs"
                              # an adjective after an article or another modifier: "a NARCISSISTIC prick"
                              or (_ADJ_SHAPE.fullmatch(toks[i]) and i > 0 and toks[i - 1] in self.modifiers)):
                if _PROFANE.fullmatch(toks[i]) and toks[i] not in ("so",):
                    profane_at = i
                coord = coord or toks[i] in ("and", "or")
                i -= 1
            # a second predicate after a comma, with no subject of its own: "the uro guys are
            # back, CLUELESS as ever" takes the subject of the clause before the comma
            coord = coord or (i >= 0 and "," in before[ends[i]:])
            if coord and i >= 0 and toks[i] not in self.copulas:
                # the second of two predicates ("she's a hopeless case AND a
                # liar"): the subject is the first one's
                for k in range(i - 1, max(-1, i - 6), -1):
                    if toks[k] in self.copulas or _CONTRACTED.search(toks[k]) or toks[k] in _CONTRACTED_BARE:
                        i = k
                        break
            if i >= 0 and toks[i] in self.copulas:
                if toks[i] == "being" and i > 0 and toks[i - 1] in ("stop", "quit"):
                    return "person", "colleague", "pronoun", None
                have = toks[i] in ("got", "gets", "getting")  # "I've GOT a moron as my reg": having, not being
                i -= 1
                linked = True
                for _ in range(2):  # "bed 12 HAS BEEN a vegetable", "the surgeons ARE BEHAVING like kids"
                    if i > 0 and (toks[i] in self.copulas or toks[i] in ("has", "have", "had")):
                        i -= 1
            elif i >= 0 and _CONTRACTED.search(toks[i]):
                toks[i] = _CONTRACTED.sub("", toks[i])
                linked = True
            elif i >= 0 and toks[i] in _CONTRACTED_BARE:
                linked = True
        elif i >= 0 and toks[i] in self.copulas and i > 0:
            i -= 1  # a predicate after a copula: "the locum IS always hungover"
            linked = True
        if i < 0:
            return "none", None, "", None
        if toks[i] in _SELF_VERBS and (i > 0 and toks[i - 1] in self.self_words
                                       or i == 0 and toks[i] in ("went", "gone", "going")):
            return "self", None, "", None  # "I FEEL like such an idiot", "(I) went full psycho on the filing"
        status, target, how = self._classify(toks, i, caps, staff)
        if status == "self" and linked and have:
            status, target, how = "none", None, ""
        if status == "self" and toks[i] in ("us", "me") and (not linked or toks[i + 1:i + 2] in (["is"], ["was"])):
            # "what gets ME IS your stupidity": "me" before "is" is an object
            # an object, not the subject: "peds sent US an FLK"
            status, target, how = "none", None, ""
        if profane_at is not None:
            # where the swear word starts, for the profanity rule's span
            m = list(_TOKEN.finditer(before))[profane_at]
            profane_at = m.start() + lo
        return status, target, how, profane_at

    @staticmethod
    def _mentioned(fs: str, hits: list[tuple], bounds: list[int]) -> set[int]:
        """Starts of hits that are mentioned rather than used: glossary heads,
        "=" definitions and lists of labels (see ``_GLOSS_HEAD``)."""
        out: set[int] = set()
        longest: dict[int, int] = {}
        for h in hits:
            longest[h[0]] = max(longest.get(h[0], 0), h[1])
        starts, last = [], -1
        for s0 in sorted(longest):
            if s0 >= last:  # a hit inside a longer one ("crack" in "crackhead") is not a list item
                starts.append((s0, longest[s0]))
                last = longest[s0]
        for j in range(len(bounds) - 1):
            lo, hi = bounds[j], bounds[j + 1]
            inside = [(s, e) for s, e in starts if lo <= s < hi]
            if not inside:
                continue
            inside_all = [h[0] for h in hits if lo <= h[0] < hi]
            m = _GLOSS_HEAD.match(fs, lo, hi)
            if m:
                d = _GLOSS_DEF.match(fs, m.end(), hi)
                head = any(s < m.start("sep") for s, _ in inside)
                # "DSB: Drug-Seeking Behavior, used to describe ...": the head
                # is an abbreviation and the term its expansion
                if (head and (m.group("sep") == "=" or d)) or (d and d.group().rstrip().endswith(
                        ("describe", "identify", "refer", "label", "denote", "mean", "means", "to"))):
                    out.update(inside_all)
                    continue
            # a list of labels: after a colon, "e.g.", "such as" or "like", three
            # or more short items joined only by commas / "and" / "or", two of
            # them labels ("RELATED: alcoholic, crackhead, druggie, doper, ...")
            for mi in _LIST_INTRO_ANY.finditer(fs, lo, inside[-1][0] + 1):
                end = _LIST_END.search(fs, mi.end(), hi)
                stop = end.start() if end else hi
                items = [x for x in _LIST_SEP.split(fs[mi.end():stop]) if x.strip()]
                if len(items) < 3 or any(len(x.split()) > 3 for x in items[:-1]):  # the last runs on into the sentence
                    continue
                got = [x for x in inside_all if mi.end() <= x < stop]
                if len({x for x, _ in inside if mi.end() <= x < stop}) >= 2:
                    out.update(got)
        return out

    def _staff_agent(self, fs: str, lo: int, s: int, staff: frozenset[str]) -> bool:
        """Is the subject right before a patient-label verb at ``s`` the
        author or a colleague ("the consultant rightly refused him", "I
        refused her the extra dose", "we flatly refused")? Adverbs and
        "then" / "also" / "just" between them are skipped."""
        toks = _TOKEN.findall(fs[max(lo, s - 60):s])
        k = len(toks) - 1
        while k >= 0 and (toks[k].endswith("ly") or toks[k] in _ADVERBS or toks[k] in ("then", "just", "also", "even",
                                                                                          "still", "all", "both")):
            k -= 1
        if k < 0:
            return False
        t = toks[k].strip("'’")
        return (t in self.self_words or t in staff or t.startswith("@") or t in self.titles_colleague
                or (t in self.colleague_nouns and t not in self.ambiguous_colleague))

    def _predicative(self, fs: str, lo: int, s: int) -> bool:
        """Is the adjective at ``s`` a predicate ("Anusha IS thick seriuosly")?
        Then the word after it is not a noun it describes; "is A thick ..."
        (an article) stays attributive."""
        toks = _TOKEN.findall(fs[max(lo, s - 40):s])
        k = len(toks) - 1
        while k >= 0 and toks[k] in self.modifiers and toks[k] not in ("a", "an", "the", "one"):
            k -= 1
        return k >= 0 and (toks[k] in ("is", "are", "was", "were", "r", "iz") or bool(_CONTRACTED.search(toks[k]))
                           or toks[k] in _CONTRACTED_BARE)

    def _nearest_target(self, fs: str, s: int, lo: int, hi: int, staff: frozenset[str]):
        toks = _TOKEN.findall(fs[lo:s])[-12:]
        for k in range(len(toks) - 1, -1, -1):
            t = toks[k]
            if t in self.ambiguous_colleague:
                continue  # a department is a place here, not a person
            if t.startswith("@") or t in staff or t in self.colleague_nouns or t in self.titles_colleague:
                return "colleague"
            if t in self.patient_nouns or t in self.titles_patient or t in _BED_WORDS or _AGE_SEX.fullmatch(t):
                return "patient"
        for t in _TOKEN.findall(fs[s:hi])[:8]:
            if t in self.ambiguous_colleague:
                continue
            if t.startswith("@") or t in staff or t in self.colleague_nouns or t in self.titles_colleague:
                return "colleague"
            if t in self.patient_nouns or t in self.titles_patient or t in _BED_WORDS or _AGE_SEX.fullmatch(t):
                return "patient"
        return None

    # ------------------------------------------------------------------ detect

    def _starts(self, fs: str):
        """Each position in ``fs`` where a term may start, with the terms to try there."""
        if self.anywhere:
            terms, get, lens, anywhere = self.terms, self.by_prefix.get, self.key_lens, self.anywhere
            for m in _STARTS.finditer(fs):
                p = m.start()
                groups = [g for n in lens if (g := get(fs[p:p + n]))]
                # a term filed under several prefixes (of different lengths) is tried once
                yield p, [terms[k] for k in dict.fromkeys(k for g in (*groups, anywhere) for k in g)]
        elif self.prefilter is not None:
            cands = self.cands  # one pass: each position where a key starts, with its candidates
            for m in self.prefilter.finditer(fs):
                yield m.start(), cands[m.group(1)]

    def _hits(self, fs: str) -> list[tuple]:
        """Every (start, end, rule, score, framed) term match in ``fs``."""
        hits = []
        for n, (p, cands) in enumerate(self._starts(fs)):
            if n >= _MAX_STARTS:
                break
            for rx, rule, sc, framed in cands:
                mm = rx.match(fs, p)
                if mm and mm.end() > p:
                    hits.append((p, mm.end(), rule, sc, framed))
            if len(hits) >= _MAX_HITS:
                break
        return hits

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]):
        if not self.terms:
            return ()
        text = doc.text
        fs, idx = self.fold(text)
        hits = self._hits(fs)
        if not hits:
            return self._score(doc, fs, idx, ctx) if self.scorer is not None else ()
        staff = frozenset(n.lower() for n in ctx.staff_names) if ctx.staff_names else frozenset()
        for n in list(staff):
            if " " in n:
                staff |= frozenset(n.split())
        bounds = [0] + [m.end() for m in _SENT_END.finditer(fs)] + [len(fs)]
        nb = len(bounds)
        contempt = None  # looked up only when a weak candidate needs it
        cands = []
        mentioned = self._mentioned(fs, hits, bounds) if len(hits) > 0 and (":" in fs or "=" in fs or "," in fs) else ()
        for s, e, rule, base, framed in hits:
            if s in mentioned:
                continue
            j = bisect_right(bounds, s) - 1
            lo = bounds[j]
            k = bisect_left(bounds, e)
            hi = min(bounds[k] if k < nb else len(fs), e + 150)
            lo = max(lo, s - 120)
            if self._discussed(fs[lo:s], fs[e:hi]):
                continue
            if self.quoted_meta is not None and _in_quotes(fs, s, e, lo, hi) \
                    and self.quoted_meta.search(fs, *((0, len(fs)) if len(fs) <= _QUOTE_MESSAGE else (lo, hi))):
                continue  # "'drug seeker' harms care", '"junkie" is a slur': the quoted word is the topic
            if (self.hedge_before is not None and self.self_doubt_after is not None
                    and self.hedge_before.search(fs[lo:s]) and (
                        self.self_doubt_after.search(fs[e:hi])
                        or self.self_doubt_next is not None and self.self_doubt_next.match(fs, e, min(len(fs), e + 200)))):
                continue  # "she may have been a seeker, how was I to know?"
            if self.defended_next is not None and self.defended_next.match(fs, e, min(len(fs), e + 250)):
                continue  # "we all moan about the X. However, they're not so bad"
            if self.reversal_next is not None and self.reversal_next.match(fs, e, min(len(fs), e + 250)):
                if contempt is None:
                    contempt = bool(self.contempt and self.contempt.search(fs))
                if not contempt:
                    continue  # "written off as a junkie; he actually had endocarditis"
            subj = rule.data.get("subject")
            verb = bool(rule.data.get("verb"))
            veto = self.vetoes.get(rule.id)
            if veto is not None and veto.search(fs, lo, hi):
                continue
            need_rx = self.requires.get(rule.id)
            if need_rx is not None and not need_rx.search(fs, lo, hi):
                continue
            if rule.data.get("agent") == "patient" and self._staff_agent(fs, lo, s, staff):
                continue  # "the consultant rightly REFUSED him", "I refused her the dose": staff act, not a patient label
            status, target, how, prof = self._frame(fs, text, idx, s, e, lo, hi, verb, staff, framed)
            inside = bool(rule.data.get("object_in_term"))  # "I hope HE chokes": the author is not the target
            if status == "self" and not inside:
                continue  # self-deprecation: "I'm such an idiot"
            who = self.who.who(fs, s, e, lo, hi, text=text, idx=idx)
            if who in ("outside", "distress", "care", "verb") or (who == "self" and not inside):
                continue  # the author, or someone outside the clinical setting
            if target is None and how == "pronoun" and status == "person":
                target = self.who.earlier(fs, s, s, staff)  # "surgeons throw tantrums ... THEY act like children"
            ok = status == "person"
            if framed and not ok and subj != "patient":
                continue
            if subj == "colleague" and not (ok and (target == "colleague" or how == "name")):
                continue
            if subj == "person" and not (ok and target != "patient" and how != "name0"):
                continue
            if subj == "patient" and (status == "object" or target == "colleague"):
                continue
            score = base
            if ok:
                score += self.target_boost
            if score < self.threshold:
                if contempt is None:
                    contempt = bool(self.contempt and self.contempt.search(fs))
                if contempt:
                    score += self.contempt_boost
            if score < self.threshold:
                continue
            if not inside:
                target = self.who.relative(fs, lo, s) or target  # "the reg who saw the pt is an idiot"
            if target is None and inside:
                target = self.who.earlier(fs, s, e, staff)
            if target is None:
                if rule.target in ("patient", "colleague"):
                    target = rule.target  # the label itself says who it is about
                elif how in ("name", "name0"):
                    # a first name: a patient only with a patient cue before
                    # it ("bed 4 Thandi is ..."); otherwise a colleague
                    target = self._nearest_target(fs, s, lo, s, staff) or "colleague"
                else:
                    target = self._nearest_target(fs, s, lo, hi, staff) or rule.target
            if subj in ("colleague", "person") or (rule.data.get("target_fixed") and rule.target == "colleague"):
                target = "colleague"  # target_fixed: the term names a colleague itself ("ortho monkeys", "BEE registrar")
            if target not in ("patient", "colleague"):
                target = self.who.earlier(fs, s, e, staff) or rule.data.get("default_target") or target
            use = rule
            if prof is not None and self.profanity_rule is not None and rule.kind in ("insult", "contempt"):
                use, s = self.profanity_rule, prof
            cands.append((score, e - s, s, e, use, target))
        if not cands:
            return ()  # a lexicon term the rules set aside (the author, a thing, a discussion): the scorer stays out
        cands.sort(key=lambda c: (-c[0], -c[1], c[2]))
        kept = []
        for c in cands:
            if all(c[3] <= k[2] or c[2] >= k[3] for k in kept):
                kept.append(c)
        out = []
        for score, _, s, e, rule, target in sorted(kept, key=lambda c: c[2]):
            if idx is not None:
                s, e = idx[s], idx[e - 1] + 1
            out.append(finding(rule, doc, s, e, min(score, 1.0), target=target))
        return out

    # ------------------------------------------------------------------ scorer

    def scorer_target(self, fs: str, lo: int, hi: int, staff: frozenset[str] = frozenset()):
        """Who the sentence ``fs[lo:hi]`` is about, for the scorer: the first
        role word, staff name, @handle, bed or patient word in it (the
        subject, most often), else a third-person pronoun or a group word (a
        patient unless an earlier sentence names a colleague); None when the
        sentence names no person, or the target resolver puts the remark on
        the author, someone outside the clinical setting, or a bereaved
        family's distress."""
        ref = None
        thing = False  # a thing named before a plural pronoun
        quoted = [(q.start(), q.end()) for q in _QUOTATION.finditer(fs, lo, hi)]
        for m in _TOKEN.finditer(fs, lo, hi):
            t = m.group()
            if t in self.ambiguous_colleague:
                continue
            if quoted and any(a < m.start() < b for a, b in quoted):
                continue  # inside someone's words quoted ("nurses these days are so mean," they say): mentioned, not used
            if t.startswith("@") or t in staff or t in self.colleague_nouns or t in self.titles_colleague:
                ref = (m.start(), m.end(), "colleague")
                break
            if (t in self.patient_nouns or t in self.titles_patient or t in _BED_WORDS or _AGE_SEX.fullmatch(t)
                    or t in self.scorer_groups):
                ref = (m.start(), m.end(), "patient")
                break
            if t in self.scorer_pronouns and ref is None:
                if thing and t in _PLURAL_PRONOUNS:
                    continue  # "the cheapest gloves ... and they tear": they are the things
                ref = (m.start(), m.end(), None)
            elif t in self.objects and t not in _DEICTIC and ref is None:
                thing = True
        if ref is None:
            return None
        s, e, target = ref
        who = self.who.who(fs, s, e, lo, hi)
        if who is not None:
            return None  # self, outside, distress, care, verb
        if target is None:
            target = self.who.earlier(fs, lo, lo, staff) or "patient"
        return target

    def scorer_sentences(self, fs: str, staff: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
        """The sentences of a chat-length message the scorer may report, with
        their target: (lo, hi, target); empty for a long message, one with a
        discussion or correction cue, or one that names no patient or
        colleague. Whatever the score (benchmarks/derog_scorer_fit.py uses it
        to measure the scorer with this gate)."""
        if len(fs) > self.scorer_max_chars:
            return []
        if self.disc_before is not None and self.disc_before.search(fs) or (
                self.disc_after is not None and self.disc_after.search(fs)):
            return []
        bounds = [0] + [m.end() for m in _SENT_END.finditer(fs)] + [len(fs)]
        sents = [(bounds[j], bounds[j + 1]) for j in range(len(bounds) - 1) if fs[bounds[j]:bounds[j + 1]].strip()]
        if len(sents) > self.scorer_max_sentences:
            return []
        out = []
        for lo, hi in sents:
            if self.scorer_max_words and len(_TOKEN.findall(fs, lo, hi)) > self.scorer_max_words:
                continue  # long, composed prose ("patients go back to their GP when ..."), not chat
            target = self.scorer_target(fs, lo, hi, staff)
            if target is not None:
                out.append((lo, hi, target))
        return out

    def _score(self, doc: Doc, fs: str, idx, ctx: Context):
        """A finding from the scorer: the message's probability reaches the
        rule's threshold and a sentence of it names a patient or colleague
        (``scorer_sentences``); the span is the best-scoring such sentence."""
        if self.scorer_rule.id in ctx.disabled_rules or len(fs) > self.scorer_max_chars:
            return ()
        if self.scorer.logit(fs) < self.scorer_logit:
            return ()
        if self.scorer_praise is not None and self.scorer_praise.search(fs) \
                and not (self.contempt is not None and self.contempt.search(fs)) \
                and not (self.scorer_sarcasm is not None and self.scorer_sarcasm.search(fs)):
            return ()  # "that gentleman in 3A is an absolute gem, thanked every nurse by name"
        staff = frozenset(n.lower() for n in ctx.staff_names) if ctx.staff_names else frozenset()
        sents = self.scorer_sentences(fs, staff)
        if not sents:
            return ()
        if len(sents) > 1:
            sents.sort(key=lambda b: -self.scorer.logit(fs[b[0]:b[1]]))
        lo, hi, target = sents[0]
        while lo < hi and fs[lo].isspace():
            lo += 1
        while hi > lo and fs[hi - 1].isspace():
            hi -= 1
        s, e = (idx[lo], idx[hi - 1] + 1) if idx is not None else (lo, hi)
        return [finding(self.scorer_rule, doc, s, e, min(1.0, self.scorer.prob(fs)), target=target)]
