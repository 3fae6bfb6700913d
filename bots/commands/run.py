"""`discreet run`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("run", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet run: not built yet") or 2)
