#!/usr/bin/env python3
"""Generates Caucus's app icons (a negotiated-text mark: white square brackets round an amber bar
on a slate tile) as PNG, ICO and ICNS under src-tauri/icons/, with the Python standard library only.

Run: python3 scripts/gen-icons.py   (deterministic: the same bytes every run)
"""

import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src-tauri", "icons")

SLATE = (32, 48, 63)
WHITE = (246, 247, 249)
AMBER = (214, 122, 58)

# Shapes in unit coordinates (x0, y0, x1, y1), painted in order over the tile.
BRACKETS = [
    (0.25, 0.22, 0.335, 0.78), (0.25, 0.22, 0.43, 0.30), (0.25, 0.70, 0.43, 0.78),  # [
    (0.665, 0.22, 0.75, 0.78), (0.57, 0.22, 0.75, 0.30), (0.57, 0.70, 0.75, 0.78),  # ]
]
BAR = (0.44, 0.465, 0.56, 0.535)
TILE_MARGIN, TILE_RADIUS = 0.06, 0.19


def in_rect(x, y, r):
    return r[0] <= x < r[2] and r[1] <= y < r[3]


def in_tile(x, y):
    lo, hi, rad = TILE_MARGIN, 1 - TILE_MARGIN, TILE_RADIUS
    if not (lo <= x < hi and lo <= y < hi):
        return False
    cx = min(max(x, lo + rad), hi - rad)
    cy = min(max(y, lo + rad), hi - rad)
    return (x - cx) ** 2 + (y - cy) ** 2 <= rad * rad


def sample(x, y):
    """Colour and alpha (0/1) of the icon at one point."""
    if not in_tile(x, y):
        return None
    if any(in_rect(x, y, r) for r in BRACKETS):
        return WHITE
    if in_rect(x, y, BAR):
        return AMBER
    return SLATE


def render(size):
    """RGBA rows, anti-aliased by supersampling each pixel on an n×n grid."""
    n = 4 if size <= 256 else 3
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    c = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            if a:
                row += bytes((r // a, g // a, b // a, round(255 * a / (n * n))))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows):
    size = len(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on every row
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(pngs):
    """An ICO whose entries are PNG images (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return header + entries + blobs


def icns(pngs):
    """An ICNS with PNG entries: ic07 = 128, ic08 = 256, ic09 = 512."""
    kinds = {128: b"ic07", 256: b"ic08", 512: b"ic09"}
    body = b"".join(kinds[s] + struct.pack(">I", len(d) + 8) + d for s, d in pngs if s in kinds)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main():
    os.makedirs(OUT, exist_ok=True)
    images = {size: png(render(size)) for size in (32, 128, 256, 512)}
    files = {
        "32x32.png": images[32],
        "128x128.png": images[128],
        "128x128@2x.png": images[256],
        "icon.png": images[512],
        "icon.ico": ico([(32, images[32]), (256, images[256])]),
        "icon.icns": icns([(s, images[s]) for s in (128, 256, 512)]),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print(f"wrote {len(files)} icons to {os.path.normpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
