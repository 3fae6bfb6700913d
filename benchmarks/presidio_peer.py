"""Run Presidio's pattern recognizers (no NLP model) over a JSONL corpus.

A peer for `benchmarks/checker_bench.py`. Runs in its own virtualenv with
`presidio-analyzer` installed (see `benchmarks/README.md`); never imported by
the project. Reads JSONL `{"id","text"}`, writes predictions JSONL in the
shared eval format on stdout, and prints its throughput on stderr as JSON.
"""

import json
import logging
import sys
import time

from presidio_analyzer import predefined_recognizers as pr

KIND = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "ZA_MOBILE_NUMBER": "phone",
    "ZA_TELEPHONE_NUMBER": "phone",
    "ZA_ID_NUMBER": "national_id",
    "ZA_PASSPORT": "national_id",
    "UK_NHS": "national_id",
    "UK_PASSPORT": "national_id",
    "UK_NINO": "national_id",
    "US_SSN": "national_id",
    "US_PASSPORT": "national_id",
    "UK_POSTCODE": "address",
    "DATE_TIME": "date_of_birth",
}

NAMES = [
    "EmailRecognizer", "PhoneRecognizer", "ZaIdNumberRecognizer", "ZaPassportRecognizer",
    "ZaMobileNumberRecognizer", "ZaTelephoneNumberRecognizer", "NhsRecognizer",
    "UkPassportRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer", "UsSsnRecognizer",
    "UsPassportRecognizer", "DateRecognizer",
]


def recognizers():
    out = []
    for n in NAMES:
        cls = getattr(pr, n, None)
        if cls is None:
            continue
        try:
            out.append(cls(supported_regions=("ZA", "GB", "US")) if n == "PhoneRecognizer" else cls())
        except TypeError:
            out.append(cls())
    return out


def main() -> int:
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)  # no network here: it falls back to its snapshot
    recs = recognizers()
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    preds = {}
    lat = []
    t0 = time.perf_counter()
    for _ in range(rounds):
        for row in rows:
            s = time.perf_counter()
            found = []
            for r in recs:
                for res in r.analyze(row["text"], r.supported_entities, None) or []:
                    if res.score >= 0.4 and res.entity_type in KIND:
                        found.append({"policy": "identifiers", "kind": KIND[res.entity_type],
                                      "start": res.start, "end": res.end})
            lat.append(time.perf_counter() - s)
            preds[row["id"]] = found
    wall = time.perf_counter() - t0
    for row in rows:
        print(json.dumps({"id": row["id"], "findings": preds[row["id"]]}))
    lat.sort()
    print(json.dumps({"messages_per_s": round(len(lat) / wall),
                      "p50_us": round(lat[len(lat) // 2] * 1e6, 1),
                      "p99_us": round(lat[int(len(lat) * 0.99)] * 1e6, 1)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
