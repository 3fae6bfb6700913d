"""`discreet telegram`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("telegram", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet telegram: not built yet") or 2)
