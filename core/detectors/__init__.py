"""Detector families. Each module exposes ``Detector``: built once from its
policy pack, then ``detect(doc, ctx, found)`` per message.

The order matters: later detectors see what earlier ones found (``found``),
so the name detector can use an ID number nearby as evidence, and the
combination detector can see everything before it.
"""

MODULES = ("numbers", "contacts", "dates", "names", "entries", "combination", "derogatory")
