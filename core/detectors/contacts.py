"""Detector family: contacts (phone numbers, e-mail addresses, street
addresses). The rules are data in ``policies/identifiers/contacts.toml``, run
by the pattern-rule engine of ``numbers``; phone numbers are validated by
libphonenumber through the ``phone`` validator.
"""

from __future__ import annotations

from .numbers import PatternDetector


class Detector(PatternDetector):
    policy = "identifiers"
    name = "contacts"
