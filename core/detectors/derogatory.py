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
  is venting, not an insult: "this printer is useless");
* **context**: a correction, a quotation or a discussion of a term drops it
  ("please don't call patients frequent flyers"); mocking cues ("lol", "again",
  an eye-roll) raise a weak candidate; context words never report alone.

Two big alternations (terms that count alone, and framed terms) are compiled
once; a message with no hit costs two regex scans.
"""

from __future__ import annotations

import regex

from ..findings import Context, Finding
from ..normalize import Doc
from ..policy import Pack, PolicyError, Rule
from .base import BaseDetector, finding

_TOKEN = regex.compile(r"[\w@'$*’]+(?:-[\w']+)*")
_WORD_AFTER = regex.compile(r"[ \t]+([\w'’*$@]+)")
_LOCATION = regex.compile(
    r"[ \t]*[,(\-]?[ \t]*(?:in|on|from|at|@)[ \t]+(?:the[ \t]+)?"
    r"(?:bed|beds|cubicle|cube|cub|cot|bay|resus|side[ \t]?room|room|isolation|cubie|trolley|corridor|cubby)\b")
_AGE_SEX = regex.compile(r"\d{1,3}(?:yo|y|m|f|yom|yof|yrs?|yr|y/o)")
_BED_WORDS = frozenset({"bed", "cubicle", "cube", "cub", "cot", "bay", "room", "trolley", "resus", "cubie", "bd"})
_PREPS = frozenset({"in", "on", "at", "from", "of", "with", "for", "@"})
_PROFANE = regex.compile(r"f\w*(?:ck|k)\w*|bloody|damn\w*|effing|freaking|frigging|friggin|shit\w*")
_SENT_END = regex.compile(
    r"(?<!\b(?:dr|mr|mrs|ms|prof|sr|st|vs|no|nr|e\.g|i\.e))[.!?;]+(?=\s|$)|\n+")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i", "8": "b"}
_LEET_TOKEN = regex.compile(r"[a-z0-9@$!|]*[a-z][a-z0-9@$!|]*")
_LEET_CHARS = regex.compile(r"[a-z][0-9@$!|]|[0-9@$!|][a-z]")
_STAR_TOKEN = regex.compile(r"[a-z]*\*+[a-z*]*")
_SPACED = regex.compile(r"(?<![\w*$@])(?:[\w*$@][ .\-_]){3,}[\w*$@](?![\w*$@])")


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
        words = lambda k: frozenset(w.lower() for w in conf.get(k, ()))  # noqa: E731
        self.patient_nouns = words("patient_nouns")
        self.colleague_nouns = words("colleague_nouns")
        self.ambiguous_colleague = words("ambiguous_colleague")
        self.titles_patient = words("titles_patient")
        self.titles_colleague = words("titles_colleague")
        self.pronouns = words("pronouns")
        self.address = words("address")
        self.objects = words("objects")
        self.modifiers = words("modifiers")
        self.copulas = words("copulas")
        self.after_ok = words("after_ok")
        self.person_nouns = self.patient_nouns | self.colleague_nouns
        self.contempt = self._compile_any(conf.get("contempt", ()), "contempt", word=True)
        self.disc_before = [self._compile(p, "discussion_before") for p in conf.get("discussion_before", ())]
        self.disc_after = [self._compile(p, "discussion_after") for p in conf.get("discussion_after", ())]
        vocab = [w.lower() for w in conf.get("wildcard_vocab", ())]
        self.vocab_by_len: dict[int, list[str]] = {}
        for w in vocab:
            self.vocab_by_len.setdefault(len(w), []).append(w)
        self.vocab = frozenset(vocab)

        self.groups: dict[str, tuple[Rule, float, bool]] = {}
        strong, framed = [], []
        adjectives: set[str] = set()
        for ri, rule in enumerate(self.rules):
            d = rule.data
            base = float(d.get("score", 0.85))
            fbase = float(d.get("framed_score", 0.7))
            terms = list(d.get("terms", ()))
            if d.get("terms_file"):
                terms += pack.word_list(d["terms_file"])
            fterms = list(d.get("framed", ()))
            if d.get("framed_file"):
                fterms += pack.word_list(d["framed_file"])
            for entries, default, out, is_framed in ((terms, base, strong, False), (fterms, fbase, framed, True)):
                tiers: dict[float, list[str]] = {}
                for entry in entries:
                    pat, sc = _score_split(entry, default)
                    self._compile(pat, "terms", rule)  # fail early, naming the rule
                    tiers.setdefault(sc, []).append(pat)
                    if is_framed and regex.fullmatch(r"[a-z]+", pat):
                        adjectives.add(pat)
                for ti, (sc, pats) in enumerate(sorted(tiers.items(), reverse=True)):
                    g = f"{'f' if is_framed else 's'}{ri}_{ti}"
                    self.groups[g] = (rule, sc, is_framed)
                    pats.sort(key=len, reverse=True)
                    out.append(f"(?P<{g}>{'|'.join(f'(?:{p})' for p in pats)})")
        self.adjectives = frozenset(adjectives) | frozenset(
            {"old", "young", "little", "big", "fat", "lazy", "stupid", "useless", "new", "night", "day", "smelly",
             "dirty", "drunk", "crazy", "ugly", "miserable", "grumpy", "obese", "annoying", "demanding", "difficult"})
        flags = regex.V1 | regex.IGNORECASE
        edge_l, edge_r = r"(?<![\w])", r"(?![\w])"
        self.strong = regex.compile(f"{edge_l}(?:{'|'.join(strong)}){edge_r}", flags) if strong else None
        self.framed = regex.compile(f"{edge_l}(?:{'|'.join(framed)}){edge_r}", flags) if framed else None
        self.profanity_rule = next((r for r in self.rules if r.kind == "profanity"), None)

    # ------------------------------------------------------------------ build

    def _compile(self, pat: str, field: str, rule: Rule | None = None):
        try:
            return regex.compile(pat, regex.V1 | regex.IGNORECASE)
        except regex.error as e:
            if rule is not None:
                raise rule.fail(field, f"bad regex {pat!r}: {e}") from None
            raise PolicyError(self.pack.root / "context.toml", None, field, f"bad regex {pat!r}: {e}") from None

    def _compile_any(self, pats, field: str, word: bool = False):
        pats = [p for p in pats]
        if not pats:
            return None
        alt = "|".join(f"(?:{p})" for p in sorted(pats, key=len, reverse=True))
        return self._compile(rf"(?<![\w])(?:{alt})(?![\w])" if word else alt, field)

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
        if _LEET_CHARS.search(low):
            chars = list(low)
            for m in _LEET_TOKEN.finditer(low):
                tok = m.group()
                letters = sum(c.isalpha() for c in tok)
                others = len(tok) - letters
                if others == 0 or letters <= others:
                    continue
                for k, c in enumerate(tok):
                    if c in _LEET:
                        if c == "@" and k == 0:
                            continue  # an @handle
                        if c in "!|" and (k == 0 or k == len(tok) - 1):
                            continue
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
        if _SPACED.search(s):
            out, idx = [], []
            pos = 0
            for m in _SPACED.finditer(s):
                joined = regex.sub(r"[ .\-_]", "", m.group())
                joined = self.fold(joined)[0] if _LEET_CHARS.search(joined) or "*" in joined else joined
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

    # ------------------------------------------------------------------ context

    def _discussed(self, before: str, after: str) -> bool:
        for r in self.disc_before:
            if r.search(before):
                return True
        for r in self.disc_after:
            if r.search(after):
                return True
        return False

    def _classify(self, toks: list[str], i: int, orig_case: list[bool], staff: frozenset[str]):
        """Class of the subject head at ``toks[i]`` walking left: returns
        (is_person, target) where target is "patient", "colleague" or None."""
        # a trailing prepositional phrase ("the nurse ON WARD 9", "pt IN BED 4")
        for k in range(i, max(-1, i - 4), -1):
            if toks[k] in _PREPS and k > 0:
                i = k - 1
                break
        steps = 0
        while i >= 0 and steps < 4:
            t = toks[i].strip("'’")
            steps += 1
            if t.startswith("@") and len(t) > 1:
                return True, "colleague"
            if t in staff:
                return True, "colleague"
            if t in self.colleague_nouns:
                return True, "colleague"
            if t in self.patient_nouns:
                return True, "patient"
            if t in self.address:
                return True, "colleague"
            if t in self.pronouns:
                return True, None
            if _AGE_SEX.fullmatch(t):
                return True, "patient"
            if t.isdigit():
                if i > 0 and toks[i - 1] in _BED_WORDS:
                    return True, "patient"
                return False, None
            if t in self.objects or t in _BED_WORDS:
                return False, None
            if t in self.titles_colleague:
                return True, "colleague"
            if t in self.titles_patient:
                return True, "patient"
            if t.isalpha():
                prev = toks[i - 1] if i > 0 else ""
                if prev in self.titles_colleague:
                    return True, "colleague"
                if prev in self.titles_patient:
                    return True, "patient"
                if orig_case[i] and len(t) > 1 and t not in self.modifiers:
                    # a capitalised word: a name; a surname may follow a first name
                    return True, None
                if i > 0 and orig_case[i - 1] and prev.isalpha() and prev not in self.modifiers and prev not in self.objects:
                    return True, None
            return False, None
        return False, None

    def _frame(self, fs: str, text: str, idx, s: int, e: int, lo: int, hi: int, verb: bool,
               staff: frozenset[str], need: bool):
        """Is the term at [s, e) said of a person? Returns (ok, target,
        profane_start)."""
        after = fs[e:hi]
        # a person-noun right after ("useless INTERN", "fat lazy GUY")
        pos, target = 0, None
        for _ in range(4):
            m = _WORD_AFTER.match(after, pos)
            if not m:
                break
            w = m.group(1)
            if w in self.patient_nouns:
                return True, "patient", None
            if w in self.colleague_nouns:
                if w in self.ambiguous_colleague:
                    m2 = _WORD_AFTER.match(after, m.end())
                    if not (m2 and m2.group(1) in self.colleague_nouns):
                        break
                return True, "colleague", None
            if w in self.adjectives or w in ("old", "young", "little", "big"):
                pos = m.end()
                continue
            break
        if _LOCATION.match(after):
            return True, "patient", None
        if need and not verb:
            m = _WORD_AFTER.match(after)
            if m and m.group(1) not in self.after_ok and not m.group(1).isdigit():
                return False, None, None  # attributive to a thing: "thick secretions"
        # the subject before
        before = fs[lo:s]
        toks, caps = [], []
        for m in _TOKEN.finditer(before):
            toks.append(m.group())
            o = m.start() + lo
            if idx is not None:
                o = idx[o]
            caps.append(text[o].isupper() if o < len(text) else False)
        i = len(toks) - 1
        profane_at = None
        if not verb:
            while i >= 0 and (toks[i] in self.modifiers or _PROFANE.fullmatch(toks[i])):
                if _PROFANE.fullmatch(toks[i]) and toks[i] not in ("so",):
                    profane_at = i
                i -= 1
            if i >= 0 and toks[i] in self.copulas:
                if toks[i] == "being" and i > 0 and toks[i - 1] in ("stop", "quit"):
                    return True, "colleague", None
                i -= 1
            elif i >= 0 and regex.search(r"['’](?:s|re|m)$", toks[i]):
                stem = regex.sub(r"['’](?:s|re|m)$", "", toks[i])
                toks[i] = stem
            elif i >= 0 and toks[i] in ("hes", "shes", "theyre", "youre", "ur", "ure"):
                pass
            elif i == len(toks) - 1 and i >= 0 and toks[i] in self.objects:
                return False, None, None
        if i < 0:
            return False, None, None
        ok, target = self._classify(toks, i, caps, staff)
        if profane_at is not None:
            # where the swear word starts, for the profanity rule's span
            m = list(_TOKEN.finditer(before))[profane_at]
            profane_at = m.start() + lo
        return ok, target, profane_at

    def _nearest_target(self, fs: str, s: int, lo: int, hi: int, staff: frozenset[str]):
        toks = _TOKEN.findall(fs[lo:s])[-8:]
        for k in range(len(toks) - 1, -1, -1):
            t = toks[k]
            if t.startswith("@") or t in staff or t in self.colleague_nouns or t in self.titles_colleague:
                return "colleague"
            if t in self.patient_nouns or t in self.titles_patient or t in _BED_WORDS or _AGE_SEX.fullmatch(t):
                return "patient"
        for t in _TOKEN.findall(fs[s:hi])[:8]:
            if t.startswith("@") or t in staff or t in self.colleague_nouns or t in self.titles_colleague:
                return "colleague"
            if t in self.patient_nouns or t in self.titles_patient or t in _BED_WORDS or _AGE_SEX.fullmatch(t):
                return "patient"
        return None

    # ------------------------------------------------------------------ detect

    def detect(self, doc: Doc, ctx: Context, found: list[Finding]):
        if self.strong is None and self.framed is None:
            return ()
        text = doc.text
        fs, idx = self.fold(text)
        hits = []
        for rx in (self.strong, self.framed):
            if rx is None:
                continue
            for m in rx.finditer(fs, overlapped=True):
                g = m.lastgroup
                if g is None:
                    continue
                rule, base, framed = self.groups[g]
                if base > 0:
                    hits.append((m.start(), m.end(), rule, base, framed))
        if not hits:
            return ()
        staff = frozenset(n.lower() for n in ctx.staff_names) if ctx.staff_names else frozenset()
        for n in list(staff):
            if " " in n:
                staff |= frozenset(n.split())
        bounds = [0] + [m.end() for m in _SENT_END.finditer(fs)] + [len(fs)]
        contempt = bool(self.contempt and (self.contempt.search(fs)))
        cands = []
        for s, e, rule, base, framed in hits:
            lo = max(b for b in bounds if b <= s)
            hi = min((b for b in bounds if b >= e), default=len(fs))
            lo = max(lo, s - 120)
            if self._discussed(fs[lo:s], fs[e:hi]):
                continue
            subj = rule.data.get("subject")
            verb = bool(rule.data.get("verb"))
            ok, target, prof = self._frame(fs, text, idx, s, e, lo, hi, verb, staff, framed)
            if framed and not ok:
                continue
            if subj == "colleague" and not (ok and target in ("colleague", None)):
                continue
            score = base
            if ok:
                score += self.target_boost
            if contempt:
                score += self.contempt_boost
            if score < self.threshold:
                continue
            if target is None:
                target = self._nearest_target(fs, s, lo, hi, staff) or rule.target
            if subj == "colleague":
                target = "colleague"
            use = rule
            if prof is not None and self.profanity_rule is not None and rule.kind in ("insult", "contempt"):
                use, s = self.profanity_rule, prof
            cands.append((score, e - s, s, e, use, target))
        if not cands:
            return ()
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
