"""Discreet's behavioural suite (`discreet eval`): capability by capability,
minimum-functionality, invariance and directional cases generated from
templates and synthetic names with a fixed seed, in the manner of CheckList
(Ribeiro et al., ACL 2020). See docs/behaviour.md."""

from .suite import Case, Message, Report, Span, capabilities, generate, run, table

__all__ = ["Case", "Message", "Report", "Span", "capabilities", "generate", "run", "table"]
