"""Draws the app icon (renderer/public/icon.svg's design) at the sizes installers need:
build/icon.png (1024 px; Linux and electron-builder's source), build/icon.icns (macOS), build/icon.ico (Windows).
Run with Debian's python3-pil: /usr/bin/python3 scripts/icons.py"""
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "build")
S = 1024
U = S / 64  # the SVG's 64-unit view box


def draw():
    # diagonal gradient #6d5dfc -> #22b8cf
    a, b = (0x6D, 0x5D, 0xFC), (0x22, 0xB8, 0xCF)
    grad = Image.new("RGBA", (S, S))
    px = grad.load()
    for y in range(S):
        for x in range(S):
            t = (x + y) / (2 * (S - 1))
            px[x, y] = tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3)) + (255,)
    mask = Image.new("L", (S, S), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, S - 1, S - 1), radius=round(16 * U), fill=255)
    icon = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    icon.paste(grad, (0, 0), mask)
    d = ImageDraw.Draw(icon)
    w = round(5 * U)
    strokes = [[(20, 44), (32, 18), (44, 44)], [(24.5, 35), (39.5, 35)]]
    for line in strokes:
        pts = [(x * U, y * U) for x, y in line]
        d.line(pts, fill="white", width=w, joint="curve")
        for x, y in pts:  # round caps
            d.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill="white")
    return icon


def main():
    os.makedirs(OUT, exist_ok=True)
    icon = draw()
    icon.save(os.path.join(OUT, "icon.png"))
    icon.save(os.path.join(OUT, "icon.icns"), sizes=[(16, 16), (32, 32), (64, 64), (128, 128), (256, 256), (512, 512), (1024, 1024)])
    icon.save(os.path.join(OUT, "icon.ico"), sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
