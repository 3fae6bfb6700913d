"""`discreet bench`: not built yet."""


def add_parser(sub):
    p = sub.add_parser("bench", help="(not built yet)")
    p.set_defaults(func=lambda args: print("discreet bench: not built yet") or 2)
