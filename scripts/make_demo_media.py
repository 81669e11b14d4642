"""Draw the demo 360° stills shipped in media/360/ (original, CC0): run once, outputs are committed.

* ``demo-paysage.jpg``: an equirectangular 4096×2048 landscape — sky gradient, sun, a ring of
  mountains, a lake, and coloured direction posts (front/back/left/right) so visitors see where
  they look. Drawn analytically from longitude/latitude with the dome core's equirect convention.
* ``demo-grille.png``: the dome core's lat/long calibration grid with direction markers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dome import Equirect  # noqa: E402
from dome.equirect import pixel_to_lonlat  # noqa: E402
from dome.patterns import draw_pattern  # noqa: E402


def landscape(width: int = 4096) -> np.ndarray:
    h, w = width // 2, width
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    lon, lat = pixel_to_lonlat(xs, ys, (h, w))
    sky_top, sky_low = np.array([120, 60, 20.0]), np.array([235, 200, 150.0])  # BGR
    t = np.clip(lat / (np.pi / 2), 0, 1)[..., None]
    image = sky_low * (1 - t) ** 1.5 + sky_top * (1 - (1 - t) ** 1.5)
    sun = np.exp(-((lon - 0.6) ** 2 + (lat - 0.45) ** 2) / 0.004)[..., None]
    image = image * (1 - sun) + np.array([200, 245, 255.0]) * sun
    ridge = 0.12 + 0.07 * np.sin(3 * lon + 1) + 0.03 * np.sin(7 * lon) + 0.015 * np.sin(17 * lon + 2)
    mountain = (lat < ridge) & (lat > 0)
    shade = (0.6 + 0.4 * np.cos(lon - 0.6))[..., None]
    image = np.where(mountain[..., None], np.array([110, 120, 95.0]) * shade, image)
    ground = lat <= 0
    lake = ground & ((lon / 0.9) ** 2 + ((lat + 0.16) / 0.15) ** 2 < 1)
    image = np.where(ground[..., None], np.array([60, 130, 70.0]) * (0.7 + 0.3 * (1 + lat[..., None])), image)
    image = np.where(lake[..., None], np.array([175, 125, 55.0]) + 12 * np.sin(lat * 40 + lon * 3)[..., None], image)
    image = np.clip(image, 0, 255).astype(np.uint8)
    posts = {
        "AVANT / FRONT": (0.0, (40, 40, 220)),
        "DROITE / RIGHT": (np.pi / 2, (40, 180, 40)),
        "ARRIÈRE / BACK": (np.pi, (200, 80, 40)),
        "GAUCHE / LEFT": (-np.pi / 2, (30, 200, 230)),
    }
    for label, (post_lon, colour) in posts.items():
        x = int(((post_lon / (2 * np.pi)) + 0.5) * w) % w
        y = int((0.5 - 0.02 / np.pi) * h)
        cv2.rectangle(image, (x - 6, y), (x + 6, y + int(0.12 * h)), (60, 60, 60), -1)
        text = label.replace("È", "E")  # Hershey fonts have no accents
        size = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, 1.6, 3)[0]
        cv2.rectangle(image, (x - size[0] // 2 - 14, y - size[1] - 30), (x + size[0] // 2 + 14, y - 4), colour, -1)
        cv2.putText(
            image, text, (x - size[0] // 2, y - 18), cv2.FONT_HERSHEY_DUPLEX, 1.6, (255, 255, 255), 3, cv2.LINE_AA
        )
    return image


def main() -> None:
    out = ROOT / "media" / "360"
    out.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out / "demo-paysage.jpg"), landscape(), [cv2.IMWRITE_JPEG_QUALITY, 88])
    cv2.imwrite(str(out / "demo-grille.png"), draw_pattern("latlong", Equirect(2048, 1024)))


if __name__ == "__main__":
    main()
