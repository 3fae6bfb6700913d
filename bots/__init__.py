"""Discreet's bots: the platform-neutral service, its storage, and the Slack,
Telegram and console adapters. Nothing here matches text: that is ``core``'s."""
