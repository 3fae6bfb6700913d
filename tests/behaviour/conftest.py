"""The behavioural suite runs once per session; its failure-rate table is
printed at the end of the pytest run (terminal summary), so CI shows it."""

import pytest

from discreet.bots.evaluation import suite

SEED = 0
N = 40  # (as in test_behaviour.py) MFT cases per capability; INV and DIR use N // 4 bases (about 2,500 cases in all)

_reports: list = []


@pytest.fixture(scope="session")
def behaviour_report():
    report = suite.run(seed=SEED, n=N)
    _reports.append(report)
    return report


def pytest_terminal_summary(terminalreporter):
    for report in _reports:
        terminalreporter.write_sep("=", "behavioural suite (discreet eval): failure rates")
        terminalreporter.write_line(suite.table(report))
