"""The Qt layer: the only package that imports PySide6 or pyqtgraph. Widgets show and forward."""
