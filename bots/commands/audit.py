"""`discreet audit`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("audit", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet audit: not built yet") or 2)
