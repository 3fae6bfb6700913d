"""The Slack adapter (slack-bolt, async): see ``app.py`` and ``docs/slack.md``.

    await bots.slack.run(config, service)    # until cancelled
    web_app = bots.slack.build_app(config, service)   # tests: serve it on 127.0.0.1
"""

from .app import PLATFORM, SlackAdapter, to_inbound
from .server import ADAPTER, EVENTS_PATH, build_app, build_web_app, run

__all__ = ["ADAPTER", "EVENTS_PATH", "PLATFORM", "SlackAdapter", "build_app", "build_web_app", "run", "to_inbound"]
