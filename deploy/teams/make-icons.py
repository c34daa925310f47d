#!/usr/bin/env python3
"""Writes the Teams app icons with the standard library only (zlib + struct, no imaging package):
color.png 192x192 (a full-bleed tile) and outline.png 32x32 (white on transparent), as Teams requires."""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BLUE = (0, 84, 166, 255)      # the tile colour
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def megaphone(x, y, size):
    """A simple megaphone (the Humas, public-relations, sign): a cone opening to the right and a handle."""
    u, v = x / size, y / size
    cone = 0.22 <= u <= 0.78 and abs(v - 0.45) <= 0.08 + (u - 0.22) * 0.45
    mouth = 0.74 <= u <= 0.80 and abs(v - 0.45) <= 0.34
    handle = 0.30 <= u <= 0.40 and 0.52 <= v <= 0.80
    return cone or mouth or handle


def color(x, y, size):
    return WHITE if megaphone(x, y, size) else BLUE


def outline(x, y, size):
    return WHITE if megaphone(x, y, size) else CLEAR


if __name__ == "__main__":
    png(os.path.join(HERE, "color.png"), 192, color)
    png(os.path.join(HERE, "outline.png"), 32, outline)
    print("wrote color.png (192x192) and outline.png (32x32)")
