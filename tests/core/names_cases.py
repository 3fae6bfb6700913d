"""Generated behavioural cases (CheckList style) for the name families of
issue 9: patient lists, lower-case names of a patient the author knows
socially, initial + surname, a surname alone beside a number or a lab request,
"<name> from <clinic>" with a clinical value, ``SURNAME, Given``; and the
benign look-alikes (rotas, staff lists with extensions, drug lists, theatre
lists with procedures only).

Every person is synthetic: given names and surnames are drawn from pools
covering the South African language groups and international names, and
combined at random with a fixed seed. Each case is (capability, text, names):
``names`` are the names the checker must cover (>= 50% each), empty for a
benign case. Invariance variants (lower case, leading/trailing chatter,
emoji) keep the expectation.
"""

from __future__ import annotations

import random

# Given names / surnames by group (invented combinations of common names).
FIRST = [
    # isiZulu, isiXhosa, siSwati, isiNdebele
    "Sibusiso", "Nokuthula", "Mandla", "Zinhle", "Lungelo", "Andile", "Siphesihle", "Nomalanga", "Luthando", "Ziyanda",
    # Sesotho, Setswana, Sepedi
    "Tumelo", "Dikeledi", "Karabo", "Boitumelo", "Kgomotso", "Lesego", "Mpho", "Reabetswe", "Tebogo", "Mmathapelo",
    # Tshivenda, Xitsonga
    "Mashudu", "Ndivhuwo", "Khathutshelo", "Rirhandzu", "Nhlanhla", "Tinyiko", "Hlengiwe",
    # Afrikaans, English
    "Hendrik", "Marietjie", "Wynand", "Elmarie", "Gideon", "Megan", "Jason", "Charlotte", "Brandon", "Chantelle",
    # Indian South African, Muslim
    "Kavitha", "Rajesh", "Nirvana", "Yusuf", "Zaheera", "Faizel", "Shireen",
    # other African and international
    "Chiamaka", "Oluwadamilare", "Tatenda", "Nyasha", "Amara", "Jean-Pierre", "Fernanda", "Joaquim", "Mei", "Anh",
    "Aisha", "Omar", "Katarzyna", "Dmitri", "Siobhan",
]
SUR = [
    "Zungu", "Mkhwanazi", "Gumede", "Buthelezi", "Qwabe", "Nxumalo", "Magwaza", "Mabuza", "Skosana", "Msimang",
    "Motaung", "Mofokeng", "Sebola", "Letsoalo", "Mogale", "Tau", "Phiri", "Masilela", "Modise", "Tshabalala",
    "Netshitenzhe", "Mudau", "Nemavhola", "Chauke", "Mathebula", "Shivambu", "Ngobeni",
    "Coetzee", "Swanepoel", "Fourie", "Nel", "Viljoen", "Jacobs", "Williams", "Hendricks", "Adams", "Jansen",
    "Reddy", "Chetty", "Naicker", "Padayachee", "Essack", "Kader", "Cassim",
    "Okafor", "Adebayo", "Mutasa", "Chigumba", "Diallo", "Mbemba", "Ferreira", "Oliveira", "Zhang", "Tran",
    "Abdullah", "Haddad", "Kowalska", "Petrov", "Gallagher",
]
DX = ["CAP", "DKA", "cellulitis L leg", "NSTEMI", "pyelo", "UGIB", "AKI", "TBM", "PJP", "CCF", "appendicitis", "#NOF"]
PLAN = ["for d/c", "repeat U&E", "for CT head", "continue abx", "for theatre", "NBM from midnight", "review with results"]
PROC = ["lap chole", "I&D abscess", "inguinal hernia repair", "ORIF wrist", "TURP", "EUA", "debridement", "skin graft"]
PATIENT_HEADINGS = ["for theatre tomorrow:", "ward round list", "admissions overnight:", "post-take list:",
                    "TCIs for monday:", "booked for OPD:", "handover list", "boarders in medical:"]
STAFF_HEADINGS = ["on call this weekend:", "rota for next week:", "theatre staff tomorrow:", "new interns:",
                  "teaching presenters:", "leave this month:"]
CLINICS = ["Gugulethu CHC", "Tembisa clinic", "Soshanguve CHC", "Mitchells Plain CHC", "Rustenburg clinic",
           "Huis Rachel old age home", "Nazareth frail care", "Ekuphileni hospice", "Bethesda hospital"]
VALUES = ["CD4 {n}", "VL {v}", "HbA1c {h}", "viral load suppressed", "CD4 {n}, VL {v}"]
SOCIAL_TIES = ["my neighbour", "our neighbour", "a lady from my church,", "my son's soccer coach", "a guy from my gym,",
               "a mom from my daughter's school,", "a friend from book club,", "someone from our congregation,"]
SOCIAL_SETTINGS = ["came through casualty last night", "is in the ward with a stroke", "was admitted to ICU yesterday",
                   "was in resus this morning", "is in bed 7 with pneumonia"]
CHATTER_BEFORE = ["morning all,\n", "fyi ", "quick one: ", "hi team\n"]
CHATTER_AFTER = ["\nthanks", " 🙏", "\nthx all", "\npls action", " 👍"]


def _num(rng: random.Random) -> str:
    return str(rng.randrange(1000000, 99999999))


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(SUR)


def _vals(rng: random.Random) -> str:
    return rng.choice(VALUES).format(n=rng.randrange(3, 600), v=rng.randrange(40, 900000),
                                     h=f"{rng.randrange(6, 15)}.{rng.randrange(10)}")


def positive(rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """One case per capability, drawn with ``rng``."""
    out = []
    # patient lists: SURNAME Given - number, under a heading
    people = [_person(rng) for _ in range(3)]
    lines = [f"{s.upper()} {f} - {_num(rng)}" for f, s in people]
    out.append(("list_surname_number", rng.choice(PATIENT_HEADINGS) + "\n" + "\n".join(lines),
                [f"{s.upper()} {f}" for f, s in people]))
    # patient lists with no heading at all
    people = [_person(rng) for _ in range(2)]
    lines = [f"{f} {s} {_num(rng)} {rng.choice(DX)}" for f, s in people]
    out.append(("list_no_heading", "\n".join(lines), [f"{f} {s}" for f, s in people]))
    # name / number / diagnosis / plan on separate lines
    f, s = _person(rng)
    out.append(("list_fields_on_lines", f"{f} {s}\n{_num(rng)}\n{rng.choice(DX)}\n{rng.choice(PLAN)}", [f"{f} {s}"]))
    # a heading, then names only
    people = [_person(rng) for _ in range(3)]
    out.append(("list_heading_names", rng.choice(PATIENT_HEADINGS) + "\n" + "\n".join(f"{f} {s}" for f, s in people),
                [f"{f} {s}" for f, s in people]))
    # lower-case name of a patient the author knows socially
    f, s = _person(rng)
    out.append(("social_lower", f"{rng.choice(SOCIAL_TIES)} {f.lower()} {s.lower()} {rng.choice(SOCIAL_SETTINGS)}",
                [f"{f.lower()} {s.lower()}"]))
    # initial + surname
    f, s = _person(rng)
    form = rng.choice([f"{f[0].lower()} {s.lower()}", f"{f[0]}.{s}", f"{f[0]} {s}"])
    out.append(("initial_surname", f"{form} in bed {rng.randrange(1, 40)}, {rng.choice(DX)}, {rng.choice(PLAN)}", [form]))
    # a surname alone beside a folder number, a DOB or a lab request
    f, s = _person(rng)
    text = rng.choice([f"{s} {_num(rng)} needs a repeat U&E",
                       f"{s} DOB {rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(1940, 2010)} for echo",
                       f"lab request for {s}, FBC and CRP pls"])
    out.append(("surname_alone", text, [s]))
    # name from a clinic / CHC / old-age home, then clinical values
    f, s = _person(rng)
    out.append(("from_clinic", f"{f} {s} from {rng.choice(CLINICS)}, {_vals(rng)}", [f"{f} {s}"]))
    # SURNAME, Given with a number
    f, s = _person(rng)
    sur = rng.choice([s.upper(), s])
    out.append(("surname_comma", f"{sur}, {f} {_num(rng)} for review", [f"{sur}, {f}"]))
    return out


def benign(rng: random.Random) -> list[tuple[str, str, list[str]]]:
    out = []
    people = [_person(rng) for _ in range(3)]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "nights", "days", "leave"]
    out.append(("benign_rota", rng.choice(STAFF_HEADINGS) + "\n" + "\n".join(
        f"{f} {s} - {rng.choice(days)}" for f, s in people), []))
    out.append(("benign_staff_extensions", "staff extensions:\n" + "\n".join(
        f"{rng.choice(['Sister', 'Dr', 'Sr'])} {s} ext {rng.randrange(1000, 9999)}" for f, s in people), []))
    out.append(("benign_drug_list", "drugs to order:\n" + "\n".join(
        rng.sample(["clexane 40mg", "ceftriaxone 1g", "metformin 500mg", "Augmentin 1.2g", "Panado 1g", "Lasix 40mg",
                    "amlodipine 10mg", "insulin glargine"], 4)), []))
    out.append(("benign_theatre_procedures", rng.choice(["theatre list tomorrow:", "for theatre:", "list 2:"]) + "\n"
                + "\n".join(f"{i + 1}. {p}" for i, p in enumerate(rng.sample(PROC, 3))), []))
    f, s = _person(rng)
    out.append(("benign_colleague_thanks", f"thanks {f} {s} for covering my calls last night", []))
    f, s = _person(rng)
    out.append(("benign_colleague_from_clinic", f"{f} {s} from {rng.choice(CLINICS)} is joining us on monday", []))
    return out


def variants(text: str, rng: random.Random) -> list[tuple[str, str]]:
    """Invariance transformations: (name, transformed text)."""
    return [
        ("as_is", text),
        ("chatter_before", rng.choice(CHATTER_BEFORE) + text),
        ("chatter_after", text + rng.choice(CHATTER_AFTER)),
        ("lower", text.lower()),
    ]


def generate(n: int = 60, seed: int = 9) -> list[tuple[str, str, str, list[str]]]:
    """(capability, variant, text, names) for ``n`` draws of every template."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        for cap, text, names in positive(rng) + benign(rng):
            for var, t in variants(text, rng):
                low = var == "lower"
                cases.append((cap, var, t, [x.lower() for x in names] if low else names))
    return cases
