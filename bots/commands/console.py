"""`discreet console`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("console", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet console: not built yet") or 2)
