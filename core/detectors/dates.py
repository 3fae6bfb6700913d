"""Detector family: dates (dates of birth). The rules are data in
``policies/identifiers/dates.toml``, run by the pattern-rule engine of
``numbers``; the ``plausible_date`` validator checks the calendar.
"""

from __future__ import annotations

from .numbers import PatternDetector


class Detector(PatternDetector):
    policy = "identifiers"
    name = "dates"
    min_text_digits = 3
