"""YUV → RGB for the GPU renderer: the matrix and offset of the colour spaces decoders report."""

from __future__ import annotations

import numpy as np

# (Kr, Kb) of the colour matrices decoders report.
_MATRICES = {"bt601": (0.299, 0.114), "bt709": (0.2126, 0.0722), "bt2020": (0.2627, 0.0593)}


def yuv_to_rgb(matrix: str = "bt601", full_range: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The 3×3 matrix and offset that turn normalised ``(Y, U, V)`` (0…1) into RGB (0…1).

    ``rgb = M @ (yuv - offset)``; limited range is Y 16…235 and U, V 16…240 (of 255), as decoders give
    for video. ``bt601`` limited is what ``cv2.COLOR_YUV2BGR_I420`` does.
    """
    kr, kb = _MATRICES[matrix]
    kg = 1.0 - kr - kb
    ys, cs = (1.0, 1.0) if full_range else (255.0 / 219.0, 255.0 / 224.0)
    m = np.array(
        [
            [ys, 0.0, 2.0 * (1.0 - kr) * cs],
            [ys, -2.0 * (1.0 - kb) * kb / kg * cs, -2.0 * (1.0 - kr) * kr / kg * cs],
            [ys, 2.0 * (1.0 - kb) * cs, 0.0],
        ]
    )
    offset = np.array([0.0 if full_range else 16.0 / 255.0, 128.0 / 255.0, 128.0 / 255.0])
    return m, offset
