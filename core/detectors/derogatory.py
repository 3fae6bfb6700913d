"""Detector family: derogatory. Placeholder until its rules land."""

from __future__ import annotations

from .base import BaseDetector


class Detector(BaseDetector):
    policy = "derogatory"
    name = "derogatory"

    def detect(self, doc, ctx, found):
        return ()
