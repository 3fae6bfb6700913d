"""`discreet guidance`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("guidance", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet guidance: not built yet") or 2)
