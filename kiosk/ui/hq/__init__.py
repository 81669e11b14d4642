"""The HQ dashboard window (pyqtgraph). Launched by ``kiosk hq dashboard``; never used on a kiosk."""
