"""Files as clinicians share them, made here with Pillow (and a hand-written
PDF for a text layer): a patient label on a photo-like background, a lab
results screenshot, a ward list, a benign rota, a drug chart without names,
rotated and blurred variants, a text PDF and a scanned one. Synthetic
people and numbers only (the SA ID and NHS numbers have valid checksums).

Each sample carries the identifiers planted in it, so a benchmark can
measure recall, and benign ones carry none.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SA_ID = "8001015009087"
SA_ID_2 = "9202204720083"
NHS = "9434765919"


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    mimetype: str
    planted: tuple[str, ...]  # identifier kinds a checker should find in the text (empty: benign)


def _font(size: int):
    return ImageFont.load_default(size=size)


def _background(w: int, h: int, seed: int) -> Image.Image:
    """A photo-like background: a warm paper tone with noise and a vignette."""
    rng = random.Random(seed)
    img = Image.new("RGB", (w, h), (226, 220, 205))
    px = img.load()
    for _ in range(w * h // 25):
        x, y = rng.randrange(w), rng.randrange(h)
        g = rng.randint(180, 240)
        px[x, y] = (g, g - 5, g - 20)
    return img.filter(ImageFilter.GaussianBlur(0.6))


def _page(lines: list[str], *, size: int = 34, seed: int = 1, width: int = 1400, photo: bool = True) -> Image.Image:
    h = 120 + len(lines) * int(size * 1.9)
    img = _background(width, h, seed) if photo else Image.new("RGB", (width, h), "white")
    d = ImageDraw.Draw(img)
    y = 60
    for line in lines:
        d.text((60, y), line, fill=(25, 25, 30), font=_font(size))
        y += int(size * 1.9)
    return img


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **({"quality": 88} if fmt == "JPEG" else {}))
    return buf.getvalue()


def patient_label() -> Image.Image:
    return _page(["MOKOENA, Thandiwe   F   41y", f"DOB: 01/01/1980   ID: {SA_ID}", "Folder no: 4432190   Ward 7 Bed 12"],
                 size=40, seed=3)


def lab_screenshot() -> Image.Image:
    return _page(["NHLS  Laboratory Results", "Patient: Pieter van der Merwe", "Hospital no: H0012345",
                  "Na 138 mmol/L   K 4.1 mmol/L   Urea 6.2", "Creatinine 88 umol/L   eGFR >60"],
                 size=30, seed=5, photo=False)


def ward_list() -> Image.Image:
    return _page(["Ward round list - Surgical B", "1. Sipho Dlamini  bed 3  appendicectomy day 2",
                  f"2. Naledi Khumalo  bed 5  ID {SA_ID_2}", "3. John Smith  bed 8  NHS " + NHS],
                 size=30, seed=7)


def benign_rota() -> Image.Image:
    return _page(["Theatre rota - week 12", "Mon: Dr Naidoo list 1, Dr Botha list 2",
                  "Tue: Dr Mahlangu on call, ext 4412", "Wed: teaching 07:30, M&M meeting"],
                 size=30, seed=9, photo=False)


def drug_chart() -> Image.Image:
    return _page(["Drug chart (no patient details)", "Paracetamol 1 g PO 6-hourly",
                  "Ceftriaxone 2 g IV daily", "Enoxaparin 40 mg SC daily", "Morphine 5 mg IV PRN"],
                 size=30, seed=11)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def samples() -> list[Sample]:
    label, labs, wards = patient_label(), lab_screenshot(), ward_list()
    on_label = ("person_name", "national_id", "date_of_birth", "record_number")
    return [
        Sample("patient-label.jpg", _encode(label, "JPEG"), "image/jpeg", on_label),
        Sample("patient-label-rotated.jpg", _encode(label.rotate(90, expand=True), "JPEG"), "image/jpeg", on_label),
        Sample("patient-label-blurred.jpg", _encode(label.filter(ImageFilter.GaussianBlur(1.2)), "JPEG"),
               "image/jpeg", on_label),
        Sample("lab-results.png", _encode(labs, "PNG"), "image/png", ("person_name", "record_number")),
        Sample("ward-list.jpg", _encode(wards, "JPEG"), "image/jpeg", ("person_name", "national_id")),
        Sample("ward-list.webp", _encode(wards, "WEBP"), "image/webp", ("person_name", "national_id")),
        Sample("referral.pdf", text_pdf(["Referral letter", "Re: Mrs Lindiwe Zulu", f"ID number {SA_ID}",
                                         "Thank you for seeing this patient with poorly controlled diabetes."]),
               "application/pdf", ("person_name", "national_id")),
        Sample("scanned-label.pdf", _encode(label, "PDF"), "application/pdf", on_label),
        Sample("rota.png", _encode(benign_rota(), "PNG"), "image/png", ()),
        Sample("drug-chart.jpg", _encode(drug_chart(), "JPEG"), "image/jpeg", ()),
        Sample("minutes.pdf", text_pdf(["Ward meeting minutes", "Handover at 07:30 moves to the seminar room.",
                                        "Dr Naidoo leads the audit; ext 4412 for queries."]),
               "application/pdf", ()),
    ]


def phone_photo() -> Sample:
    """A 12 MP phone photo (4032 x 3024) of a patient label on a desk."""
    img = _background(4032, 3024, 13)
    label = patient_label().resize((2800, int(2800 * patient_label().height / patient_label().width)))
    img.paste(label, (600, 1100))
    return Sample("phone-photo.jpg", _encode(img, "JPEG"), "image/jpeg",
                  ("person_name", "national_id", "date_of_birth", "record_number"))


def bomb_png(side: int = 30_000) -> bytes:
    """A tiny PNG whose header claims side x side pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + \
        chunk(b"IEND", b"")
