"""Detector family: combination (identifiers). Placeholder until its rules land."""

from __future__ import annotations

from .base import BaseDetector


class Detector(BaseDetector):
    policy = "identifiers"
    name = "combination"

    def detect(self, doc, ctx, found):
        return ()
