"""Shared by the derogatory detector tests."""

from discreet.core import Context, default_checker

CHECKER = default_checker()


def derog(text, ctx=None):
    """The derogatory findings of the real checker for ``text``."""
    return [f for f in CHECKER.check(text, ctx or Context()) if f.policy == "derogatory"]


def check_row(text, target):
    """No derogatory finding when ``target`` is None; otherwise one about
    ``target`` (patient / colleague), or about anyone when it is "any"."""
    fs = derog(text)
    if target is None:
        assert fs == [], [(f.rule, text[f.start:f.end]) for f in fs]
    else:
        assert fs, "expected a derogatory finding"
        if target == "any":  # who it is about is not settled by the words alone
            return
        assert target in {f.target for f in fs}, [(f.rule, f.target) for f in fs]
