"""Text inside shared files: photos, screenshots, PDFs and plain-text files.

``extract(data)`` turns a file's bytes into the text written in it, in
memory only: images are read with Pillow and read aloud by Tesseract through
a pipe (``tesseract stdin stdout``: the image goes in on standard input and
the text comes back on standard output, so neither touches the disk); a PDF's
text layer is read with pypdfium2, and a page without one is rendered in
memory and OCR'd. The bytes and the text are never written anywhere, logged
or kept: the caller checks the text and drops it.

Every limit is explicit, and a file over one is *skipped* with a reason
(``Skipped.reason``), never an exception that escapes: the size
(``MAX_BYTES``), the pixels an image may decode to (decompression bombs),
the pages of a PDF, and the time for the whole file. :class:`FileReader`
runs extractions in a thread pool sized to the machine, behind a bounded
queue, so reading files never blocks an event loop or an ack; a file that
finds the queue full is skipped ("busy") and counted.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import subprocess
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024  # a file larger than this is not downloaded or read
MAX_PIXELS = 40_000_000  # an image that decodes to more pixels is a bomb, or not a chat photo
MAX_PAGES = 10  # PDF pages read; the rest are skipped (and said so)
TIME_LIMIT_S = 30.0  # for one whole file
OCR_MIN_SIDE = 1000  # small images are scaled up before OCR: Tesseract wants ~30 px letters
OCR_MAX_SIDE = 2000  # a 12 MP phone photo is scaled down to this: still legible, and several times faster
TEXT_LAYER_MIN = 16  # characters on a PDF page below which it is treated as a scan
PDF_RENDER_SCALE = 3.0  # 72 dpi x 3 = 216 dpi for a scanned page

IMAGE_KINDS = ("png", "jpeg", "webp", "gif", "tiff", "bmp", "heic")
SKIP_REASONS = ("too_large", "too_many", "unsupported", "malformed", "bomb", "timeout", "busy", "no_ocr", "download")


class Skipped(Exception):
    """A file not read: ``reason`` is one of ``SKIP_REASONS`` (no content)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text found in a file. ``repr`` never shows the text."""

    text: str
    kind: str  # "image" | "pdf" | "text"
    pages: int = 1
    ocr: bool = False
    pages_skipped: int = 0

    def __repr__(self) -> str:
        return (f"Extracted(kind={self.kind!r}, pages={self.pages}, ocr={self.ocr}, "
                f"pages_skipped={self.pages_skipped}, chars={len(self.text)})")


def sniff(data: bytes, mimetype: str | None = None) -> str | None:
    """The file's kind from its first bytes (the name and the declared type
    can lie); plain text only when declared and decodable."""
    head = data[:16]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:2] == b"BM":
        return "bmp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heif"):
        return "heic"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if (mimetype or "").startswith("text/") and b"\x00" not in data[:4096]:
        return "text"
    return None


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def _deadline_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Skipped("timeout")
    return left


def _ocr_once(png: bytes, deadline: float) -> tuple[str, float]:
    """One Tesseract reading through pipes: the text, line by line, and a
    score (confident words, weighted by their confidence)."""
    try:
        r = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "3", "-l", "eng", "tsv"], input=png,
                           capture_output=True, timeout=_deadline_left(deadline), check=False,
                           env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    except subprocess.TimeoutExpired:
        raise Skipped("timeout") from None
    except FileNotFoundError:
        raise Skipped("no_ocr") from None
    if r.returncode != 0:
        raise Skipped("malformed")
    lines: dict[tuple[str, str, str, str], list[str]] = {}
    score = 0.0
    for row in r.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            conf = float(cols[10])
        except ValueError:
            continue
        word = cols[11]
        lines.setdefault((cols[1], cols[2], cols[3], cols[4]), []).append(word)
        if conf >= 60 and len(word) >= 2 and any(c.isalnum() for c in word):
            score += conf / 100
    return "\n".join(" ".join(ws) for ws in lines.values()), score


def ocr_image(img, deadline: float) -> str:
    """Text in a Pillow image: grey, scaled up when small; when the upright
    reading is not confident, the quarter turns are tried and the most
    confident reading wins (a phone photo taken sideways)."""
    from PIL import Image

    img = img.convert("L")
    w, h = img.size
    if max(w, h) < OCR_MIN_SIDE or max(w, h) > OCR_MAX_SIDE:
        f = (OCR_MIN_SIDE if max(w, h) < OCR_MIN_SIDE else OCR_MAX_SIDE) / max(w, h)
        img = img.resize((max(1, int(w * f)), max(1, int(h * f))), Image.LANCZOS)

    def read(im) -> tuple[str, float]:
        buf = io.BytesIO()
        im.save(buf, "PNG")
        return _ocr_once(buf.getvalue(), deadline)

    best, best_score = read(img)
    words = len(best.split())
    if words and best_score >= 0.7 * words:  # most words read with confidence: upright
        return best
    for angle in (90, 270, 180):
        text, score = read(img.rotate(angle, expand=True))
        if score > best_score:
            best, best_score = text, score
            if score >= 0.7 * len(text.split()):
                break
    return best


def _open_image(data: bytes):
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.size[0] * img.size[1] > MAX_PIXELS:
                raise Skipped("bomb")
            img.seek(0)
            if img.format == "JPEG" and max(img.size) > 2 * OCR_MAX_SIDE:
                img.draft("L", (OCR_MAX_SIDE, OCR_MAX_SIDE))  # decode at a reduced scale: faster, less memory
            img.load()
            return ImageOps.exif_transpose(img)
    except Skipped:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Skipped("bomb") from None
    except Exception:  # noqa: BLE001 - any decoder failure is a malformed file, said without detail
        raise Skipped("malformed") from None


def _heic_support() -> bool:
    try:
        from pillow_heif import register_heif_opener  # optional
    except ImportError:
        return False
    register_heif_opener()
    return True


def _pdf(data: bytes, deadline: float) -> Extracted:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise Skipped("unsupported") from None
    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001
        raise Skipped("malformed") from None
    try:
        n = len(doc)
        texts, ocr = [], False
        for i in range(min(n, MAX_PAGES)):
            _deadline_left(deadline)
            page = doc[i]
            try:
                tp = page.get_textpage()
                text = tp.get_text_bounded() or ""
                tp.close()
                if len(text.strip()) < TEXT_LAYER_MIN:
                    w, h = page.get_size()
                    scale = min(PDF_RENDER_SCALE, (MAX_PIXELS / max(1.0, w * h)) ** 0.5)
                    img = page.render(scale=scale, grayscale=True).to_pil()
                    text = ocr_image(img, deadline)
                    ocr = True
            finally:
                page.close()
            texts.append(text)
        return Extracted("\n\n".join(texts), "pdf", pages=n, ocr=ocr, pages_skipped=max(0, n - MAX_PAGES))
    except Skipped:
        raise
    except Exception:  # noqa: BLE001
        raise Skipped("malformed") from None
    finally:
        doc.close()


def extract(data: bytes, mimetype: str | None = None, *, time_limit_s: float = TIME_LIMIT_S) -> Extracted:
    """The text written in a file's bytes, or :class:`Skipped`. Synchronous
    and blocking (OCR takes about a second): call it through :class:`FileReader`
    from async code."""
    if len(data) > MAX_BYTES:
        raise Skipped("too_large")
    deadline = time.monotonic() + time_limit_s
    kind = sniff(data, mimetype)
    if kind == "pdf":
        return _pdf(data, deadline)
    if kind == "text":
        return Extracted(data.decode("utf-8", "replace"), "text")
    if kind in IMAGE_KINDS:
        if kind == "heic" and not _heic_support():
            raise Skipped("unsupported")
        img = _open_image(data)
        return Extracted(ocr_image(img, deadline), "image", ocr=True)
    raise Skipped("unsupported")


class FileReader:
    """Extraction off the event loop: a thread pool (Tesseract runs as a
    child process, Pillow and pdfium release the GIL) behind a bounded queue.
    ``skipped`` counts files not read, by reason (no content)."""

    def __init__(self, workers: int | None = None, max_queued: int = 32):
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="discreet-files")
        self._slots = asyncio.BoundedSemaphore(self.workers + max_queued)
        self.skipped: dict[str, int] = {}
        self.read = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    async def extract(self, data: bytes, mimetype: str | None = None) -> Extracted | None:
        """The text, or None when the file was skipped (and counted)."""
        if self._slots.locked():
            self.skip("busy")
            return None
        async with self._slots:
            try:
                out = await asyncio.get_running_loop().run_in_executor(self._pool, extract, data, mimetype)
            except Skipped as s:
                self.skip(s.reason)
                return None
        self.read += 1
        return out

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
