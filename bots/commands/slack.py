"""`discreet slack`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("slack", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet slack: not built yet") or 2)
