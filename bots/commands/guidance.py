"""`discreet guidance "QUESTION"`: the part of the social media guidance that answers it.

No question: the list of topics. ``--json``: the section picked, its score and
the close alternatives, for scripts.
"""

from __future__ import annotations

import json


def add_parser(sub):
    p = sub.add_parser("guidance", help="ask the social media guidance a question")
    p.add_argument("question", nargs="*", help="the question in your own words, or a topic (none: list topics)")
    p.add_argument("--json", action="store_true",
                   help="print {section, title, score, alternatives} as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from discreet.core.guidance import default_engine

    engine = default_engine()
    answer = engine.answer(" ".join(args.question))
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(answer.reply.plain_text())
    return 0
