"""Detector family: contacts (phone numbers, e-mail addresses, street
addresses). The rules are data in ``policies/identifiers/contacts.toml``, run
by the pattern-rule engine of ``numbers``; phone numbers are validated by
libphonenumber through the ``phone`` validator.
"""

from __future__ import annotations

from .numbers import PatternDetector, PatternRule, count_digits


class Detector(PatternDetector):
    policy = "identifiers"
    name = "contacts"

    def prefilter(self, text: str) -> bool:
        return "@" in text or count_digits(text) >= 1

    def rule_prefilter(self, pr: PatternRule, text: str) -> bool:
        # Cheap per-rule gates: no e-mail without "@", no phone or street
        # number without digits.
        if pr.rule.kind == "email":
            return "@" in text
        return pr.min_digits <= 4 or count_digits(text) >= pr.min_digits
