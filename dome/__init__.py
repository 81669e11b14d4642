"""The OpenCV mapping core: every projection the dome and VR stations need, exact and fast.

Pure numpy + OpenCV. Never imports ``kiosk``, Qt or pyqtgraph.

Conventions (stated once here, pinned by the ``test_convention_*`` tests in ``tests/dome``)
------------------------------------------------------------------------------------------
* **Frame**: right-handed, +x right, +y up, +z forward (the audience looks forward).
* **Longitude** 0 is forward (+z), positive to the right (towards +x), range [-pi, pi).
  **Latitude** is positive up, range [-pi/2, pi/2].
* **Units**: radians inside the package; degrees only at the edges, always with a ``_deg`` suffix.
* **Images** are ``(h, w)`` arrays; pixel centres sit at integer coordinates, so an image of width ``w``
  spans ``-0.5 ... w - 0.5`` in continuous coordinates. Every projection is defined on that continuous
  grid, which is what makes ``scaled(1/2)`` the exact geometry of a 4:2:0 chroma plane.
* **Equirectangular**: ``x = (lon / 2pi + 0.5) * w - 0.5``, ``y = (0.5 - lat / pi) * h - 0.5``: longitude
  -180° and +180° both sit on the left/right *edges* of the image (not on pixel centres), so there is no
  duplicated seam column. FFmpeg ``v360`` instead puts -180…+180° on pixel centres ``0 … w-1`` (scale
  ``w-1``); the two differ by up to half a pixel (≈0.2 px median). We keep the edge convention because it
  is the one of py360convert, OpenCV and the OpenGL texture lookup the GPU player uses, and because the
  seam then needs no duplicated column.
* **Fisheye / domemaster**: equidistant (radius proportional to the angle from the lens axis). The lens
  frame looks along +z with image right = +x and image down = -y. A **domemaster** is that lens pitched up
  by ``90° - tilt``: at tilt 0 the zenith is at the centre, the **front of the dome at the bottom** of the
  image, right at the right (as seen from inside), and the 180° rim touches the edges of the square.
  This equals FFmpeg ``v360=e:fisheye:h_fov=180:v_fov=180:pitch=90`` (``pitch = 90 - tilt``).
* **Orientation of the content** (yaw, pitch, roll): ``d_content = Ry(yaw) · Rpitch(pitch) · Rroll(roll) ·
  d_view``. Positive yaw turns the view to the right, so content at longitude +yaw comes to the front
  (FFmpeg ``yaw``); positive pitch looks up; positive roll turns the view clockwise as seen by the viewer.
  **Dome tilt** (0° planetarium … 30° tilted) moves the dome's zenith towards the front.
* **Maps are inverse maps**: for each output pixel, where to sample in the source (``map_x``, ``map_y``
  in source pixels), plus a validity mask and an optional gain.
"""

from __future__ import annotations

from dome.cache import MapCache
from dome.cubemap import Cubemap
from dome.equirect import Equirect
from dome.fisheye import Fisheye, domemaster
from dome.maps import Mapping, Maps, build_maps
from dome.mesh import WarpMesh, read_mesh, write_mesh
from dome.mirror import SphericalMirror
from dome.perspective import Perspective
from dome.sphere import Orientation
from dome.warper import Warper

__all__ = [
    "Cubemap",
    "Equirect",
    "Fisheye",
    "MapCache",
    "Mapping",
    "Maps",
    "Orientation",
    "Perspective",
    "SphericalMirror",
    "WarpMesh",
    "Warper",
    "build_maps",
    "domemaster",
    "read_mesh",
    "write_mesh",
]
