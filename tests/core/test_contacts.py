"""Contacts: phones (libphonenumber), e-mail, street addresses and postcodes.

Tables of true and false cases per kind through the real checker, including
staff lines (extensions, bleeps, switchboards, the author's own cell) that
are not a patient's phone."""

import pytest

from discreet.core import validators

from pattern_helpers import CHECKER, mine, only_ours  # noqa: E402,F401


TRUE = [
    # phones: ZA national and international, GB, US; spaced, dashed, run together
    ("family (Bongiwe, +27 71 416 8304) informed", "phone", "+27 71 416 8304"),
    ("tried 0728634127 x3. email on file", "phone", "0728634127"),
    ("mom is Anusha on 081 642 3940", "phone", "081 642 3940"),
    ("call her daughter on 082-827-7266", "phone", "082-827-7266"),
    ("son: +27 (0)82 123 4567", "phone", "+27 (0)82 123 4567"),
    ("gran's landline (011) 933 8123", "phone", "(011) 933 8123"),
    ("+27821234567 is the aunt", "phone", "+27821234567"),
    ("rang, mob +44 7984 960874, wants a call back", "phone", "+44 7984 960874"),
    ("rang, mob 07756 235881, wants a call back", "phone", "07756 235881"),
    ("wife on 020 7946 0958 after 5", "phone", "020 7946 0958"),
    ("son's number (212) 555-0187 in New York", "phone", "(212) 555-0187"),
    ("NOK cell 078 391 1788. pls update her", "phone", "078 391 1788"),
    ("her number is 0608489048", "phone", "0608489048"),
    # a fax clause naming a relative is still the relative's phone
    ("fax the results to her daughter on 082 827 7266", "phone", "082 827 7266"),
    ("daughter on 082 827 7266, fax to follow", "phone", "082 827 7266"),
    ("his daughter Zanele (082 123 4567) wants a call", "phone", "082 123 4567"),
    # e-mail
    ("pt's mother (b.mbonambi@mweb.co.za) wants a copy", "email", "b.mbonambi@mweb.co.za"),
    ("email on file is bonganimthembu47@outlook.com", "email", "bonganimthembu47@outlook.com"),
    ("updates by email: n.duze@yahoo.com (his aunt)", "email", "n.duze@yahoo.com"),
    ("send it to JOHN.SMITH+results@gmail.com.", "email", "JOHN.SMITH+results@gmail.com"),
    ("husband: k_naidoo@company.co.za", "email", "k_naidoo@company.co.za"),
    # addresses: the town after the street belongs to the span
    ("address on file 87 Sunbird Ave, Mahikeng. pharmacy", "address", "87 Sunbird Ave, Mahikeng"),
    ("moved to 203 Jan Smuts Ave Polokwane 0700, pls change", "address", "203 Jan Smuts Ave Polokwane 0700"),
    ("lives at flat 15, Ridge Court, 27 Mthembu Rd, Mamelodi", "address", "flat 15, Ridge Court, 27 Mthembu Rd, Mamelodi"),
    ("index case, 107 Vanguard Dr, Motherwell, household", "address", "107 Vanguard Dr, Motherwell"),
    ("moved to 213 Oxford Rd, Mdantsane, 5219, pls", "address", "213 Oxford Rd, Mdantsane, 5219"),
    ("TTO: 206 Marula St Seshego 0742. pharmacy", "address", "206 Marula St Seshego 0742"),
    ("lives at 70 church st, inanda", "address", "70 church st, inanda"),
    ("staying at 1234 Ngwenya Street, Zone 3, Soweto", "address", "1234 Ngwenya Street, Zone 3, Soweto"),
    ("resides at 45 Nelson Mandela Drive, Mthatha", "address", "45 Nelson Mandela Drive, Mthatha"),
    ("house 5892 ext 16 Tembisa. pt is Mrs", "address", "house 5892 ext 16 Tembisa"),
    ("gran lives at house 9461 section 11 KwaMashu", "address", "house 9461 section 11 KwaMashu"),
    ("stand no 1234, Ga-Rankuwa", "address", "stand no 1234, Ga-Rankuwa"),
    ("PO Box 1234, Giyani 0826", "address", "PO Box 1234, Giyani 0826"),
    ("Oliver Greenwood lives in BS8 5HT, can the team", "address", "BS8 5HT"),
    ("Flat 3, 22 Victoria Road, London N4 3SH", "address", "Flat 3, 22 Victoria Road, London N4 3SH"),
    ("home is 42 Maple Street, Springfield, IL 62704", "address", "42 Maple Street, Springfield, IL 62704"),
]


@pytest.mark.parametrize("text,kind,value", TRUE)
def test_finds(text, kind, value):
    assert (kind, value) in mine(text), mine(text)


FALSE = [
    # fax numbers and lab, pharmacy, reception and department lines are services
    "fax the lab req to 021 404 5000 please",
    "faxed it to 021 404 5000 this morning",
    "Fax: 021 404 5000",
    "fax number for records is 021 404 5000",
    "send to the lab on 021 404 5000",
    "the lab's number is 021 404 5000",
    "the labs number 021 404 5000",
    "haematology 021 404 5000 for the smear",
    "ring the path lab on 021 404 5000",
    "pharmacy line 011 933 8123",
    "dispensary on 011 933 8123",
    "reception is on 011 933 8123",
    "the front desk number 011 933 8123",
    "Dr Zuma (0821234567) is on call tonight",
    # staff and service lines
    "radiology ext 5960, ask for the CT registrar",
    "ext 2035 for bed management, they said 3 beds in ward A5",
    "who's the surgeon on call? bleep 9638 not answering",
    "poison centre number is 0861 555 777 if anyone needs it",
    "toll free 0800 123 456 for the helpline",
    "my cell is 073 517 1529 if anyone needs me tonight, Kobus is off sick",
    "my cell is 083 578 3437 if anyon needs me tonight",
    "the on-call phone is 082 555 1234",
    "switchboard 021 404 9111",
    "ward 7 number is 011 933 8000",
    "call 011 933 8000 ext 5960 for the ward",
    # numbers that are not phones
    "ref 825567379 for billing",
    "BP 196/54, HR 83, sats 96% on RA",
    "CD4 615, VL 1200000",
    "tried x3, no answer",
    # institutional e-mail, handles
    "send your leave forms to med.admin@chbah.gov.za by friday",
    "send your leave forms to registrars.im@uct-med.ac.za by friday",
    "rota queries to rota@hospital.co.za",
    "@dr_magujwa stop being so useless and answer your phone",
    "@isabel.m can you review bed 5 when you get a chance?",
    # clinical talk that looks like an address
    "bed 4 pt for Dr Baloyi",
    "give 2 units Dr Smith said",
    "handover at 08:00 in the ward 7 tea room",
    "bed 4 needs close obs",
    "15 min drive from here",
    "it's a 5 minute walk to the ward",
    "4 in a row on the same night",
    "the new number for ICU is 011 488 4911",
    "call the lab 021 404 5000 for results",
    "call Dr Mokoena on 083 444 5678",
    "ST2 3RD year rotation",
    "seen at 14 Long St clinic",
    "3 pts on the way up from casualty",
    "the 50M headteacher of the primary school on Church Lane",
    "running 10 min late, traffic on the N2",
    "house officer on call tonight",
    "coded as G40.9, billing happy now",
    "ECG ST elevation V1-V4, cath lab activated",
]


@pytest.mark.parametrize("text", FALSE)
def test_hard_negatives(text):
    assert mine(text) == []


def test_phone_validator_uses_libphonenumber_regions_and_types():
    assert validators.phone("072 863 4127")
    assert validators.phone("07756 235881")          # GB mobile
    assert not validators.phone("825567379")         # no trunk 0, not a US shape
    assert validators.phone("0861 555 777")           # valid, but a shared-cost UAN...
    assert not validators.phone("0861 555 777", exclude_types=["UAN"])  # ...which the pack excludes
    assert not validators.phone("0123")


def test_zero_width_space_in_a_phone_maps_back():
    text = "mom on 082\u200b827 7266 pls"
    assert mine(text) == [("phone", "082\u200b827 7266")]


def test_adversarial_100kb_of_phone_like_and_address_like_text():
    for unit in ("+27 (0)82 ", "0 1 2 3 4 5 6 7 8 9 ", "12 Long St, " * 3, "a@" * 10 + " ", "flat 1, "):
        text = (unit * (100 * 1024 // len(unit) + 1))[:100 * 1024]
        for kind, _ in only_ours(text):
            assert kind in {"phone", "address", "email"}
