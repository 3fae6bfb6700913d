"""Detector family: patients named at the head of an entry (issue 9).

Clinicians list patients without any cue word: a line, a bullet or numbered
item, a "/"-, ","- or ";"-separated item, or the head of the message that
BEGINS with a name-like run and goes on with CLINICAL CONTENT::

    Cases for Tuesday            Dlamini 4 / Botha 6 / Pillay 9 - all for d/c
    Thandeka Zulu - TKR          Lerato Mahlangu 3/7 post hemicolectomy
    Pieter Nel - ORIF wrist      • Kagiso (11) needs 2nd dose abx at 02:00

This module is additive to ``names``: it runs after it (the checker's
``resolve`` keeps one of two overlapping person_name spans) and reuses its
tokeniser and name lists. Everything it knows is data in
``policies/identifiers/entries.toml`` and the ``entries_*.txt`` lists.

One pass per message:

1. Bail out early: a cheap regex over the entry heads (message start, line
   starts, bullets, separators); unless one head word could be a name, stop.
2. Tokenise; cut each line into entries (the line head after a bullet or a
   number, then items after "/", ";", ",", ":", " - ", "and").
3. Parse the head of each entry as a name: a full name, ``SURNAME Given``,
   ``Surname, Given``, initial + surname, surname + initial, or one name
   (optionally after Mr/Mrs/Ms); score its *name-likeness* from the name
   lists (an ordinary English word counts against).
4. Score the *clinical content* of the entry's tail: a bed/bay/room or a
   bracketed number, a clinic time, an age-sex, a post-op day or gestation
   ("3/7", "38/40"), a lab value, a clinical term, procedure or drug, a
   patient's act or state. A dose right after the word ("Augmentin 1g"),
   an eponym noun ("Addison crisis"), a staff title, an @handle, the
   workspace's staff, second person, rota and work words, a clinician's act
   ("X reviewed ...") or another patient named in the tail ("the lady in 4")
   veto.
5. Parallel entries reinforce each other (siblings on one line or in one
   block of lines), a bullet counts a little, a patient-list heading counts,
   a staff heading vetoes the block.
6. Report an entry whose name-likeness > 0, clinical content > 0 and total
   >= ``threshold``.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError
from .base import BaseDetector, cue_reader, finding, list_words, lower_set
from .names import (AFRICAN_SHAPE, AGE_SEX, BASE, D, E, INITIAL, KIND, LINE, LOW, LOWER, MIXED, N, P, POSS, S,
                    SHAPE, TEXT, TITLE, UPPER, W, tokenise)

# The first word of each possible entry: message start, line start, after a
# bullet / number / separator. Used only to decide whether to look further.
SPLIT = re.compile(r"[\n/;,:|\u2022*)]|\s[-\u2014\u2013]\s|\s(?:and|&)\s")
LEAD = " \t-*\u2022\u00b7>(\u2014\u2013"
NUMBERING = re.compile(r"\d{1,2}[.)]?\s+")
TRAIL = ".'\"!?-"
FRACTION = re.compile(r"^\d{1,2}/(?:7|12|52|40)$")
DOSE = re.compile(r"^\d+(?:[.,]\d+)?(?:mg|g|gm|ml|mcg|ug|iu|u|units?|mmol|l|mls|cc|%|x)$", re.I)
_ERRAND_DETERMINERS = frozenset({"the", "a", "an", "my", "your", "our", "his", "her", "their", "this", "that", "some"})
SHORT_NUM = re.compile(r"^\d{1,2}[a-z]?$", re.I)
# A reference in the Vancouver style: two or more authors as "Surname I" (or "Surname IJ"), or "et al",
# a full stop, a capitalised title ending in a full stop, and a year ("Mbeki S, Dube T. Hypertension in
# rural KZN. SAMJ 2018")
CITATION = re.compile(r"(?<![\w-])(?-i:[A-Z][a-z'\-]+(?: [a-z]{1,3})?(?: [A-Z][a-z'\-]+)? [A-Z]{1,3})"
                      r"(?:(?:, (?-i:[A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+)? [A-Z]{1,3})){1,8}(?:,? et al)?|,? et al)\.(?=\s+(?-i:[A-Z])[^.\n]{8,150}\.\s*[^\n]{0,80}?\b(?:19|20)\d\d\b)")
CITING_VERBS = frozenset(("found", "finds", "showed", "shows", "shown", "reported", "reports", "demonstrated", "demonstrates",
                          "suggested", "suggests", "concluded", "concludes", "argued", "argues", "described", "describes",
                          "noted", "notes", "proposed", "recommended", "recommends", "observed", "wrote", "published",
                          "studied", "compared", "reviewed", "trial", "study", "paper", "review", "guideline", "guidelines"))
CITED_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)[a-z]?$")  # "(2017)", "(2019a)": a publication year
TWO_DIGITS = re.compile(r"^\d{2}$")
POD = re.compile(r"^(?:d|pod|day)\d{1,2}$", re.I)
VALUE = re.compile(r"^\d+(?:[.,]\d+)?%?$")
BULLETS = frozenset("-*\u2022\u00b7>+#")
SEPARATORS = frozenset("/;,:|")


class Detector(BaseDetector):
    policy = "identifiers"
    name = "entries"

    def __init__(self, pack: Pack):
        super().__init__(pack)
        self.enabled = bool(self.rules)
        self.rule = self.rules[0] if self.rules else None
        cfg = pack.table("entries")
        st = cfg.get("settings", {})
        self.threshold = float(st.get("threshold", 3.5))
        self.max_tail = int(st.get("max_tail", 12))
        self.w = {k: float(v) for k, v in cfg.get("weights", {}).items()}
        cue = cue_reader(pack, "entries")

        def words(name):
            return list_words(pack, name)

        def phrases(name):
            return lower_set(" ".join(line.lower().split()) for line in pack.word_list(name))

        self.titles = cue("titles")
        self.staff_titles = cue("staff_titles")
        # a staff role in apposition right after the name ("X (ortho reg) will see", "X, our new physio,"):
        # the names detector's list, so the two detectors read a colleague alike
        self.roles_after = cue_reader(pack, "names")("roles_after")
        self.particles = cue("particles")
        self.place_words = cue("place_words")
        self.staff_places = cue("staff_places")
        self.day_words = cue("day_words")
        self.second_person = cue("second_person")
        self.third_person = cue("third_person")
        self.vocative = cue("vocative")
        self.greetings = cue("greetings")
        self.clinician_acts = cue("clinician_acts")
        self.patient_nouns = cue("patient_nouns")
        self.determiners = cue("determiners")
        self.patient_headings = cue("patient_headings")
        self.staff_headings = cue("staff_headings")
        self.handover_heads = cue("handover_heads")
        self.handover_team = cue("handover_team") | self.day_words
        self.lab_tests = cue("lab_tests")
        self.eponym_nouns = cue("eponym_nouns")
        self.weak_acts = cue("weak_acts")
        self.owned = cue("owned")
        self.colleague = phrases("entries_colleague")
        self.colleague_words = frozenset(p for p in self.colleague if " " not in p)
        self.colleague_pairs = frozenset(p for p in self.colleague if p.count(" ") == 1)
        self.units = cue("units")
        # a ward or unit alone says where someone works as often as where a patient lies
        self.clinical = (words("entries_clinical") | words("names_clinical_terms")) - self.units
        self.acts = words("entries_acts")
        self.sentence_verbs = cue("sentence_verbs")
        self.placement_stop = cue("placement_stop")
        self.not_names = self.colleague_words | self.staff_headings | words("entries_not") | words("names_not") | words("names_function_words") \
            | words("names_clinical_terms") | words("entries_clinical") | self.titles | self.staff_titles \
            | self.day_words | self.place_words | self.greetings
        census = lower_set(pack.word_list("names_first_census"))
        africa_first = lower_set(pack.word_list("names_first_africa"))
        self.first = census | africa_first | lower_set(pack.word_list("names_first_intl"))
        self.sur = lower_set(pack.word_list("names_surnames_census")) | lower_set(pack.word_list("names_surnames_africa"))
        self.africa = africa_first | lower_set(pack.word_list("names_surnames_africa"))
        self.reliable = census | africa_first | self.sur
        self.given = census | africa_first
        self.english = lower_set(pack.word_list("names_english_words"))
        try:
            places = lower_set(pack.word_list("places"))
        except PolicyError:
            places = frozenset()
        hospitals = frozenset(" ".join(h.split()) for h in lower_set(pack.word_list("names_hospitals")))
        self.places = frozenset(p for p in places if " " not in p) | frozenset(h for h in hospitals if " " not in h)
        self.places_multi = frozenset(" ".join(p.split()) for p in places | hospitals if " " in p)
        self.eponyms = list_words(pack, "names_eponyms")
        listed = self.reliable | self.africa
        self.weak_heads = (listed & self.english) - self.not_names
        self.head_ok = ((listed - self.english) | (listed & self.africa)) - self.not_names
        self.quick_veto = self.sentence_verbs | self.second_person | self.colleague_words
        self._staff_cache: tuple[frozenset, frozenset] | None = None

    # ------------------------------------------------------------------ helpers

    def _staff_tokens(self, staff: frozenset) -> frozenset:
        if not staff:
            return frozenset()
        c = self._staff_cache
        if c is not None and c[0] is staff:
            return c[1]
        out = frozenset(w.lower() for n in staff for w in re.findall(r"[^\W\d_]+", n)
                        if len(w) > 1 and w.lower() not in self.titles and w.lower() not in self.staff_titles)
        self._staff_cache = (staff, out)
        return out

    def _worth(self, text: str) -> bool:
        """Could any entry head be a name? (cheap: one regex, set look-ups)"""
        ok = self.head_ok
        titles = self.titles
        for piece in SPLIT.split(text):
            piece = piece.lstrip(LEAD)
            if piece and not piece[0].isascii() and not piece[0].isalpha():
                piece = piece.lstrip(LEAD + piece[0])  # an emoji bullet
            if piece[:1].isdigit():
                m = NUMBERING.match(piece)
                if m is None:
                    continue
                piece = piece[m.end():]
            ws = piece.split(None, 3)
            if not ws:
                continue
            if ws[0].lower() in self.particles:  # "van der Merwe bed 12"
                ws = piece.split(None, 4)
                while len(ws) > 1 and ws[0].lower() in self.particles:
                    ws = ws[1:]
            w = ws[0].rstrip(TRAIL).lower()
            if w in self.staff_titles:
                continue  # "Sister X ...", "Dr X ..."
            if w in titles and len(ws) > 1:
                w = ws[1].rstrip(TRAIL).lower()
            if self._head_worth(w, ws, ok) and not self._sentence_after(ws, ok):
                return True
        return False

    def _sentence_after(self, ws, ok) -> bool:
        """A verb, "you" or a rota word right after the name: "Kobus is off sick", "X you're a legend"."""
        k = 1
        if len(ws) > 2 and ws[1][:1].isupper() or len(ws) > 1 and ws[1].lower() in ok:
            k = 2
        if k >= len(ws):
            return False
        nx = ws[k].strip(TRAIL + ",:").lower()
        return nx in self.quick_veto

    def _head_worth(self, w, ws, ok) -> bool:
        """Could the first words of a piece (``ws``) be a name?"""
        if w in ok:
            return True
        if len(ws) > 1:
            w1 = ws[1].strip(TRAIL + ".,:")
            l1 = w1.lower()
            plain = w.isalpha() and w not in self.english and w not in self.not_names
            if l1 in ok and (ws[0][:1].isupper() or plain):
                return True  # "Tawfeeq Isaacs ...", "A Mkhize ...", "xolisile isaacs ..."
            if plain and ws[0][:1].isupper() and w1[:1].isupper() and w1.isalpha() \
                    and l1 not in self.english and l1 not in self.not_names:
                return True  # two capitalised words in no list: "Tashreeq Shirindza"
            if plain and ws[0].isupper() and len(w1) == 1 and w1.isalpha():
                return True  # "KARIUKI T"
            if ws[0][:1].isupper() and w.replace("'", "").isalpha() and w not in self.english \
                    and w not in self.not_names and (w1[:1] == "(" or l1 in self.place_words):
                return True  # "Waseema (b25)", "O'Brien bay 3"
            if len(w) == 1 and w not in "ai" and w1[:1].isupper() and w1.isalpha() \
                    and l1 not in self.english and l1 not in self.not_names:
                return True  # "A Jonker"
            if w in self.weak_heads and (l1 in self.place_words or w1[:1].isdigit() or w1[:1] == "("):
                return True  # "Smith rm 26", "Moore 8"
        if len(w) == 1:  # an initial before a surname: "T Mthembu", "t. mthembu"
            if w not in "ai" and w.isalpha() and len(ws) > 1 and ws[1].strip(TRAIL + ".").lower() in ok:
                return True
        elif w.isalpha() and w not in self.english and w not in self.not_names and AFRICAN_SHAPE.match(w):
            return True
        return False

    def _listed(self, b: str) -> bool:
        return b in self.reliable or b in self.africa or (b not in self.english and b in self.first)

    def _english(self, b: str) -> bool:
        return b in self.english and b not in self.africa

    def _word_ok(self, t: tuple) -> bool:
        """Can this word be part of a name at an entry head?"""
        b = t[BASE]
        sh = t[SHAPE]
        if sh == INITIAL:
            return not t[POSS]
        if t[POSS] or b in self.not_names:
            return False
        if len(b) < 2:
            return False
        if b in self.places and not self._listed(b):
            return False
        if sh in (TITLE, MIXED):
            return True
        if sh == UPPER:
            return self._listed(b) and not self._english(b)
        # lower case: a listed name or a Southern African shape, not an English word
        if self._english(b):
            return False
        return self._listed(b) or bool(AFRICAN_SHAPE.match(b))

    def _lower_pair(self, t, nx) -> bool:
        """Two lower-case words that read as given name + surname: one of them listed
        (not an English word), the other not a clinical or function word."""
        if nx[SHAPE] != LOWER or nx[POSS] or len(t[BASE]) < 3 or len(nx[BASE]) < 3:
            return False
        a, b = t[BASE], nx[BASE]
        if a in self.not_names or b in self.not_names:
            return False
        a_first = a in self.first and not self._english(a) or a in self.africa
        b_sur = (b in self.sur or b in self.africa) and not self._english(b)
        if b_sur:
            return not self._english(a) or self._listed(a)
        if a_first:
            return not self._english(b) or b in self.sur
        return False

    # ------------------------------------------------------------------ parse

    def _prefix(self, toks, j, end):
        """Skip a bullet or a number ("•", "-", "2)", "1.", "(3)"): (j, bulleted?)"""
        bullet = False
        while j < end and toks[j][KIND] == P and (toks[j][TEXT] in BULLETS or not toks[j][TEXT].isascii()):
            j += 1  # "-", "*", "•", or an emoji used as a bullet
            bullet = True
        if j + 1 < end and toks[j][KIND] == D and len(toks[j][TEXT]) <= 2 and toks[j + 1][KIND] == P \
                and toks[j + 1][TEXT] in ".)" and toks[j + 1][S] == toks[j][E]:
            j += 2
            bullet = True
        elif j + 2 < end and toks[j][KIND] == P and toks[j][TEXT] == "(" and toks[j + 1][KIND] == D \
                and len(toks[j + 1][TEXT]) <= 2 and toks[j + 2][TEXT] == ")":
            j += 3
            bullet = True
        return j, bullet

    def _parse(self, toks, j, end):
        """Parse a name at token j (before ``end``, the end of the line).
        Returns (a, b, form, name_score, titled) or "veto" or None."""
        if j >= end or toks[j][KIND] != W:
            return None
        titled = False
        t = toks[j]
        if t[BASE] in self.staff_titles:
            return "veto"
        if t[BASE] in self.titles:
            k = j + 1
            if k < end and toks[k][KIND] == P and toks[k][TEXT] == ".":
                k += 1
            if k < end and toks[k][KIND] == W and toks[k][SHAPE] in (TITLE, MIXED, UPPER) \
                    and toks[k][BASE] not in self.not_names and not toks[k][POSS]:
                titled = True
                j = k
            else:
                return None
        a = j
        run: list[int] = []
        k = j
        prev_e = None
        t = toks[j]
        if j + 1 < end and toks[j + 1][KIND] == W and toks[j + 1][S] - t[E] <= 1 and not t[POSS] \
                and t[BASE] not in self.not_names and len(t[BASE]) > 2 and not self._word_ok(t):
            nx = toks[j + 1]
            if t[SHAPE] == UPPER and not self._english(t[BASE]) and (
                    nx[SHAPE] == INITIAL and not (j + 2 < end and toks[j + 2][KIND] == D)
                    or nx[SHAPE] == TITLE and nx[BASE] in self.first):
                run.append(j)  # "KARIUKI T", "VERMAAK Elna": a surname in capitals not in the lists
            elif t[SHAPE] == LOWER and self._lower_pair(t, nx):
                run.append(j)  # "grace cele", "xolisile isaacs": a given name before a surname
            if run:
                prev_e = t[E]
                k = j + 1
        elif t[SHAPE] == LOWER and j + 1 < end and toks[j + 1][KIND] == W and toks[j + 1][S] - t[E] <= 1 \
                and self._lower_pair(t, toks[j + 1]):
            run = [j, j + 1]  # "nthabiseng sibeko", "jennifer brown"
            prev_e = toks[j + 1][E]
            k = j + 2
        while k < end and len(run) < 4:
            t = toks[k]
            if t[KIND] != W:
                break
            if prev_e is not None and t[S] - prev_e > 1:
                break
            if run and t[BASE] in self.particles and k + 1 < end and toks[k + 1][KIND] == W:
                run.append(k)
                prev_e = t[E]
                k += 1
                continue
            if not self._word_ok(t):
                if not run and t[BASE] in self.particles and t[SHAPE] in (LOWER, TITLE):
                    m = k + 1
                    while m < end and toks[m][KIND] == W and toks[m][BASE] in self.particles and m - k < 3:
                        m += 1
                    if m < end and toks[m][KIND] == W and toks[m][SHAPE] in (TITLE, MIXED) \
                            and toks[m][S] - toks[m - 1][E] <= 1 and self._word_ok(toks[m]):
                        run.extend(range(k, m))  # "van Wyk", "van der Merwe" heading the entry
                        prev_e = toks[m - 1][E]
                        k = m
                        continue
                break
            if t[SHAPE] == INITIAL and k + 1 < end and (toks[k + 1][KIND] == D or toks[k + 1][TEXT] in "&/+"
                                                         and toks[k + 1][S] == t[E]):
                break  # "K 6.1": a lab value, "I&D": a procedure, not an initial
            run.append(k)
            prev_e = t[E]
            k += 1
            if t[SHAPE] == INITIAL and k < end and toks[k][KIND] == P and toks[k][TEXT] == "." \
                    and toks[k][S] == t[E]:
                prev_e = toks[k][E]
                k += 1
        # a lower-case initial before a listed surname: "t mthembu"
        if not run and toks[j][SHAPE] == LOWER and len(toks[j][BASE]) == 1 and toks[j][BASE] not in "ai" \
                and j + 1 < end and toks[j + 1][KIND] == W and toks[j + 1][S] - toks[j][E] <= 1 \
                and toks[j + 1][BASE] in self.sur and not self._english(toks[j + 1][BASE]):
            run = [j, j + 1]
        while run and toks[run[-1]][BASE] in self.particles:
            run.pop()
        if not run:
            return None
        core = [toks[i] for i in run if len(toks[i][BASE]) > 1 and toks[i][BASE] not in self.particles]
        inits = [toks[i] for i in run if len(toks[i][BASE]) == 1]
        if not core or len(inits) > 2:
            return None
        b = run[-1] + 1
        if b < end and toks[b][KIND] == P and toks[b][TEXT] == "." and toks[b][S] == toks[b - 1][E] \
                and len(toks[b - 1][BASE]) == 1:
            pass  # "Mokoena T." keep the span on the letter
        w = self.w
        form = "single"
        # "Surname, Given": one word, a comma, a given name that ends the item
        if len([i for i in run if toks[i][BASE] not in self.particles]) == 1 and not titled and b + 1 < end \
                and toks[b][KIND] == P and toks[b][TEXT] == "," \
                and toks[b + 1][KIND] == W and toks[b + 1][SHAPE] in (TITLE, UPPER) \
                and self._word_ok(toks[b + 1]) and toks[b + 1][S] - toks[b][E] <= 1 \
                and (b + 2 >= end or toks[b + 2][KIND] != W) \
                and (not self._english(toks[b + 1][BASE])
                     or self._listed(toks[b + 1][BASE]) and toks[run[-1]][BASE] in self.sur):
            core = [toks[run[-1]], toks[b + 1]]
            b += 2
            form = "comma"
        elif inits and len(core) == 1:
            form = "initial"
        elif len(core) > 1:
            form = "full"
        if len(core) > 3:
            return None
        if len(core) > 1:
            two = core[0][BASE] + " " + core[1][BASE]
            if two in self.places_multi or " ".join(t[BASE] for t in core) in self.places_multi:
                return None  # "Helen Joseph", "Chris Hani Baragwanath": hospitals named after people
        # the name's own score
        ns = 0.0
        if form in ("full", "comma"):
            ns = w.get("full", 1.0)
            n_eng = 0
            for t in core:
                bb = t[BASE]
                if self._english(bb):
                    n_eng += 1
                    ns += w.get("english_listed", 0.5) if self._listed(bb) else w.get("english_word", -2.0)
                elif self._listed(bb) or AFRICAN_SHAPE.match(bb):
                    ns += w.get("listed", 0.75)
                else:
                    ns += w.get("unlisted", 0.25)
            if n_eng == len(core):
                ns += w.get("all_english", -1.0)  # "Grace Brown", "Will Walker"
            if form == "comma":
                ns += w.get("comma", 0.5)
            ns = min(ns, w.get("full_max", 2.5))
        else:
            bb = core[0][BASE]
            if core[0][SHAPE] == LOWER and form == "single" and bb not in self.africa:
                return None  # a lone lower-case word ("max dose of ..."): only a listed African name counts
            if self._english(bb):
                ns = w.get("single_english", 0.25) if self._listed(bb) else 0.0
            elif form == "initial":
                if bb in self.sur or bb in self.africa or AFRICAN_SHAPE.match(bb):
                    ns = w.get("initial", 1.25) + (w.get("initial_upper", 0.5) if core[0][SHAPE] == UPPER else 0.0)
                elif core[0][SHAPE] in (TITLE, UPPER):
                    ns = w.get("initial_unlisted", 0.75) + (w.get("initial_upper", 0.5) if core[0][SHAPE] == UPPER else 0.0)
            elif self._listed(bb):
                ns = w.get("single", 1.0)
            elif AFRICAN_SHAPE.match(bb):
                ns = w.get("single_shape", 0.75)
            elif core[0][SHAPE] in (TITLE, MIXED):
                form = "single_unlisted"  # counts only with a title or in a list of its kind
                ns = w.get("single_unlisted", 0.5)
            if ns <= 0 and not titled:
                return None
        if all(t[SHAPE] == LOWER for t in core) and not all(t[BASE] in self.africa for t in core):
            ns += w.get("lower", -0.25)
        if titled:
            ns += w.get("title", 1.0)
        if ns <= 0:
            return None
        return a, b, form, ns, titled

    # ------------------------------------------------------------------ tail

    def _tail(self, toks, b, end, sibling_list: bool, first_only: bool = False):
        """Clinical content after the name, up to ``end``: (evidence, veto?)."""
        n_end = min(end, b + self.max_tail)
        k = b
        # skip connectors
        while k < n_end and toks[k][KIND] == P and toks[k][TEXT] in "-:,(\u2014\u2013=>|":
            if toks[k][TEXT] == "(":
                break
            k += 1
        if k >= n_end:
            return 0.0, False
        w = self.w
        ev = 0.0
        t = toks[k]
        first_word = t[BASE] if t[KIND] == W else None
        # vocative: "Thandi - pls ...", "Sipho, can you ..."
        if first_word in self.clinician_acts or k == b and first_word in self.sentence_verbs:
            return 0.0, True  # "X reviewed bed 4", "X is back tomorrow": a sentence about a colleague
        if first_word in self.eponym_nouns:
            return 0.0, True
        # a citation: "Meyer & Jones (2017) found ...", "Smith et al. showed ..." (issue 9, benign chat)
        if first_word == "et" and k + 1 < end and toks[k + 1][LOW] == "al" or t[KIND] == P and t[TEXT] == "(" \
                and k + 2 < len(toks) and toks[k + 1][KIND] == D and CITED_YEAR.match(toks[k + 1][TEXT]) \
                and toks[k + 2][TEXT] == ")" and (k + 3 >= len(toks) or toks[k + 3][KIND] != W
                                                  or toks[k + 3][BASE] in CITING_VERBS):
            return 0.0, True
        # a staff role in apposition: "X (ortho reg) ...", "X (ICU sister) says", "X, our new physio, will see"
        m = k + 1 if t[KIND] == P and t[TEXT] == "(" else k
        if m < end and toks[m][KIND] == W and toks[m][BASE] in ("our", "the", "a") and (m > k or k > b):
            m += 1
            if m < end and toks[m][KIND] == W and toks[m][BASE] in ("new", "locum", "night", "day"):
                m += 1
        for q in range(m, min(m + 3, end)):
            if toks[q][KIND] != W:
                break
            if toks[q][BASE] in self.roles_after:
                if m > k or q + 1 < end and toks[q + 1][KIND] == P and toks[q + 1][TEXT] in "),":
                    return 0.0, True
                break
        # immediate placement / number
        if t[KIND] == P and t[TEXT] == "(" and k + 2 < end and toks[k + 2][KIND] == P and toks[k + 2][TEXT] == ")":
            inner = toks[k + 1]
            if inner[KIND] == D and SHORT_NUM.match(inner[TEXT]):
                ev += w.get("bracket_number", 2.0)
        elif t[KIND] == P and t[TEXT] == "(" and k + 3 < end and toks[k + 1][KIND] == W \
                and toks[k + 1][BASE] in self.place_words and toks[k + 2][KIND] == D:
            ev += w.get("placement", 2.0)
        elif t[KIND] == W and t[BASE] in self.place_words and k + 1 < end and toks[k + 1][KIND] == D \
                and SHORT_NUM.match(toks[k + 1][TEXT]):
            nx = toks[k + 2] if k + 2 < end else None
            if nx is not None and (nx[KIND] == W and nx[BASE] in self.placement_stop
                                   or nx[KIND] == P and nx[TEXT] in "-&" and k + 3 < end and toks[k + 3][KIND] == D):
                return 0.0, True  # "Zanele bed 10 pls", "Sipho bed 4 and 5", "Johan bed 22 done": an allocation
            ev += w.get("placement", 2.0)
        elif t[KIND] == W and t[BASE] in self.staff_places and k + 1 < end and toks[k + 1][KIND] in (D, W):
            return 0.0, True  # "Nomvula - theatre 2": an allocation
        elif t[KIND] == D:
            tx = t[TEXT]
            if DOSE.match(tx):
                return 0.0, True  # "Augmentin 1g", "Clexane 40mg"
            if AGE_SEX.match(tx) or FRACTION.match(tx) or POD.match(tx):
                ev += w.get("age_or_day", 2.0)
            elif SHORT_NUM.match(tx):
                if k + 2 < end and toks[k + 1][TEXT] in ":h" and toks[k + 2][KIND] == D \
                        and TWO_DIGITS.match(toks[k + 2][TEXT]) and toks[k + 1][S] == t[E]:
                    ev += w.get("time", 1.0)
                elif k + 1 < end and toks[k + 1][KIND] == W and toks[k + 1][BASE] in ("units", "unit", "u"):
                    pass  # "2 units PRBC": a quantity, the clinical word scores below
                elif k + 2 < end and toks[k + 1][KIND] == P and toks[k + 1][TEXT] in "-&" \
                        and toks[k + 2][KIND] == D or k + 2 < end and toks[k + 1][KIND] == W \
                        and toks[k + 1][BASE] in ("and", "to") and toks[k + 2][KIND] == D:
                    return 0.0, True  # "Thabo 1-10 / Lindiwe 11-20": beds allocated, not a placement
                elif first_only:
                    ev += w.get("number_first_name", 0.5)  # "Sipho 4, Thandi 5": as often a count per colleague
                else:
                    ev += w.get("number", 1.0) if sibling_list else w.get("number_alone", 0.5)
        elif t[KIND] == W and t[BASE] in ("day", "pod", "d") and k + 1 < end and toks[k + 1][KIND] == D \
                and SHORT_NUM.match(toks[k + 1][TEXT]):
            ev += w.get("age_or_day", 2.0)
        # the rest of the entry
        clin = 0
        act = False
        weak = False
        third = False
        prev = None
        skip_to = -1
        for m in range(k, n_end):
            t = toks[m]
            if m < skip_to:
                continue
            if t[KIND] == W and m + 2 < n_end and toks[m + 1][KIND] == P and toks[m + 1][TEXT] in "/&+" \
                    and toks[m + 1][S] == t[E] and toks[m + 2][S] == toks[m + 1][E] and len(t[BASE]) <= 3:
                # "c/o", "u&e", "d/c", "s/p", "i&d": one clinical token
                comp = t[BASE] + toks[m + 1][TEXT] + toks[m + 2][LOW]
                if comp in self.clinical:
                    clin += 1
                elif comp in self.acts:
                    act = True
                skip_to = m + 3
                prev = toks[m + 2]
                continue
            if t[KIND] == W:
                bb = t[BASE]
                low = t[LOW]
                if bb in self.second_person or low in self.second_person:
                    return 0.0, True
                if bb in self.colleague_words:
                    if not (prev is not None and prev[KIND] == W and prev[BASE] == "my"):
                        return 0.0, True
                if prev is not None and prev[KIND] == W and prev[BASE] + " " + bb in self.colleague_pairs:
                    return 0.0, True
                if prev is not None and prev[KIND] == W and prev[BASE] in self.determiners \
                        and bb in self.patient_nouns:
                    return 0.0, True  # "X - the lady in 4 ...": X is the addressee
                if bb in ("pt", "patient", "pts", "patients") and m > k:
                    return 0.0, True
                if bb == "for" and m + 2 < end and toks[m + 1][KIND] == W \
                        and toks[m + 1][BASE] in _ERRAND_DETERMINERS and toks[m + 2][KIND] == W \
                        and toks[m + 2][BASE] not in self.clinical:
                    pass  # "X for theatre" is a plan; "X, for the keys" is an errand
                elif bb in self.lab_tests and m + 1 < n_end and toks[m + 1][KIND] == D \
                        and VALUE.match(toks[m + 1][TEXT]):
                    clin += 2
                elif bb in self.clinical:
                    clin += 1
                elif bb in self.acts:
                    act = True
                elif bb in self.weak_acts:
                    weak = True
                elif bb in self.third_person:
                    third = True
            elif t[KIND] == D and prev is not None and prev[KIND] == W and prev[BASE] in self.place_words \
                    and SHORT_NUM.match(t[TEXT]) and m > k + 1:
                clin += 1
            elif t[KIND] == D and m > k and (FRACTION.match(t[TEXT]) or AGE_SEX.match(t[TEXT])):
                clin += 1
            prev = t
        if first_word in self.vocative and not third:
            return 0.0, True
        if clin:
            ev += w.get("clinical", 1.5) + (w.get("clinical_more", 0.5) if clin > 1 else 0.0)
        if act:
            ev += w.get("act", 1.5)
        elif weak:
            ev += w.get("weak_act", 0.5)
        if third and (act or weak or clin):
            ev += w.get("third_person", 1.0)
        return min(ev, w.get("tail_max", 3.0)), False

    # ------------------------------------------------------------------ detect

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]) -> Iterable[Finding]:
        if not self.enabled or not self._worth(doc.text):
            return ()
        toks = tokenise(doc.text)
        n = len(toks)
        staff = self._staff_tokens(ctx.staff_names)
        # lines as token ranges
        lines: list[tuple[int, int]] = []
        s = 0
        for i, t in enumerate(toks):
            if t[KIND] == N:
                lines.append((s, i))
                s = i + 1
        lines.append((s, n))

        # entries per line: (a, b, form, ns, titled, bullet, line_idx, group, tail_end, seg_kind)
        cands = []
        groups: dict = {}  # group key -> {"n", "veto", "shared"}
        blocks: dict[int, dict] = {}  # block -> {"heading", "start", "veto"}
        entry_lines: set[int] = set()
        block = 0
        for li, (ls, le) in enumerate(lines):
            if ls >= le:
                block += 1
                continue
            binfo = blocks.setdefault(block, {"heading": 0.0, "start": li, "veto": False})
            j, bullet = self._prefix(toks, ls, le)
            # segment starts on this line: the head, then after separators
            starts = [(j, "line")]
            for m in range(j + 1, le - 1):
                t = toks[m]
                if t[KIND] == P:
                    tx = t[TEXT]
                    if tx in SEPARATORS or tx == "&" or tx in "-\u2014\u2013" and t[S] > toks[m - 1][E] \
                            and toks[m + 1][S] > t[E]:
                        starts.append((m + 1, tx))
                elif t[KIND] == W and t[BASE] in ("and", "&"):
                    starts.append((m + 1, "and"))
            parsed = []
            vetoes = 0
            consumed = -1
            for st, how in starts:
                if st <= consumed:
                    continue
                pj = st
                if how != "line":
                    pj, _ = self._prefix(toks, st, le)
                r = self._parse(toks, pj, le)
                if r is None:
                    continue
                if r == "veto":
                    vetoes += 1
                    continue
                consumed = r[1] - 1
                parsed.append((pj, r, how))
            first_is_entry = bool(parsed) and parsed[0][2] == "line"
            inline_heading = None
            if not first_is_entry:
                # the line does not start with a name: a heading (or an inline one before ":" / " - ")
                hs = self._heading_score(toks, ls, parsed[0][0] if parsed else le)
                if not parsed:
                    if hs < 0 or vetoes:
                        binfo["veto"] = True
                    elif li == binfo["start"]:
                        binfo["heading"] = hs
                    continue
                inline_heading = hs
            same_line = len(parsed) >= 2
            for idx, (pj, r, how) in enumerate(parsed):
                a, b, form, ns, titled = r
                # a separated item alone on its line counts only after ":" or " - "
                if how != "line" and not same_line and how not in (":", "-", "\u2014", "\u2013"):
                    continue
                # the item ends where the next one begins (the last runs to the end of the line)
                nxt = parsed[idx + 1][0] if idx + 1 < len(parsed) else le
                key = ("line", li) if same_line else ("block", block)
                cands.append([a, b, form, ns, titled, bullet and how == "line", li, key, nxt, le,
                              inline_heading, how, pj])
                entry_lines.add(li)
                g = groups.setdefault(key, {"n": 0, "veto": vetoes > 0 and same_line, "shared": 0.0, "best": 0.0})
                g["n"] += 1
                g["best"] = max(g["best"], ns)
                last = toks[b - 1][BASE]
                g["sur"] = g.get("sur", False) or form != "single_unlisted" and last in self.sur \
                    and last not in self.given
        if not cands:
            return ()

        # tails, vetoes, shared evidence
        text = doc.text
        for c in cands:
            a, b, form, ns, titled, bullet, li, key, nxt, le, inline_heading, how, pj = c
            g = groups[key]
            # a lone word that is not a known surname: as likely a colleague's given name
            # (unless a known surname stands beside it in the same list)
            first_only = form.startswith("single") and not titled and (
                toks[b - 1][BASE] in self.given or toks[b - 1][BASE] not in self.sur and not g.get("sur"))
            ev, veto = self._tail(toks, b, nxt, key[0] == "line" or g["n"] >= 2, first_only)
            if not veto and ev <= 0 and nxt == le and all(toks[m][KIND] == P for m in range(b, le)) \
                    and li + 1 < len(lines) and li + 1 not in entry_lines and lines[li + 1][0] < lines[li + 1][1]:
                # fields on the next line: "Nozipho Mthiyane\nT2DM, HbA1c 11\nfor insulin start"
                stop = lines[li + 1][1]
                if li + 2 < len(lines) and li + 2 not in entry_lines and lines[li + 2][0] < lines[li + 2][1]:
                    stop = lines[li + 2][1]
                ev, veto = self._tail(toks, lines[li + 1][0], stop, True)
            veto = veto or self._veto_before(toks, pj, a, b, staff, lines[li][0])
            c.append(ev)
            c.append(veto)
            if veto:
                g["veto"] = True
            if key[0] == "line" and nxt == le:
                g["shared"] = max(g["shared"], ev)  # the line's last item carries the shared tail
            g.setdefault("shapes", set()).add(self._shape_after(toks, b, nxt))
            g["strong"] = g.get("strong", False) or not first_only
        # identifier spans found earlier, compared on the original offsets
        # (a name the names detector already reported stands as it is: this detector only adds)
        other = [(f.start, f.end) for f in found if f.start is not None and f.policy == "identifiers"]
        out = []
        cited = None  # spans of author lists in a reference, found when a candidate needs them
        w = self.w
        for c in cands:
            a, b, form, ns, titled, bullet, li, key, nxt, le, inline_heading, how, pj, ev, veto = c
            g = groups[key]
            if veto or g["veto"]:
                continue
            sibs = g["n"] - 1
            if key[0] == "line":
                ev = max(ev, g["shared"] * w.get("shared", 0.75))
                heading = inline_heading or 0.0
            else:
                if blocks[key[1]]["veto"]:
                    continue
                heading = blocks[key[1]]["heading"]
            if heading is not None and heading < 0:
                continue
            if key[0] == "line" and g["best"] < w.get("list_min_name", 1.0):
                continue  # "Hope 3 / Grace 4": no item of the list is clearly a name
            if form == "single_unlisted" and not titled and sibs == 0 and ev < w.get("tail_max", 3.0):
                continue
            if form.startswith("single") and not titled and sibs == 0 and not bullet \
                    and ev < w.get("single_min_ev", 2.5):
                continue
            if ev <= 0:
                # a bare list under a patient-list heading: "Theatre Thu: Mthethwa / Swanepoel / Pillay"
                if heading >= w.get("patient_heading", 1.0) and sibs >= 2:
                    ev = w.get("heading_only", 1.0)
                else:
                    continue
            if sibs and len(g["shapes"]) == 1 and None not in g["shapes"] \
                    and (g["strong"] or g["shared"] >= w.get("clinical", 1.5)):
                # (a list of given names alone with numbers needs a clinical tail: "Sipho 4, Thandi 5" counts
                # admissions per colleague as often as it lists patients)
                ev += w.get("parallel", 0.5)  # "Dlamini 4 / Botha 6 / Pillay 9": every item the same shape
            total = ns + ev + heading + min(sibs * w.get("sibling", 0.75), w.get("sibling_max", 1.5)) \
                + (w.get("bullet", 0.5) if bullet else 0.0)
            if total < self.threshold:
                continue
            s, e = toks[a][S], toks[b - 1][E]
            os_, oe = doc.span(s, e)
            if any(os_ < fe and fs < oe for fs, fe in other):
                continue
            if cited is None:
                cited = [(m.start(), m.end()) for m in CITATION.finditer(doc.text)]
            if any(cs <= s and e <= ce for cs, ce in cited):
                continue  # an author list: "Mbeki S, Dube T. Hypertension in rural KZN. SAMJ 2018"
            out.append(finding(self.rule, doc, s, e, min(1.0, total / (2 * self.threshold))))
        return out

    @staticmethod
    def _shape_after(toks, b, end):
        """The shape of what follows a name in a list item: "n" (a number), "t" (a time), "w" (a word)."""
        k = b
        while k < end and toks[k][KIND] == P and toks[k][TEXT] in "-:(,":
            k += 1
        if k >= end:
            return None
        t = toks[k]
        if t[KIND] == D:
            if k + 2 < end and toks[k + 1][TEXT] in ":h" and toks[k + 2][KIND] == D:
                return "t"
            return "n"
        return "w" if t[KIND] == W else None

    def _heading_score(self, toks, ls, le) -> float:
        """A heading line (or the words before an inline list): a patient-list
        word counts for, a staff or rota word vetoes (-1)."""
        score = 0.0
        nw = 0
        # "Handover (medical, Sat night)", "Night shift handover": a handover of patients names the
        # team or shift handing over; those words do not make it a staff heading (a rota word still does)
        handover = any(toks[m][KIND] == W and toks[m][BASE] in self.handover_heads for m in range(ls, le))
        for m in range(ls, le):
            t = toks[m]
            if t[KIND] != W:
                continue
            nw += 1
            if handover and (t[BASE] in self.handover_heads or t[BASE] in self.handover_team):
                score = self.w.get("patient_heading", 1.0)
                continue
            if t[BASE] in self.staff_headings or t[BASE] in self.colleague_words:
                return -1.0
            if t[BASE] in self.patient_headings:
                score = self.w.get("patient_heading", 1.0)
        if nw > 8:
            return 0.0
        return score

    def _veto_before(self, toks, pj, a, b, staff, ls) -> bool:
        """Staff title, @handle, greeting or a day label before the name; staff of the workspace."""
        if staff and any(toks[m][KIND] == W and toks[m][BASE] in staff for m in range(a, b)):
            return True
        k = pj - 1
        if k >= 0 and toks[k][KIND] == P and toks[k][TEXT] == "@":
            return True
        if toks[ls][KIND] == P and toks[ls][TEXT] == ">" and b < len(toks) and toks[b][TEXT] == ":":
            return True  # a thread quote's author: "> Sasha: is bed 25 for d/c?"
        # "Mon: Sipho", "Nights: Thandi", "thanks Pieter": the label or the word before the entry
        while k >= ls and toks[k][KIND] == P:
            k -= 1
        if k >= ls and toks[k][KIND] == W:
            bb = toks[k][BASE]
            if bb in self.greetings or bb in self.staff_titles or bb in self.colleague_words:
                return True
            if bb in self.day_words and (k == ls or toks[k - 1][KIND] == P):
                return True  # a day label heading its own item: a rota
        return False
