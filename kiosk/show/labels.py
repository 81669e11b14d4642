"""Pattern labels in French or English, drawn with a TrueType font (accents included) onto the output.

:func:`dome.patterns.place_labels` says where a label lands and which way its baseline and its "up" point
in the output image (through tilt, mesh and flips); here each text is rasterised once with Pillow's
FreeType renderer (DejaVu Sans Bold when the system has it, else Pillow's own scalable font) and mapped
onto those axes with one affine warp, so a label painted on the dome reads right side up towards the
zenith, and mirrored outputs (a flipped projector) show it unmirrored on the dome.

Label texts come from the locale tables (``dome.pattern_label.<key>``); altitude labels such as ``30°``
are the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from dome.patterns import LabelPlacement
from kiosk.i18n import strings

FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
RASTER_PX = 64  # glyph height of the rasterised text, before it is mapped onto the dome


@cache
def _font() -> Any:
    """The TrueType font (Pillow is imported here, not at start-up: the kiosk starts faster)."""
    from PIL import ImageFont

    for path in FONT_FILES:
        if path.is_file():
            return ImageFont.truetype(str(path), RASTER_PX)
    return ImageFont.load_default(RASTER_PX)


@cache
def text_mask(text: str) -> np.ndarray:
    """float32 coverage (0…1) of ``text``, glyphs ``RASTER_PX`` tall, with a small empty margin."""
    from PIL import Image, ImageDraw

    font = _font()
    left, top, right, bottom = font.getbbox(text)
    pad = RASTER_PX // 6
    image = Image.new("L", (int(right - left) + 2 * pad, int(bottom - top) + 2 * pad), 0)
    ImageDraw.Draw(image).text((pad - left, pad - top), text, fill=255, font=font)
    return np.asarray(image, dtype=np.float32) / 255.0


def label_text(key: str, language: str) -> str:
    """The words of label ``key`` in ``language`` (keys without a translation, like ``30°``, as they are)."""
    return strings(language).get(f"dome.pattern_label.{key}", key)


@dataclass(frozen=True)
class LabelSprite:
    """One label ready to blend: an RGB colour and a coverage patch placed at ``(x0, y0)`` in the output."""

    x0: int
    y0: int
    alpha: np.ndarray  # float32 (h, w), 0…1
    colour: tuple[int, int, int]  # RGB


def _affine(placement: LabelPlacement, mask_shape: tuple[int, int]) -> np.ndarray:
    """2×3 matrix: text-mask pixels → output pixels, the mask's height = the label's height in degrees."""
    h, w = mask_shape
    per_px = placement.label.height_deg / RASTER_PX  # degrees of arc per mask pixel
    right = np.array(placement.right) * per_px
    down = -np.array(placement.up) * per_px  # mask rows grow downwards, away from the zenith
    centre = np.array([(w - 1) / 2.0, (h - 1) / 2.0])
    origin = np.array([placement.x, placement.y]) - right * centre[0] - down * centre[1]
    return np.array([[right[0], down[0], origin[0]], [right[1], down[1], origin[1]]], dtype=np.float64)


def label_sprites(placements: list[LabelPlacement], shape: tuple[int, int], language: str) -> list[LabelSprite]:
    """Rasterise and place every label for an output of ``shape`` ``(h, w)``; labels fully outside are left out."""
    sprites = []
    oh, ow = shape
    for placement in placements:
        mask = text_mask(label_text(placement.label.key, language))
        matrix = _affine(placement, mask.shape)
        corners = matrix @ np.array(
            [[0, mask.shape[1], 0, mask.shape[1]], [0, 0, mask.shape[0], mask.shape[0]], [1, 1, 1, 1]]
        )
        x0, y0 = (int(np.floor(corners[k].min())) - 1 for k in (0, 1))
        x1, y1 = (int(np.ceil(corners[k].max())) + 2 for k in (0, 1))
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, ow), min(y1, oh)
        if x1 <= x0 or y1 <= y0:
            continue
        matrix[:, 2] -= (x0, y0)
        patch = cv2.warpAffine(mask, matrix, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR)
        b, g, r = placement.label.colour
        sprites.append(LabelSprite(x0, y0, patch, (r, g, b)))
    return sprites


def blend_sprites(rgb: np.ndarray, sprites: list[LabelSprite], dim: float = 1.0) -> None:
    """Paint ``sprites`` into the RGB image in place (``dim`` 0…1 scales them with a fade to black)."""
    for sprite in sprites:
        h, w = sprite.alpha.shape
        view = rgb[sprite.y0 : sprite.y0 + h, sprite.x0 : sprite.x0 + w]
        alpha = sprite.alpha[..., None]
        colour = np.array(sprite.colour, np.float32) * dim
        view[...] = (view * (1.0 - alpha) + colour * alpha + 0.5).astype(np.uint8)
