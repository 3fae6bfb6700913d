"""The Telegram bot (python-telegram-bot v22) over ``bots.service``.

``run(config, service)`` runs it until cancelled; ``build_application`` gives
the configured ``Application`` without starting it.
"""

__all__ = ["TelegramBot", "build_application", "run"]


def __getattr__(name):  # lazy: `bots.telegram.render` needs neither the service nor the store
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
