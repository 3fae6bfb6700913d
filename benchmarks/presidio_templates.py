"""How many non-name identifier spans the checker finds on Presidio's own
sentence templates.

Presidio's evaluator (microsoft/presidio-research) generates its test data
from a file of templates (``presidio_evaluator/data_generator/raw_data/
templates.txt``: "My address is {{address}}", "{{building_number}}
{{street_name}}\\n {{secondary_address}}\\n {{city}}\\n {{country}}
{{postcode}}", ...). We do not ship Presidio's code or data: fetch the
repository yourself and give the path of that file:

    python benchmarks/presidio_templates.py /path/to/templates.txt [--per 20] [--seed 1] [--show 10] [--policies DIR]
    python benchmarks/presidio_templates.py --generated /path/to/generated_small.json

The placeholders are filled here with invented values in the written forms of
South Africa, the UK, the US and continental Europe (German, Dutch, French,
Spanish, Italian, Portuguese street orders), so the figures measure the
formats, not one locale. Address parts that stand together (building number,
street, unit, town, country, postal code with only blanks and punctuation
between them) form one gold address; a town or country alone is a location,
not an identifier, and is not counted. Kinds counted (the checker's
identifier kinds other than names): address (and a postal code alone), phone,
email, national_id (SSN), date_of_birth. Credit cards, IBANs, IP addresses,
URLs and driving licences are outside the product and are not counted.

A gold span is found when an identifiers finding overlaps at least half of it
(the rule of /work/shared/eval/score.py). Prints recall per kind and overall,
and with ``--show`` some misses (invented values only).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter

from pathlib import Path

from discreet.core.checker import Checker

FIRST = ["Amahle", "Pieter", "Naledi", "Oliver", "Grace", "Mateo", "Ingrid", "Sanele", "Priya", "Tomasz",
         "Lindiwe", "Henrik", "Chloe", "Farid", "Zanele", "Bongani", "Maria", "Kwame", "Anouk", "Luis"]
LAST = ["Mahlangu", "van Wyk", "Okafor", "Hughes", "Brennan", "Alvarez", "Lindqvist", "Ntuli", "Raman",
        "Kowalski", "Sithole", "Jansen", "Dupont", "Haddad", "Mokoena", "Ferreira", "Rossi", "Mensah"]

# street stems for each written form (invented mixes of common stems)
STEM_EN = ["Jacaranda", "Baker", "Maple", "Protea", "Kingfisher", "Elm", "Station", "Church", "Willow",
           "Acacia", "Hillcrest", "Marula", "Oakwood", "Victoria", "Orchard", "Sunbird", "Ridge", "Harbour"]
TYPE_ZA = ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Crescent", "Close", "Lane", "Way"]
TYPE_UK = ["Street", "Road", "Lane", "Close", "Gardens", "Crescent", "Terrace", "Grove", "Place", "Way"]
TYPE_US = ["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Dr", "Ln", "Ct", "Way", "Pkwy", "Pl"]
SUBURB_ZA = ["Lynnwood", "Rondebosch", "Morningside", "Umhlanga", "Mamelodi", "Parkhurst", "Observatory",
             "Summerstrand", "Brooklyn", "Soshanguve", "Hatfield", "Claremont"]
CITY_ZA = ["Pretoria", "Cape Town", "Durban", "Johannesburg", "Gqeberha", "Bloemfontein", "Polokwane",
           "East London", "Mbombela", "Kimberley"]
CITY_UK = ["London", "Leeds", "Bristol", "Manchester", "Norwich", "Cardiff", "Glasgow", "York", "Exeter"]
CITY_US = [("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Columbus", "OH"),
           ("Madison", "WI"), ("Tucson", "AZ"), ("Albany", "NY"), ("Raleigh", "NC"), ("Boise", "ID")]
DE = [("Haupt", "straße"), ("Linden", "straße"), ("Berg", "weg"), ("Schiller", "str."), ("Garten", "gasse"),
      ("Markt", "platz"), ("Goethe", "allee"), ("Bahnhof", "strasse"), ("Wiesen", "weg")]
CITY_DE = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Wien", "Zürich", "Bremen", "Graz"]
NL = [("Kerk", "straat"), ("Molen", "weg"), ("Prinsen", "gracht"), ("Dorps", "straat"), ("Lange", "laan"),
      ("Stations", "plein")]
CITY_NL = ["Amsterdam", "Utrecht", "Leiden", "Gent", "Antwerpen", "Haarlem", "Delft"]
FR = ["rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue des Lilas", "place de la Gare",
      "chemin des Vignes", "allée des Tilleuls", "impasse du Moulin"]
CITY_FR = ["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Genève"]
ES = [("Calle", "Mayor"), ("Avenida", "de la Constitución"), ("Via", "Roma"), ("Via", "Garibaldi"),
      ("Rua", "das Flores"), ("Calle", "del Sol"), ("Corso", "Italia"), ("Piazza", "Dante"), ("Avenida", "da Liberdade")]
CITY_ES = ["Madrid", "Sevilla", "Roma", "Milano", "Lisboa", "Porto", "Valencia", "Torino", "Bologna"]
COUNTRY = ["South Africa", "United Kingdom", "USA", "Germany", "Netherlands", "France", "Spain", "Italy",
           "Portugal", "Belgium"]


def _uk_postcode(r):
    area = r.choice(["SW", "NW", "E", "N", "LS", "BS", "M", "NR", "CF", "G", "YO", "EX"])
    return f"{area}{r.randint(1, 19)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXY')}{r.choice('ABDEFGHJLNPQRSTUWXY')}"


class Gen:
    """Invented values; ``address()`` in one of eight written forms, and its
    parts for the split templates in the same form."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, xs):
        return self.r.choice(xs)

    def n(self, lo=1, hi=999):
        return str(self.r.randint(lo, hi))

    def parts(self):
        r, form = self.r, self.r.choice(["za", "uk", "us", "de", "nl", "fr", "es", "za"])
        unit = self.pick(["Apt. ", "Apt ", "Suite ", "Flat ", "Unit "]) + self.n(1, 400)
        if form == "za":
            return dict(form=form, building_number=self.n(1, 300), street_name=f"{self.pick(STEM_EN)} {self.pick(TYPE_ZA)}",
                        secondary_address=unit, city=self.pick(CITY_ZA), suburb=self.pick(SUBURB_ZA),
                        postcode=f"{r.randint(1, 9999):04d}", country="South Africa")
        if form == "uk":
            return dict(form=form, building_number=self.n(1, 250) + self.pick(["", "", "", "A", "B"]),
                        street_name=f"{self.pick(STEM_EN)} {self.pick(TYPE_UK)}", secondary_address=unit,
                        city=self.pick(CITY_UK), postcode=_uk_postcode(r), country="United Kingdom")
        if form == "us":
            city, st = self.pick(CITY_US)
            return dict(form=form, building_number=self.n(10, 9999), street_name=f"{self.pick(STEM_EN)} {self.pick(TYPE_US)}",
                        secondary_address=unit, city=city, state_abbr=st, postcode=f"{r.randint(10000, 99899)}",
                        country="USA")
        if form == "de":
            a, b = self.pick(DE)
            return dict(form=form, building_number=self.n(1, 120), street_name=a + b, secondary_address=unit,
                        city=self.pick(CITY_DE), postcode=f"{r.randint(1000, 99999):05d}", country="Germany")
        if form == "nl":
            a, b = self.pick(NL)
            return dict(form=form, building_number=self.n(1, 300), street_name=a + b, secondary_address=unit,
                        city=self.pick(CITY_NL),
                        postcode=f"{r.randint(1000, 9999)} {self.pick(['AB', 'KL', 'XR', 'GH', 'DE'])}", country="Netherlands")
        if form == "fr":
            return dict(form=form, building_number=self.n(1, 150), street_name=self.pick(FR), secondary_address=unit,
                        city=self.pick(CITY_FR), postcode=f"{r.randint(1000, 95999):05d}", country="France")
        a, b = self.pick(ES)
        pc = f"{r.randint(1000, 9999)}-{r.randint(100, 999)}" if a == "Rua" or "Liberdade" in b else f"{r.randint(1000, 52999):05d}"
        return dict(form="es", building_number=self.n(1, 200), street_name=f"{a} {b}", secondary_address=unit,
                    city=self.pick(CITY_ES), postcode=pc, country=self.pick(["Spain", "Italy", "Portugal"]))

    def address(self, p=None):
        p = p or self.parts()
        f, r = p["form"], self.r
        num, street, unit, city, pc = p["building_number"], p["street_name"], p["secondary_address"], p["city"], p["postcode"]
        if f == "za":
            return self.pick([f"{num} {street}, {p['suburb']}, {city} {pc}", f"{num} {street}, {p['suburb']}, {city}",
                              f"{unit}, {num} {street}, {p['suburb']}, {city}, {pc}"])
        if f == "uk":
            return self.pick([f"{num} {street}, {city} {pc}", f"{unit}, {num} {street}, {city}, {pc}",
                              f"{num} {street}, {city}, {pc}, United Kingdom"])
        if f == "us":
            return self.pick([f"{num} {street} {unit}, {city}, {p['state_abbr']} {pc}",
                              f"{num} {street}, {city}, {p['state_abbr']} {pc}",
                              f"{num} {street}, {unit}, {city}, {p['state_abbr']} {pc}, USA"])
        if f in ("de", "nl"):
            return self.pick([f"{street} {num}, {pc} {city}", f"{street} {num}, {pc} {city}, {p['country']}"])
        if f == "fr":
            return self.pick([f"{num} {street}, {pc} {city}", f"{num}, {street}, {pc} {city}, France"])
        return self.pick([f"{street} {num}, {pc} {city}", f"{street}, {num}, {pc} {city}, {p['country']}"])

    def phone(self):
        r = self.r
        return self.pick([
            f"0{r.choice([72, 82, 83, 73, 61, 71])} {r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"+27 {r.choice([72, 82, 83, 71])} {r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"07{r.randint(700, 999)} {r.randint(100000, 999999)}",
            f"+44 20 {r.randint(7000, 8999)} {r.randint(1000, 9999)}",
            f"({r.choice([212, 312, 415, 617, 303])}) {r.randint(201, 989)}-{r.randint(1000, 9999)}",
            f"{r.choice([212, 312, 415, 617, 303])}-{r.randint(201, 989)}-{r.randint(1000, 9999)}",
        ])

    def ssn(self):
        r = self.r
        return self.pick([f"{r.randint(1, 665):03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}",
                          f"{r.randint(1, 665):03d} {r.randint(1, 99):02d} {r.randint(1, 9999):04d}",
                          f"{r.randint(1, 665):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"])

    def dob(self):
        r = self.r
        y, m, d = r.randint(1935, 2010), r.randint(1, 12), r.randint(1, 28)
        months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]
        return self.pick([f"{d} {months[m - 1]} {y}", f"{months[m - 1]} {d}, {y}", f"{d:02d}/{m:02d}/{y}",
                          f"{y}-{m:02d}-{d:02d}", f"{m}/{d}/{y}"])

    def email(self):
        return f"{self.pick(FIRST).lower()}.{self.pick(LAST).lower().replace(' ', '')}{self.n(1, 99)}@" + \
            self.pick(["gmail.com", "outlook.com", "yahoo.co.uk", "mweb.co.za", "web.de", "orange.fr"])


ADDRESS_PARTS = {"building_number", "street_name", "secondary_address", "city", "country", "postcode",
                 "zipcode", "state_abbr"}
COUNTED = {"address": "address", "phone_number": "phone", "email": "email", "ssn": "national_id",
           "date_of_birth": "date_of_birth"}
PH = re.compile(r"\{\{([a-z_]+)\}\}")


def fill(template: str, g: Gen):
    """The text and the gold spans [(start, end, kind)]."""
    template = template.replace("\\n", "\n").replace("\\,", ",")
    parts = g.parts()
    names = {}
    out, spans, pos, last = [], [], 0, 0
    for m in PH.finditer(template):
        out.append(template[last:m.start()])
        pos += m.start() - last
        key = m.group(1)
        if key in ADDRESS_PARTS:
            val = parts.get("postcode" if key == "zipcode" else key, "")
            kind = "part:" + key
        elif key == "address":
            val, kind = g.address(), "address"
        elif key in ("phone_number", "email", "ssn", "date_of_birth"):
            val, kind = getattr(g, {"phone_number": "phone", "date_of_birth": "dob"}.get(key, key))(), COUNTED[key]
        elif key in ("name", "person", "name_female", "name_male"):
            val, kind = f"{g.pick(FIRST)} {g.pick(LAST)}", None
        elif "first_name" in key:
            val, kind = g.pick(FIRST), None
        elif "last_name" in key:
            val, kind = g.pick(LAST), None
        else:
            val, kind = names.setdefault(key, f"<{key}>"), None
        out.append(val)
        if kind:
            spans.append([pos, pos + len(val), kind])
        pos += len(val)
        last = m.end()
    out.append(template[last:])
    text = "".join(out)
    # merge runs of address parts separated only by blanks and punctuation
    gold, run = [], None
    for s, e, k in spans:
        if k.startswith("part:"):
            if run and re.fullmatch(r"[\s,>?]*", text[run[1]:s]):
                run[1] = e
                run[2].add(k[5:])
                continue
            if run:
                gold.append(run)
            run = [s, e, {k[5:]}]
            continue
        if run:
            gold.append(run)
            run = None
        gold.append([s, e, k])
    if run:
        gold.append(run)
    final = []
    for s, e, k in gold:
        if isinstance(k, set):
            # an address needs a house number or a postal code; a town or a country alone is a location
            if k & {"building_number", "postcode", "zipcode"}:
                final.append((s, e, "address"))
        else:
            final.append((s, e, k))
    return text, final


def found(span, findings):
    s, e = span
    need = (e - s) / 2
    return any(f.policy == "identifiers" and f.start is not None and
               min(e, f.end) - max(s, f.start) >= need for f in findings)


PRESIDIO_KINDS = {"ADDRESS": "address", "STREET_ADDRESS": "address", "ZIP_CODE": "address",
                  "PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "US_SSN": "national_id"}


def generated(path, check, show):
    """Presidio's own filled samples (``tests/data/generated_small.json`` or
    ``data/synth_dataset_v2.json`` of presidio-research: Faker values in many
    locales), scored the same way on the kinds the product has."""
    import json
    rows = json.load(open(path, encoding="utf-8"))
    gold, hit, misses = Counter(), Counter(), []
    for row in rows:
        text = row["full_text"]
        fs = check(text)
        for sp in row.get("spans", []):
            k = PRESIDIO_KINDS.get(sp["entity_type"])
            if not k:
                continue
            gold[k] += 1
            if found((sp["start_position"], sp["end_position"]), fs):
                hit[k] += 1
            elif len(misses) < show:
                misses.append((k, sp["entity_value"]))
    print(f"{path}: {len(rows)} samples")
    for k in sorted(gold):
        print(f"{k:15} {gold[k]:6d} {hit[k]:6d} {hit[k] / gold[k]:7.3f}")
    tg, th = sum(gold.values()), sum(hit.values())
    print(f"{'ALL':15} {tg:6d} {th:6d} {th / tg if tg else 0:7.3f}")
    for k, v in misses:
        print(f"MISS {k}: {v!r}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("templates")
    ap.add_argument("--per", type=int, default=20, help="fillings per template")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=0, help="print this many misses")
    ap.add_argument("--policies", help="another policies folder (e.g. an older commit's, to compare)")
    ap.add_argument("--generated", action="store_true",
                    help="the file is Presidio's filled samples (JSON with full_text and spans), not templates")
    a = ap.parse_args()
    check = Checker(Path(a.policies) if a.policies else None).check
    if a.generated:
        return generated(a.templates, check, a.show)
    lines = [ln.rstrip("\n") for ln in open(a.templates, encoding="utf-8") if ln.strip()]
    g = Gen(a.seed)
    gold, hit, tmpl_gold, tmpl_hit = Counter(), Counter(), Counter(), Counter()
    misses, extra = [], 0
    for ti, t in enumerate(lines):
        kinds_here = set()
        for _ in range(a.per):
            text, spans = fill(t, g)
            if not spans:
                continue
            fs = check(text)
            for s, e, k in spans:
                gold[k] += 1
                kinds_here.add(k)
                if found((s, e), fs):
                    hit[k] += 1
                    tmpl_hit[(ti, k)] += 1
                elif len(misses) < a.show * 20:
                    misses.append((k, text))
                tmpl_gold[(ti, k)] += 1
            extra += sum(1 for f in fs if f.policy == "identifiers" and f.start is not None
                         and f.kind != "person_name"
                         and not any(min(e, f.end) - max(s, f.start) > 0 for s, e, _ in spans))
    print(f"templates: {len(lines)} lines, {a.per} fillings each, seed {a.seed}")
    print(f"{'kind':15} {'templates':>9} {'gold':>6} {'found':>6} {'recall':>7}")
    for k in sorted(gold):
        nt = sum(1 for (ti, kk) in tmpl_gold if kk == k)
        print(f"{k:15} {nt:9d} {gold[k]:6d} {hit[k]:6d} {hit[k] / gold[k]:7.3f}")
    tg, th = sum(gold.values()), sum(hit.values())
    print(f"{'ALL':15} {len(tmpl_gold):9d} {tg:6d} {th:6d} {th / tg if tg else 0:7.3f}")
    per_t = [tmpl_hit[x] / tmpl_gold[x] for x in tmpl_gold]
    print(f"per template and kind (macro): {sum(per_t) / len(per_t):.3f}")
    print(f"non-name identifier findings outside every gold span: {extra}")
    if a.show:
        r = random.Random(a.seed)
        for k, text in r.sample(misses, min(a.show, len(misses))):
            print(f"MISS {k}: {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
