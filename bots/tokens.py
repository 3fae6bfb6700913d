"""Encryption at rest for the bot tokens of Slack installs.

``DISCREET_TOKEN_KEY`` holds one or more Fernet keys (AES-128-CBC with
HMAC-SHA256, from ``cryptography``), comma-separated, newest first: the
first encrypts, every one decrypts, so a key is rotated by putting a new one
in front and, once every install has been re-saved (re-installed), dropping
the old one. Make a key with::

    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"

The key never goes into the database; without it the stored tokens are
useless.
"""

from __future__ import annotations


class TokenKeyError(ValueError):
    pass


def cipher(keys: str):
    """A ``MultiFernet`` over the comma-separated keys (TokenKeyError when one is malformed)."""
    from cryptography.fernet import Fernet, MultiFernet

    parts = [k.strip() for k in keys.split(",") if k.strip()]
    if not parts:
        raise TokenKeyError("empty")
    try:
        return MultiFernet([Fernet(k.encode()) for k in parts])
    except (ValueError, TypeError):
        raise TokenKeyError("each key must be a Fernet key (32 bytes, url-safe base64; make one with "
                            "python -c \"from cryptography.fernet import Fernet; "
                            "print(Fernet.generate_key().decode())\")") from None
