"""Slack installs ("Add to Slack") kept in Discreet's own database.

Bolt's ``AsyncInstallationStore`` and ``AsyncOAuthStateStore`` over the
``Store``'s ``meta`` table, so SQLite and PostgreSQL hold them alike and
every worker sees an install made through any other:

- ``slack_install:<enterprise or ->:<team>``: the installation (ids, scopes,
  the bot token and any refresh token) as JSON, **encrypted** with
  ``DISCREET_TOKEN_KEY`` (``bots/tokens.py``). Nothing readable is stored;
  the key is never stored.
- ``slack_oauth_state:<state>``: the expiry of an OAuth ``state`` (issued at
  "Add to Slack", consumed once at the redirect).

``app_uninstalled`` and ``tokens_revoked`` delete the installation (Bolt's
token-revocation listeners call the delete methods here).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from datetime import datetime
from typing import Optional

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

log = logging.getLogger("discreet.slack.installs")
INSTALL_PREFIX = "slack_install:"
STATE_PREFIX = "slack_oauth_state:"
STATE_TTL_S = 600


def install_key(enterprise_id: str | None, team_id: str | None) -> str:
    return f"{INSTALL_PREFIX}{enterprise_id or '-'}:{team_id or '-'}"


def _plain(d: dict) -> dict:
    return {k: (v.timestamp() if isinstance(v, datetime) else v) for k, v in d.items()}


class StoreInstallationStore(AsyncInstallationStore):
    def __init__(self, store, token_key: str):
        from discreet.bots.tokens import cipher

        self.store = store
        self._fernet = cipher(token_key)
        self._logger = log

    @property
    def logger(self):
        return self._logger

    # -- writing ---------------------------------------------------------------
    async def async_save(self, installation: Installation):
        data = _plain(installation._to_standard_value_dict())
        if installation.is_enterprise_install:
            data["team_id"] = None  # an org-wide install answers for every team of the org
        blob = self._fernet.encrypt(json.dumps(data).encode())
        await self.store.set_meta(install_key(installation.enterprise_id, data["team_id"]), blob)
        log.info("slack: installed in team %s", installation.team_id or installation.enterprise_id)

    async def async_save_bot(self, bot: Bot):
        pass  # the installation (saved with it) holds the bot

    # -- reading ---------------------------------------------------------------
    async def _load(self, enterprise_id, team_id, is_enterprise_install) -> Installation | None:
        keys = [install_key(enterprise_id, None if is_enterprise_install else team_id)]
        if enterprise_id and not is_enterprise_install:
            keys.append(install_key(enterprise_id, None))  # a team of an org-wide install
        for key in keys:
            blob = await self.store.get_meta(key)
            if blob is None:
                continue
            from cryptography.fernet import InvalidToken
            try:
                data = json.loads(self._fernet.decrypt(blob))
            except InvalidToken:
                log.error("slack: the install of %s cannot be decrypted with DISCREET_TOKEN_KEY", team_id)
                return None
            return Installation(**data)
        return None

    async def async_find_installation(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                                      user_id: Optional[str] = None,
                                      is_enterprise_install: Optional[bool] = False) -> Optional[Installation]:
        return await self._load(enterprise_id, team_id, is_enterprise_install)

    async def async_find_bot(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                             is_enterprise_install: Optional[bool] = False) -> Optional[Bot]:
        inst = await self._load(enterprise_id, team_id, is_enterprise_install)
        return inst.to_bot() if inst is not None and inst.bot_token else None

    # -- deleting (uninstall, revoked tokens) ----------------------------------
    async def _delete(self, enterprise_id, team_id) -> None:
        await self.store.set_meta(install_key(enterprise_id, team_id), None)
        log.info("slack: install of team %s deleted", team_id or enterprise_id)

    async def async_delete_bot(self, *, enterprise_id: Optional[str], team_id: Optional[str]) -> None:
        await self._delete(enterprise_id, team_id)  # Discreet uses only the bot: nothing is left to keep

    async def async_delete_installation(self, *, enterprise_id: Optional[str], team_id: Optional[str],
                                        user_id: Optional[str] = None) -> None:
        if user_id is None:  # a user's own token revoked: Discreet holds none
            await self._delete(enterprise_id, team_id)

    async def async_delete_all(self, *, enterprise_id: Optional[str], team_id: Optional[str]):
        await self._delete(enterprise_id, team_id)


class StoreStateStore(AsyncOAuthStateStore):
    """OAuth ``state`` values shared by every worker (the redirect may reach
    another worker than the one that sent the user to Slack)."""

    def __init__(self, store, ttl_s: int = STATE_TTL_S):
        self.store, self.ttl_s = store, ttl_s

    @property
    def logger(self):
        return log

    async def async_issue(self, *args, **kwargs) -> str:
        state = secrets.token_urlsafe(24)
        await self.store.set_meta(STATE_PREFIX + state, str(time.time() + self.ttl_s).encode())
        return state

    async def async_consume(self, state: str) -> bool:
        key = STATE_PREFIX + state
        value = await self.store.get_meta(key)
        if value is None:
            return False
        await self.store.set_meta(key, None)
        return float(value) > time.time()
