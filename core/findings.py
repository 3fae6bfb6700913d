"""What the checker returns: small frozen values, never a copy of the text."""

from __future__ import annotations

from dataclasses import dataclass, field

POLICIES = ("identifiers", "derogatory")
SEVERITIES = ("low", "medium", "high")

# The guidance's sections (see policies/guidance/): every rule names one.
SECTIONS = (
    "introduction",
    "key-points",
    "patient-confidentiality",
    "appropriate-discussion",
    "privacy-settings",
    "friend-requests",
    "conflicts-of-interest",
    "education-employment",
    "defamation",
    "professionalism",
    "benchmarks",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the checker saw.

    ``start``/``end`` are offsets into the *original* text (end exclusive);
    both are ``None`` for a finding with no span of its own (``combination``).
    A Finding holds no text: renderers slice the author's own message.
    """

    policy: str  # "identifiers" | "derogatory"
    kind: str  # person_name, national_id, ..., combination; or a derogatory family
    start: int | None
    end: int | None
    severity: str  # low | medium | high
    rule: str  # stable rule id from the policy pack
    why: str  # one line
    section: str  # guidance section id
    suggestion: str | None = None  # neutral alternative / placeholder
    target: str | None = None  # derogatory: patient | colleague
    score: float = 1.0

    def to_dict(self) -> dict:
        return {
            "policy": self.policy,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
            "rule": self.rule,
        } | ({"target": self.target} if self.target in ("patient", "colleague") else {})


@dataclass(frozen=True, slots=True)
class Context:
    """What the caller knows about where the message was posted.

    ``staff_names``: names of the workspace's members (colleagues); never flagged.
    ``policies``: the channel's enabled policies.
    ``disabled_rules``: rule ids switched off for the channel.
    """

    staff_names: frozenset[str] = field(default_factory=frozenset)
    policies: frozenset[str] = frozenset(POLICIES)
    disabled_rules: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def make(cls, staff_names=(), policies=POLICIES, disabled_rules=()) -> "Context":
        return cls(frozenset(staff_names), frozenset(policies), frozenset(disabled_rules))


DEFAULT_CONTEXT = Context()
