"""Behavioural cases for re-identification by combination and for street
addresses (issue 9), generated from templates and slot lists, with their
failure rates per capability.

    python benchmarks/combo_address_suite.py [--n 400] [--seed 0] [--show 5]

Capabilities (each a family of the issue), MFT = the message as generated,
INV = the same message lower-cased, with chatter around it, or with an emoji:

  combination  a public office, a public figure's relative, a publicised
               event, a staff member admitted, a rare disease or a
               notifiable case in a small place: must be nudged (any
               identifiers finding; combination gives way to a direct one)
  combo_benign the same figures, events and diseases with no patient: a
               speech, a visit, an opening, the news with several patients,
               staff at work, a grand round, a vaccine: must stay quiet
  address      informal and township addresses after a residence cue,
               numbered township orders, Romance street types after a cue:
               an address finding must overlap the address
  addr_benign  directions to a clinic, triage zones, extensions, 'lives
               alone in a flat': no address finding

The slot values are invented or public (towns, roles, diseases); no person
named here is real. Written for this benchmark, not from any held-back set.
"""

from __future__ import annotations

import argparse
import random
import sys

from discreet.core import default_checker

TOWNS = ["Tzaneen", "Kuruman", "Mthatha", "Vryburg", "Giyani", "Upington", "Lusikisiki", "Bethlehem", "Calvinia",
         "Hoedspruit", "Musina", "Lady Grey", "Sutherland", "Nkandla", "Bochum", "Worcester", "Kokstad", "Ladysmith"]
TOWNSHIPS = ["Tembisa", "Soshanguve", "Mabopane", "Orange Farm", "Ivory Park", "Diepsloot", "Kagiso", "Seshego",
             "Meadowlands", "Umlazi", "KwaMashu", "Mdantsane", "Sebokeng", "Katlehong"]
KIN = ["wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "nephew", "granddaughter"]
FIGURES = ["mayor", "MEC", "premier", "magistrate", "pastor", "bishop", "imam", "councillor", "station commander",
           "headmaster", "inkosi", "police spokesperson"]
OFFICES = ["the MEC for health", "the municipal manager", "the deputy mayor", "the speaker of the legislature",
           "the provincial commissioner", "the mayor of {town}", "the ward {n} councillor", "the chief whip of the council"]
PUBLIC = ["the {team} {position}", "the newsreader from the evening news", "the DJ from the breakfast show on {fm} FM",
          "the soapie actress who plays the nurse", "the ex-Miss {town}", "the Olympic swimmer from {town}",
          "the famous gospel singer from {town}", "the only dentist in {town}", "the owner of the only butchery in {town}"]
TEAMS = ["Chiefs", "Pirates", "Sharks", "Lions", "Stormers", "Bulls", "Sundowns"]
POSITIONS = ["striker", "goalkeeper", "scrumhalf", "flyhalf", "winger", "fullback"]
FM = ["Jozi", "Thobela", "Umhlobo", "Metro", "Kaya"]
EVENTS = ["crash", "shooting", "hijacking", "bus disaster", "tavern shooting", "shack fire", "mine collapse", "robbery"]
PEOPLE = ["driver", "lady", "man", "kid", "teen", "pedestrian", "guard", "bride", "miner", "passenger"]
WHEN = ["yesterday's", "last night's", "Sunday's", "this morning's", "the weekend's"]
STAFF = ["our theatre sister", "one of our porters", "one of the ICU registrars", "our ward clerk", "our HOD",
         "a nurse from our department", "the cleaner from ward {n}", "our night-shift radiographer"]
RARE = ["Wilson's disease", "cystic fibrosis", "progeria", "Huntington's", "motor neurone disease", "a rare heart condition"]
NOTIFIABLE = ["cholera", "anthrax", "rabies", "diphtheria", "Ebola-like symptoms"]
OCCUPATIONS = ["teacher", "farmer", "pharmacist", "bus driver", "game ranger", "shopkeeper", "pilot"]
DX = ["a stroke", "chest pain", "DKA", "pneumonia", "a PE", "an overdose", "a stab wound", "meningitis", "TB"]
CARE = ["is in bed {n} with {dx}", "was admitted with {dx}", "is in ICU after {dx}", "came in with {dx}",
        "is in resus with {dx}", "is on my list for a lap chole", "was brought in with {dx}", ", {age}{sex}, {dx}, ward {n}"]

COMBINATION = [
    "{office} {care}",
    "the {figure}'s {kin} {care}",
    "{public} {care}",
    "the {person} from {when} {event} in {town} {care}",
    "{staff} {care_staff}",
    "the {occupation} from {town} with {rare}, {age}{sex}, ward {n}",
    "the {occupation} from {town} with {notifiable}, {age}{sex}, isolation room",
    "guess who's in bed {n} - {public}, {dx}, keep it quiet",
]
CARE_STAFF = ["was admitted with {dx}", "is in ICU bed {n} after {dx}", "is in medical ward with {dx}",
              "is now a patient in ward {n}", "had {dx} and is in resus"]
COMBO_BENIGN = [
    "{office} spoke about {dx_topic} on the radio this morning",
    "the {figure}'s speech on {dx_topic} was on the news",
    "{office} visited the ward today, bed {n} was cleaned for the visit",
    "{office} officially opened the new {unit} yesterday",
    "the {event} in {town} was on the news, {n2} patients came in",
    "{staff} is in {unit_short} with the {age}{sex} in bed {n}",
    "grand round on {rare} on Friday, all interns please attend",
    "{notifiable} vaccine stock arrived in pharmacy",
    "the only {thing} on the ward is broken, {age}{sex} in bed {n} waiting",
    "the {team} {position} scored twice on Saturday, great game",
]
UNITS = ["dialysis unit", "paeds ward", "maternity wing", "burns unit"]
UNITS_SHORT = ["resus", "ICU", "theatre", "casualty"]
THINGS = ["ventilator", "bladder scanner", "ECG machine", "wheelchair"]
DX_TOPIC = ["TB", "HIV testing", "cancer screening", "diabetes"]

DWELL = ["the green shack", "the blue container", "the yellow house", "the backroom", "the RDP house"]
PREP = ["behind", "next to", "opposite", "past", "near"]
LANDMARK = ["the tuck shop", "the Zion church", "the taxi rank", "the car wash", "the tavern", "the spaza"]
AREA = ["Ext {n}", "Extension {n}", "Zone {n}", "Section {letter}", "Phase {n}", "Block {letter}"]
CUES = ["lives in", "stays at", "she lives in", "he stays in", "CHW to find her at", "collect him from", "home is"]
ADDRESS = [
    "{cue} {dwell} {prep} {landmark}, {area}, {township}",
    "{cue} {dwell} {prep} {landmark}, {township} {area}",
    "{cue} house {h}, {area}, {township}",
    "{township}, {area}, stand {h} - pls trace",
    "house no. {h}, {prep} {landmark}, {township} {area}",
    "lives above the butchery on {street} Rd, {township}",
    "lives at {h} boulevard Voltaire, {euro_town}",
    "his address: {h} Via Garibaldi, {euro_town}",
    "lives on the farm Rietvlei near {town}, the house {prep} the dairy",
]
STREETS = ["Main", "Church", "Voortrekker", "Market", "Station"]
EURO_TOWNS = ["Lyon", "Bordeaux", "Milano", "Torino", "Nantes"]
ADDR_BENIGN = [
    "the clinic is {prep} {landmark} on {street} Rd, {town}",
    "our new rooms are {prep} the mall on {street} St, {town}",
    "lives alone in a flat, needs home-based care, {age}{sex}",
    "radiology ext {ext}, ask for the CT registrar",
    "zone {n} Majors, zone {n2} Minors - new layout from Monday",
    "pt moved to Zone {n} Resus, {age}{sex}",
    "outreach team visits {area} {township} on Monday",
    "directions to the clinic: {prep} the Engen, left at the robot",
    "stays in the ward until the bloods are back, zone {n} full",
    "reviewed via Teams {n} times",
]


def fill(t: str, rng: random.Random) -> tuple[str, str | None]:
    """The message, and for address templates the address part to find."""
    v = {
        "town": rng.choice(TOWNS), "township": rng.choice(TOWNSHIPS), "kin": rng.choice(KIN),
        "figure": rng.choice(FIGURES), "team": rng.choice(TEAMS), "position": rng.choice(POSITIONS),
        "fm": rng.choice(FM), "event": rng.choice(EVENTS), "person": rng.choice(PEOPLE), "when": rng.choice(WHEN),
        "rare": rng.choice(RARE), "notifiable": rng.choice(NOTIFIABLE), "occupation": rng.choice(OCCUPATIONS),
        "dx": rng.choice(DX), "n": str(rng.randint(2, 24)), "n2": str(rng.randint(3, 9)), "age": str(rng.randint(18, 88)),
        "sex": rng.choice("MF"), "unit": rng.choice(UNITS), "unit_short": rng.choice(UNITS_SHORT),
        "thing": rng.choice(THINGS), "dx_topic": rng.choice(DX_TOPIC), "dwell": rng.choice(DWELL),
        "prep": rng.choice(PREP), "landmark": rng.choice(LANDMARK), "cue": rng.choice(CUES),
        "h": str(rng.randint(3, 4999)), "street": rng.choice(STREETS), "euro_town": rng.choice(EURO_TOWNS),
        "ext": str(rng.randint(2000, 6999)), "letter": rng.choice("ABCDX"),
    }
    v["area"] = rng.choice(AREA).format(**v)
    for key, pool in (("office", OFFICES), ("public", PUBLIC), ("staff", STAFF)):
        v[key] = rng.choice(pool).format(**v)
    v["care"] = rng.choice(CARE).format(**v)
    v["care_staff"] = rng.choice(CARE_STAFF).format(**v)
    text = t.format(**v)
    if text.startswith(", "):
        text = text[2:]
    return text.replace(" ,", ","), None


def variants(text: str, rng: random.Random) -> list[tuple[str, str]]:
    return [("lower", text.lower()),
            ("chatter", rng.choice(["morning all, ", "quick one: ", "pls note - "]) + text + rng.choice([" thanks", " 🙏", " ok?"])),
            ("emoji", rng.choice(["😬 ", "🙈 ", "‼️ "]) + text)]


def run(n: int = 400, seed: int = 0, checker=None) -> dict:
    """(capability, test) -> (cases, failures, the failing messages)."""
    rng = random.Random(seed)
    checker = checker or default_checker()

    def nudged(t):
        return any(f.policy == "identifiers" for f in checker.check(t))

    def address(t):
        return any(f.kind == "address" for f in checker.check(t))

    caps = {
        "combination": (COMBINATION, nudged, True),
        "combo_benign": (COMBO_BENIGN, nudged, False),
        "address": (ADDRESS, address, True),
        "addr_benign": (ADDR_BENIGN, address, False),
    }
    out = {(cap, kind): [0, 0, []] for cap in caps for kind in ("MFT", "INV")}
    for cap, (templates, test, want) in caps.items():
        for _ in range(n):
            text, _ = fill(rng.choice(templates), rng)
            row = out[cap, "MFT"]
            row[0] += 1
            if test(text) != want:
                row[1] += 1
                row[2].append(text)
                continue  # INV measures the messages the checker gets right
            for name, t2 in variants(text, rng):
                row = out[cap, "INV"]
                row[0] += 1
                if test(t2) != want:
                    row[1] += 1
                    row[2].append(f"[{name}] {t2}")
    return {k: tuple(v) for k, v in out.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="cases per capability (MFT)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=3, help="failures to print per capability and test")
    a = ap.parse_args(argv)
    res = run(a.n, a.seed)
    print(f"{'capability':<14}{'test':<6}{'cases':>7}{'fail':>6}{'rate':>8}")
    for (cap, kind), (n, f, _) in res.items():
        print(f"{cap:<14}{kind:<6}{n:>7}{f:>6}{(f / n if n else 0):>8.1%}")
    if a.show:
        for (cap, kind), (_, _, items) in res.items():
            for t in items[:a.show]:
                print(f"FAIL {cap} {kind}: {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
