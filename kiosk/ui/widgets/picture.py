"""Pictures from the media manifest as pixmaps: SVG rendered crisp at the asked size, PNG/JPEG scaled."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.content.media import MediaManifest

log = logging.getLogger("kiosk")


@cache
def _render(path: str, width: int, height: int) -> QPixmap:
    if path.endswith(".svg"):
        renderer = QSvgRenderer(path)
        if not renderer.isValid():
            return QPixmap()
        size = renderer.defaultSize().scaled(QSize(width, height), Qt.AspectRatioMode.KeepAspectRatio)
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return pixmap
    pixmap = QPixmap(path)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def media_pixmap(manifest: MediaManifest | None, media_id: str | None, size: QSize, language: str = "fr") -> QPixmap:
    """The picture of ``media_id`` (its ``language`` file, if it has one per language) fitted in ``size``;
    a null pixmap if it is unknown or unreadable."""
    if manifest is None or not media_id or media_id not in manifest.items:
        return QPixmap()
    path: Path = manifest.path_of(media_id, language)
    pixmap = _render(str(path), size.width(), size.height())
    if pixmap.isNull():
        log.warning("picture %s (%s) could not be read", media_id, path)
    return pixmap
