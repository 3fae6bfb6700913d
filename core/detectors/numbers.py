"""Detector family: numbers (identifiers). Placeholder until its rules land."""

from __future__ import annotations

from .base import BaseDetector


class Detector(BaseDetector):
    policy = "identifiers"
    name = "numbers"

    def detect(self, doc, ctx, found):
        return ()
