"""Discreet's core: a pure, synchronous, platform-free policy checker.

    from discreet.core import check, Context
    findings = check("pt Jane Doe, ID 8001015009087", Context.make(staff_names={"Sarah"}))

Nothing here imports Slack, Telegram or a database, or does I/O after load.
"""

from .checker import Checker, check, default_checker
from .findings import POLICIES, SECTIONS, Context, Finding
from .policy import PolicyError

__all__ = ["Checker", "Context", "Finding", "POLICIES", "PolicyError", "SECTIONS", "check", "default_checker"]
