"""GLSL of the GPU dome renderer: one full-screen triangle, one fragment shader that does it all.

The fragment shader reproduces the chain of :mod:`dome.maps` for each output pixel, on the GPU:

* **Output pixel** ``(x, y)`` of the ``W × H`` output image, pixel centres at integers, y down (the
  conventions of :mod:`dome`); the vertex shader hands over ``v_out`` = ``((x + 0.5) / W, (y + 0.5) / H)``,
  so the image's top row is drawn at the top of the viewport.
* **Geometry, mode "maps"** (exact; meshes and mirrors included): ``u_map`` (RG32F, one texel per output
  pixel) holds the *source texture coordinates* ``((map_x + 0.5) / w, (map_y + 0.5) / h)`` of
  :class:`dome.maps.Maps`, ``u_mask`` (RG8) the gain and the validity.
* **Geometry, mode "analytic"** (live calibration: a slider is one uniform): the target projection
  (equidistant fisheye or perspective) turns the pixel into a direction, ``u_rotation`` (=
  :meth:`dome.maps.Mapping.rotation`, target lens → source lens) turns it, the source projection
  (equirect or fisheye) gives the source texture coordinate. A warp mesh or mirror, when there is one,
  is a texture of intermediate (target-image) pixel coordinates in ``u_map`` + gain/validity in ``u_mask``.
* **Sampling**: bilinear on each plane of the source, repeating in u for an equirect source (the ±180°
  seam, like ``BORDER_WRAP``), clamped in v (the first/last row, like the CPU's clamp to row centres).
  All planes share one normalised texture coordinate: a 4:2:0 chroma sample sits at the centre of its
  2×2 luma block, as in :mod:`dome.warper`. With mipmaps on (the source shrinks ≥ 2×), ``textureGrad``
  gets derivatives unwrapped across the seam and scaled by cos(latitude), so neither the seam nor the
  poles blur.
* **Output transform**: ``u_output`` (a 3×3 affine map of normalised output coordinates) undoes the
  projector's rotation and flips before the lookup, for geometries computed in the unrotated frame.
* **Colour**, in the order of :class:`kiosk.show.render.ProjectorRenderer`: for video, the luma curve
  (``u_curves.a``, limited range) on Y and the chroma pulled towards grey by ``u_chroma``, then YUV → RGB
  by ``u_yuv`` (BT.601 or BT.709, limited or full range); for stills, the per-channel curve
  (``u_curves.rgb``); then the mesh/mirror gain, then an RGBA overlay (pattern labels) blended on top,
  its colour dimmed by ``u_overlay_dim`` (the fade); the border colour outside the picture.
"""

from __future__ import annotations

VERTEX = """
out vec2 v_out;
void main() {
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
    v_out = vec2(p.x, 1.0 - p.y);  // output image coordinates / size, y down
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
"""

FRAGMENT = """
in vec2 v_out;
out vec4 frag;

const float PI = 3.14159265358979;
const int MAPS = 0, ANALYTIC = 1;
const int FISHEYE = 0, PERSPECTIVE = 1, EQUIRECT = 2;
const int YUV420 = 0, BGR = 1, NV12 = 2;

uniform int u_geometry;
uniform vec2 u_out_size;          // geometry W, H (px), before the output transform
uniform mat3 u_output;            // final output coords (0..1, y down) -> geometry coords
uniform sampler2D u_map;          // maps: source tex coords; analytic + warp: intermediate px coords
uniform sampler2D u_mask;         // r = gain, g = valid
uniform bool u_has_warp;
uniform int u_target;             // FISHEYE or PERSPECTIVE
uniform vec4 u_target_p;          // fisheye: cx, cy, radius px, half fov rad; perspective: cx, cy, focal px
uniform vec2 u_target_size;       // the target image W, H (px) when there is no warp
uniform mat3 u_rotation;          // target lens frame -> source lens frame
uniform int u_source;             // EQUIRECT or FISHEYE
uniform vec4 u_source_p;          // fisheye source: cx, cy, radius px, half fov rad
uniform vec2 u_source_size;       // source luma W, H (px)
uniform bool u_wrap_x;            // equirect source: u repeats
uniform int u_format;             // YUV420, BGR or NV12 (u_u holds U and V as RG)
uniform sampler2D u_y;            // luma (or the BGR image)
uniform sampler2D u_u;
uniform sampler2D u_v;
uniform mat3 u_yuv;               // (Y, U, V) - offset -> RGB, all in 0..1
uniform vec3 u_yuv_offset;
uniform sampler2D u_curves;       // 256 x 1 RGBA8: rgb = per-channel curve of stills, a = luma curve of video
uniform float u_chroma;           // chroma scale around grey (the fade), video only
uniform sampler2D u_overlay;      // RGBA8 of the final output size: labels painted on top
uniform bool u_has_overlay;
uniform float u_overlay_dim;
uniform vec3 u_border;            // RGB 0..1

// Fisheye (equidistant): pixel -> unit direction in its lens frame (image right = +x, image down = -y).
vec3 fisheye_dir(vec2 px, vec4 p, out bool ok) {
    vec2 d = (px - p.xy) / p.z;
    float r = length(d);
    float theta = r * p.w;
    float k = r > 0.0 ? sin(theta) / r : p.w;
    ok = r <= 1.0 + 1e-6;
    return vec3(k * d.x, -k * d.y, cos(theta));
}

vec3 perspective_dir(vec2 px, vec4 p) {
    return normalize(vec3((px.x - p.x) / p.z, -(px.y - p.y) / p.z, 1.0));
}

// Direction in the source lens frame -> source texture coordinate (u right, v down).
vec2 source_coord(vec3 d, out bool ok) {
    ok = true;
    if (u_source == EQUIRECT) {
        float lon = atan(d.x, d.z);
        float lat = atan(d.y, length(d.xz));
        return vec2(lon / (2.0 * PI) + 0.5, 0.5 - lat / PI);
    }
    float s = length(d.xy);
    float theta = atan(s, d.z);
    float k = s > 0.0 ? u_source_p.z / u_source_p.w * theta / s : u_source_p.z / u_source_p.w;
    ok = theta <= u_source_p.w + 1e-6;
    vec2 px = vec2(u_source_p.x + k * d.x, u_source_p.y - k * d.y);
    px = clamp(px, vec2(0.0), u_source_size - 1.0);
    return (px + 0.5) / u_source_size;
}

// Source texture coordinate, gain and validity of this output pixel.
vec2 locate(vec2 at, out float gain, out bool ok) {
    ivec2 texel = clamp(ivec2(at * u_out_size), ivec2(0), ivec2(u_out_size) - 1);
    gain = 1.0;
    ok = true;
    vec2 inter = at * u_out_size - 0.5;  // output pixel = target pixel without a warp
    if (u_geometry == MAPS || u_has_warp) {
        vec2 m = texelFetch(u_mask, texel, 0).rg;
        gain = m.r;
        ok = m.g > 0.5;
        if (u_geometry == MAPS) return texelFetch(u_map, texel, 0).rg;
        inter = texelFetch(u_map, texel, 0).rg;
    }
    bool target_ok = true;
    vec3 d = u_target == FISHEYE ? fisheye_dir(inter, u_target_p, target_ok) : perspective_dir(inter, u_target_p);
    bool source_ok;
    vec2 uv = source_coord(u_rotation * d, source_ok);
    ok = ok && target_ok && source_ok;
    return uv;
}

vec4 curve(float t) { return texture(u_curves, vec2(t, 0.5)); }  // t = (value * 255 + 0.5) / 256

vec3 sample_source(vec2 uv, vec2 dx, vec2 dy) {
    if (u_format == BGR) {
        vec3 c = (clamp(textureGrad(u_y, uv, dx, dy).bgr, 0.0, 1.0) * 255.0 + 0.5) / 256.0;
        return vec3(curve(c.r).r, curve(c.g).g, curve(c.b).b);
    }
    float y = textureGrad(u_y, uv, dx, dy).r;
    vec2 c = u_format == NV12 ? textureGrad(u_u, uv, dx, dy).rg
                              : vec2(textureGrad(u_u, uv, dx, dy).r, textureGrad(u_v, uv, dx, dy).r);
    c -= 128.0 / 255.0;
    vec3 yuv = vec3(curve((y * 255.0 + 0.5) / 256.0).a, c * u_chroma + 128.0 / 255.0);
    return u_yuv * (yuv - u_yuv_offset);
}

void main() {
    vec2 at = (u_output * vec3(v_out, 1.0)).xy;
    float gain;
    bool ok;
    vec2 uv = locate(at, gain, ok);
    vec2 dx = dFdx(uv), dy = dFdy(uv);  // in uniform control flow, before any branch
    if (u_wrap_x) {
        // An equirect source: a neighbour across the seam is one turn away, not a whole texture; and a
        // texel's width on the sphere shrinks as cos(latitude) = sin(pi v), so the mip level follows the
        // true footprint (near a pole the longitude spins but the picture does not change).
        dx.x -= floor(dx.x + 0.5);
        dy.x -= floor(dy.x + 0.5);
        float shrink = sin(PI * clamp(uv.y, 0.0, 1.0));
        dx.x *= shrink;
        dy.x *= shrink;
    }
    vec3 rgb = ok ? clamp(sample_source(uv, dx, dy), 0.0, 1.0) * gain : u_border;
    if (u_has_overlay) {
        vec4 label = texture(u_overlay, v_out);
        rgb = rgb * (1.0 - label.a) + label.rgb * label.a * u_overlay_dim;  // as kiosk.show.labels blends
    }
    frag = vec4(rgb, 1.0);
}
"""


def program_sources(gles: bool) -> tuple[str, str]:
    """Vertex and fragment sources for OpenGL 3.3 core (``gles`` False) or OpenGL ES 3.0."""
    header = "#version 300 es\nprecision highp float;\nprecision highp int;\n" if gles else "#version 330 core\n"
    fragment_header = header + ("precision highp sampler2D;\n" if gles else "")
    return header + VERTEX, fragment_header + FRAGMENT
