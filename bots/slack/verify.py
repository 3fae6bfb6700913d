"""Authenticate before parsing: a request to ``/slack/events`` is checked
on its raw bytes (Slack's v0 signature and a fresh timestamp) before anything
reads it as text, JSON or a form; only then is it parsed, with limits.

    raw, payload = await screen(request, secret)   # or raises Refusal(status, reason):
    # 401: unsigned, forged or stale, whatever the body (the HMAC is computed
    #      while reading, so even a huge forged body gets its 401);
    # 413: signed but over MAX_BODY (or over MAX_READ, not read through);
    # 400: signed but not UTF-8, not JSON, nested too deep, or the wrong shape;
    # 415: a content type Slack never sends

The reason is a short fixed phrase, never a piece of the body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

MAX_BODY = 1 << 20  # bytes: Slack's payloads are far smaller
MAX_READ = 16 << 20  # a larger body is not even read through (413 unauthenticated)
MAX_DEPTH = 64  # JSON nesting (Slack's blocks go a dozen deep)
MAX_SKEW_S = 5 * 60  # Slack's own rule for the request timestamp


class Refusal(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _depth_ok(value, limit: int = MAX_DEPTH) -> bool:
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            v = v.values()
        elif not isinstance(v, list):
            continue
        if d > limit:
            return False
        stack.extend((x, d + 1) for x in v if isinstance(x, (dict, list)))
    return True


def parse_json(text: str) -> dict:
    try:
        value = json.loads(text)
    except RecursionError:
        raise Refusal(400, "nested too deep") from None
    except ValueError:
        raise Refusal(400, "not JSON") from None
    if not isinstance(value, dict):
        raise Refusal(400, "not a JSON object")
    if not _depth_ok(value):
        raise Refusal(400, "nested too deep")
    return value


def parse(body: bytes, content_type: str) -> dict:
    """The signed body as Slack's payload, or ``Refusal(400/415)``."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "not UTF-8") from None
    if content_type == "application/json":
        payload = parse_json(text)
        kind = payload.get("type")
        if kind == "event_callback" and not isinstance(payload.get("event"), dict):
            raise Refusal(400, "event is not an object")
        if kind is not None and not isinstance(kind, str):
            raise Refusal(400, "type is not a string")
        return payload
    if content_type == "application/x-www-form-urlencoded":
        try:
            form = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=1000))
        except ValueError:
            raise Refusal(400, "not a form") from None
        if "payload" in form:
            inner = parse_json(form["payload"])
            if not isinstance(inner.get("type", ""), str):
                raise Refusal(400, "type is not a string")
        return form
    raise Refusal(415, "unsupported content type")


async def screen(request, secret: str) -> tuple[bytes, dict]:
    """Read, authenticate and parse an aiohttp request: (raw body, payload),
    or ``Refusal``. Missing or stale signature headers are refused before
    the body is read at all."""
    headers = request.headers
    if not headers.get("X-Slack-Signature") or not headers.get("X-Slack-Request-Timestamp"):
        raise Refusal(401, "unsigned")
    try:
        if abs(time.time() - int(headers["X-Slack-Request-Timestamp"])) > MAX_SKEW_S:
            raise Refusal(401, "stale")
    except ValueError:
        raise Refusal(401, "bad timestamp") from None
    if not secret:
        raise Refusal(401, "unsigned")
    if request.content_length is not None and request.content_length > MAX_READ:
        raise Refusal(413, "too large")
    # The signature is computed while reading, so a forged body too large to
    # keep still gets its 401; only a signed one gets the 413.
    ts = headers["X-Slack-Request-Timestamp"]
    mac = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":", hashlib.sha256)
    body, size = bytearray(), 0
    async for chunk in request.content.iter_chunked(1 << 16):
        mac.update(chunk)
        size += len(chunk)
        if size > MAX_READ:
            raise Refusal(413, "too large")
        if size <= MAX_BODY:
            body += chunk
    want = ("v0=" + mac.hexdigest()).encode()
    if not hmac.compare_digest(want, headers["X-Slack-Signature"].encode("utf-8", "replace")):
        raise Refusal(401, "bad signature")
    if size > MAX_BODY:
        raise Refusal(413, "too large")
    raw = bytes(body)
    return raw, parse(raw, request.content_type)
