"""Who a derogatory remark is about: the author, someone outside the
clinical setting, or (by elimination) a patient or a colleague.

The derogatory detector already reads the subject of a *framed* term
("<subject> is so X") and drops "I'm such an idiot". This module looks at
the clause around any candidate, framed or not, for what that reading
misses in real writing:

* **the author**: a sentence with no subject of its own that opens on a
  feeling verb ("Feeling like a complete moron after the viva"), an
  appositive or a name the author gives themselves ("Me, the world's most
  useless registrar", "call me the useless intern"), and an exclamation
  with no subject ("... but what a muppet") when the nearest person before
  it is the author and nobody else is named in its sentence;
* **outside the clinical setting**: the term's noun phrase tied to a
  company, a vendor, a caller or an institution ("some idiot from the
  software company", "the insurance company are useless clowns", "the call
  centre guy ... was a muppet"), the author's own family ("my ex is a
  psycho"), or a road-rage clause ("some moron on the highway cut me off").

Words are data ([target] in policies/derogatory/target.toml). ``who``
returns "self", "outside" or None (no opinion: the detector's own reading
stands). Only patients and colleagues are reported.
"""

from __future__ import annotations

import re

from .. import precompiled

_TOKEN = re.compile(r"[\w@'$*]+(?:-[\w']+)*|[,;:()]")
_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "and", "but", "so", "because", "cos", "coz", "while", "whilst",
                           "when", "then", "after", "before", "although", "though", "if"})
# person nouns that say nothing of a role: "the call centre GUY", "the software PEOPLE"
_GENERIC = frozenset({"guy", "guys", "lady", "ladies", "man", "men", "woman", "women", "people", "ppl", "person", "bloke",
                      "blokes", "dude", "dudes", "chap", "chaps", "fellow", "oke", "okes", "folks", "girl", "girls", "boy",
                      "boys", "one", "ones", "lot", "crowd", "bunch", "clowns", "idiots", "morons"})
_SELF_TAIL = re.compile(r"^\s+(?:that\s+|which\s+)?(?:i\s+am|i'm|im|i\s+was|i\s+have\s+been|i've\s+been|i\s+can\s+be)\b"
                        r"(?!\s+(?:told|informed|assured|reliably|hearing|led\s+to\s+believe))")  # "she is the devil, I am told"
_DEATH = re.compile(r"\b(?:die|dies|dying|pass|passes|go|goes|slip away|slips away)\b")
_VERB_BEFORE = frozenset({"to", "can", "could", "will", "would", "'ll", "didn't", "don't", "won't", "cannot", "can't",
                          "couldn't", "not", "never", "trying", "try", "tried", "let", "should", "might", "may", "must"})
_SELF_PRED = re.compile(r"(?:^|\s)(?:(?:i'm|im|i\s+am|i\s+was|i've\s+been|ive\s+been|i\s+feel\s+like|i\s+felt\s+like"
                        # what the author will become: "I'll be the grumpy old lady of the ward soon"
                        r"|i'll\s+be|ill\s+be|i\s+will\s+be|i'd\s+be|i\s+would\s+be|(?:i'm|im)\s+(?:going\s+to|gonna)\s+(?:be|become)"
                        r"|(?:i'm|im)\s+turning\s+into|i've\s+become|i\s+became|i\s+turned\s+into)"
                        r"\s+(?:a|an|the|such\s+a|such\s+an)(?:\s+[\w'-]+){0,2}"
                        # "I went full psycho on the filing": the author's own outburst
                        r"|(?:i|we)\s+(?:went|go|going|gone)\s+(?:full|full-on|total|a\s+bit|slightly|all)(?:\s+[\w'-]+)?)$")
# the generic "you" of a feeling: "you feel like an idiot the first time you miss a vein"
_GENERIC_FEEL = re.compile(r"(?:^|\s)(?:you|u|one)\s+(?:\w+\s+)?(?:feel|feels|felt)\s+(?:like\s+)?(?:a|an|such\s+a|such\s+an|so|the)(?:\s+[\w'-]+){0,2}$")
_COPULA = frozenset({"am", "was", "were", "are", "been", "be", "felt", "feel", "became", "become", "looked", "seemed"})
_SELF_SUBJ = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "id", "i'll", "me", "my", "myself", "mine"})
_THIRD = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "hes", "shes", "he's", "she's",
                    "they're", "theyre", "you", "you're", "youre", "u", "ur"})


def _words(conf: dict, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in conf.get(key, ()))


def _alt(conf: dict, key: str) -> str:
    return "|".join(re.escape(w.lower()).replace(r"\ ", r"\s+") for w in sorted(conf.get(key, ()), key=len, reverse=True))


class TargetResolver:
    def __init__(self, conf: dict, patient_words: frozenset[str], colleague_words: frozenset[str],
                 places: frozenset[str] = frozenset()):
        self.patient_words, self.colleague_words, self.places = patient_words, colleague_words - places, places
        self.person_nouns = patient_words | colleague_words
        # "<key>_real" lists (policies/derogatory/real_target.toml) extend their key
        conf = {**conf, **{k: list(conf.get(k, ())) + list(conf.get(k + "_real", ()))
                           for k in ("outside_nouns", "outside_modifiers", "outside_acts")}}
        self.outside_nouns = _words(conf, "outside_nouns")
        self.outside_modifiers = _words(conf, "outside_modifiers") | self.outside_nouns
        self.own_family = _words(conf, "own_family")
        self.feeling_openers = _words(conf, "feeling_openers")
        self.exclaim = _words(conf, "exclamation_heads")
        self.between_ok = _words(conf, "appositive_between")
        self.verb_forms = _words(conf, "verb_forms")
        self.mocking = None  # the detector's mocking cues ("lol", an eye-roll): a grief exemption does not hold with them
        self.care = precompiled.compile(r"\b(?:" + "|".join(conf.get("care_cues", ())) + r")\b") if conf.get("care_cues") else None
        self.distress = precompiled.compile(r"\b(?:" + _alt(conf, "distress_words") + r")") if conf.get("distress_words") else None
        self.bereavement = precompiled.compile(r"\b(?:" + "|".join(conf.get("bereavement_cues", ())) + r")\b") if conf.get("bereavement_cues") else None
        outside = _alt(conf, "outside_nouns")
        # "<term> from/at/with the ... company", "<term> on the highway cut me off"
        self.outside_after = precompiled.compile(
            r"^\s*(?:,\s*)?(?:(?:from|at|of|with|for|in|on)\s+(?:the\s+|a\s+|an\s+|some\s+|that\s+|this\s+|our\s+|their\s+|my\s+)?"
            r"(?:[\w&'-]+\s+){0,3}?(?:" + outside + r")(?![\w-])"
            r"|(?:[\w']+\s+){0,5}?(?:" + _alt(conf, "outside_acts") + r")(?![\w-]))") if outside else None

        # a thing after the term ("a useless, bloated PIECE OF SOFTWARE") or the
        # people who made a thing ("the system is designed BY idiots")
        self.thing_after = (precompiled.compile(r"^[\s,]*(?:[\w-]+[\s,]+){0,3}?(?:" + "|".join(conf["thing_after"]) + r")")
                            if conf.get("thing_after") else None)
        self.made_by = (precompiled.compile(r"\b(?:" + "|".join(conf["made_by"]) + r")\s+by\s+(?:a\s+(?:bunch|pack|load|committee|team)\s+of\s+|some\s+|total\s+|complete\s+)?$")
                        if conf.get("made_by") else None)

    # -------------------------------------------------------------- rules

    @staticmethod
    def requires(rules, compile_):
        """A rule's ``require``: regexes one of which must occur in the
        sentence ("listen sweetie" counts only with a colleague named)."""
        out = {}
        for rule in rules:
            v = rule.data.get("require")
            if v:
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    raise rule.fail("require", "must be a list of regex strings")
                out[rule.id] = compile_("|".join(f"(?:{x})" for x in v), "require", rule)
        return out

    def earlier(self, fs: str, s: int, e: int, staff: frozenset[str] = frozenset()) -> str | None:
        """Who an unresolved remark is about, from the nearest role word in
        the term itself ("the 'specialist' from cardiology") or the
        sentences before it ("The ortho reg hung up on me again. I hope he
        gets run over")."""
        toks = [t.strip("'\"") for t in _TOKEN.findall(fs[max(0, s - 300):e])[-50:]]
        for k in range(len(toks) - 1, -1, -1):
            t = toks[k]
            if t in ("one", "ones") and not (k > 0 and toks[k - 1] in ("the", "this", "that", "old", "young", "little")):
                continue  # "one more referral" is not a person
            if t in self.places or t in self.outside_nouns:
                continue
            if t.startswith("@") or t in staff or t in self.colleague_words:
                return "colleague"
            if t in self.patient_words or t in ("bed", "cubicle", "bay", "cot"):
                return "patient"
        return None

    def relative(self, fs: str, lo: int, s: int) -> str | None:
        """The subject of a relative clause: "the REG who saw the patient is
        an idiot" is about the registrar, not the patient."""
        toks = _TOKEN.findall(fs[lo:s])
        for k in range(len(toks) - 1, 0, -1):
            if toks[k] in ("who", "that") and any(t in _COPULA or t in ("is", "'s") for t in toks[k + 1:]):
                head = toks[k - 1]
                if head in self.colleague_words:
                    return "colleague"
                if head in self.patient_words and head not in ("one", "ones", "thing"):
                    return "patient"
                return None
        return None

    # -------------------------------------------------------------- helpers

    def _named_organisation(self, fs: str, lo: int, s: int, text: str, idx) -> bool:
        toks = list(_TOKEN.finditer(fs, lo, s))
        k = len(toks) - 1
        while k >= 0 and (toks[k].group() in self.between_ok or toks[k].group() in ("bunch", "lot", "pack", "load", "of")):
            k -= 1
        if k < 1 or toks[k].group() not in ("are", "were", "'re"):
            return False
        head = toks[k - 1]
        w = head.group()
        if w in _THIRD or w in self.person_nouns or w.endswith("s") and w[:-1] in self.person_nouns:
            return False
        before = [t.group() for t in toks[max(0, k - 5):k - 1]]
        if any(t in ("and", "&", "both") or t in self.person_nouns for t in before):
            return False  # "Sister Dlamini and Dr Botha are ...": people
        o = head.start() if idx is None else idx[head.start()]
        return o < len(text) and text[o].isupper() and w not in ("they", "we", "you", "these", "those")


    def _clause_before(self, fs: str, lo: int, s: int) -> list[str]:
        toks = _TOKEN.findall(fs[lo:s])
        for k in range(len(toks) - 1, -1, -1):
            if toks[k] in _CLAUSE_BREAK and k < len(toks) - 1:
                # a comma right before the term is an appositive, not a break
                return toks[k + 1:]
        return toks

    def _is_person(self, t: str) -> bool:
        return t in self.person_nouns or t in _THIRD or t.startswith("@")

    # -------------------------------------------------------------- verdict

    def who(self, fs: str, s: int, e: int, lo: int, hi: int, msg_lo: int = 0,
            text: str | None = None, idx: list[int] | None = None) -> str | None:
        # a hope for a peaceful death is care, not a death wish
        if self.care is not None and _DEATH.search(fs, s, e) and self.care.search(fs, lo, hi):
            return "care"
        # plain description of distress after a death or bad news ("mum was
        # hysterical when she heard the news"): recorded, not mocked
        if (self.distress is not None and self.distress.search(fs, max(lo, s - 30), e)
                and self.bereavement.search(fs, max(0, lo - 200), min(len(fs), hi + 200))
                and not (self.mocking is not None and self.mocking.search(fs, max(0, lo - 200), min(len(fs), hi + 200)))):
            return "distress"
        before = _TOKEN.findall(fs[lo:s])
        after = fs[e:hi]
        # outside: the term's own phrase names a company, a caller, a road
        if self.outside_after is not None and self.outside_after.match(after):
            return "outside"
        if self.thing_after is not None and self.thing_after.match(after):
            return "outside"
        if self.made_by is not None and self.made_by.search(fs, max(lo, s - 60), s):
            return "outside"
        clause = self._clause_before(fs, lo, s)
        # an organisation by its name, with a plural verb: "Cerner ARE a bunch
        # of clowns", "Discovery Health ARE crooks" (a person takes "is")
        if text is not None and self._named_organisation(fs, lo, s, text, idx):
            return "outside"
        words = [t for t in clause if t not in (",", ";", ":", "(", ")")]
        for k in range(len(words) - 1, -1, -1):
            t = words[k]
            if t in self.outside_nouns:
                return "outside"
            if t in self.own_family and k > 0 and words[k - 1] in ("my", "our"):
                return "outside"
            if self._is_person(t):
                # "the call centre GUY": a person noun right after an outside noun
                if t in _GENERIC and k > 0 and (words[k - 1] in self.outside_modifiers or (k > 1 and words[k - 2] in self.outside_modifiers)):
                    return "outside"
                break
        # "I'm a clumsy oaf", "I felt like a right idiot": the author, whatever
        # the adjectives in between
        if _SELF_PRED.search(" ".join(words[-6:])) or _GENERIC_FEEL.search(" ".join(words[-6:])):
            return "self"
        # the author as the subject of a copula: "I was a useless intern",
        # "we junior doctors are such pushovers"
        k = len(words) - 1
        while k >= 0 and words[k] in self.between_ok:
            k -= 1
        if k >= 0 and (words[k] in ("i'm", "im", "i've") or (words[k] in _COPULA and k > 0 and words[k - 1] in ("i", "we"))
                       or (words[k] in _COPULA and k > 1 and words[k - 2] == "we" and words[k - 1] not in self.person_nouns)):
            return "self"
        # generic "you" in a blog's telling: "you forget one lab result and
        # you're the scatterbrained moron who can't be trusted"
        tail = words[-5:]
        if "you're" in tail or "youre" in tail or ("you" in tail and "are" in tail):
            sent = _TOKEN.findall(fs[lo:s])
            at = max(i for i, t in enumerate(sent) if t in ("you're", "youre", "you"))
            if (sent[:1] and sent[0] in ("if", "when", "once", "whenever")) or (
                    at > 0 and sent[at - 1] in ("and", "then") and "you" in sent[:at - 1]):
                return "self"
        # a verb, not a name: "able to FOOL the patients"
        if fs[s:e] in self.verb_forms and before[-1:] and before[-1] in _VERB_BEFORE:
            return "verb"
        # the author: an appositive or a name for oneself ("me, the useless reg")
        tail = before[-6:]
        for k in range(len(tail) - 1, -1, -1):
            t = tail[k]
            if t in ("me", "myself", "i'm", "im"):
                if all(x in self.between_ok or x == "," or (x.endswith("'s") and x[:-2] not in self.person_nouns)
                       for x in tail[k + 1:]):
                    return "self"
                break
            if self._is_person(t) or (t not in self.between_ok and t != "," and not t.endswith("'s")):
                break
        # the author as the subject of a comparison: "I cried in the sluice
        # like a big baby" (not "I got the most useless INTERN")
        first_after = _TOKEN.findall(after)[:1]
        k = len(words) - 1
        while k >= 0 and words[k] in self.between_ok:
            k -= 1
        compare = fs.startswith(("like ", "as "), s)
        if compare:
            k += 1
        if k >= 0 and (compare or words[k] in ("like", "as")) and not (first_after and self._is_person(first_after[0])):
            for t in reversed(words[:k]):
                if t in ("i", "i'm", "im", "i've", "ive", "i'd", "me", "myself"):
                    return "self"
                if self._is_person(t):
                    break
        # the author looking back: "AS A lazy, incompetent intern I once ...",
        # "as the token idiot of the team, I volunteered"
        if len(words) >= 1 and words[-1] in ("a", "an") and len(words) >= 2 and words[-2] == "as" or words[-1:] == ["as"]:
            if "i" in [t for t in _TOKEN.findall(after)[:6] if t != ","]:
                return "self"
        for k in range(len(words) - 2, max(-1, len(words) - 5), -1):
            if words[k] == "as" and words[k + 1] in ("the", "a", "an", "their", "our", "your") and not any(
                    self._is_person(t) or t in _COPULA or t in ("is", "'s") for t in words[k + 1:]):
                nxt = [t for t in _TOKEN.findall(after)[:8] if t != ","]
                if "i" in nxt and not (nxt and self._is_person(nxt[0])):  # not "as the useless LOCUM left, I ..."
                    return "self"
                break
        # the author naming themselves: "me being THE IDIOT I AM", "another day
        # of BEING the dumb student"
        if _SELF_TAIL.match(after):
            return "self"
        k = len(words) - 1
        while k >= 0 and words[k] in self.between_ok:
            k -= 1
        if k >= 0 and words[k] == "being" and not any(self._is_person(t) for t in words[:k]):
            return "self"
        # the author: a subjectless sentence opening on a feeling verb
        if (before and before[0] in self.feeling_openers and not any(self._is_person(t) for t in before)
                and not any(self._is_person(t) for t in _TOKEN.findall(after)[:8])):
            return "self"
        # the author: "... but what a muppet" with only the author around it
        if len(words) <= 3 and any(t in self.exclaim for t in words[:1]) and not any(self._is_person(t) for t in before):
            if not any(self._is_person(t) for t in _TOKEN.findall(after)[:12]):
                prev = _TOKEN.findall(fs[max(msg_lo, lo - 200):lo])
                for t in reversed(prev):
                    if t in _SELF_SUBJ:
                        return "self"
                    if self._is_person(t):
                        break
        return None
