"""Café numérique kiosk: the application.

``kiosk/`` holds the pure core (settings, paths, content, scoring, event log, sync…);
``kiosk/ui/`` is the only package that imports Qt (see ARCHITECTURE.md).
"""

__version__ = "0.1.0"
