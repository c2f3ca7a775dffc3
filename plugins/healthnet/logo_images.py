"""The images the site makes for each member: its logo as published (an SVG after cleaning,
a raster re-encoded and no larger than needed), PNG renditions at the sizes pages show, and
a 1200x630 sharing image for the sites that preview links (they accept PNG, not SVG).

A member without a logo gets a sharing image too: its initials and name, as the directory
shows them. Every image is a made.MadeFile, so only logos no build has seen are drawn.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache, partial
from pathlib import Path

import resvg_py
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .made import MadeFile, key_of
from .svgclean import clean_svg

# Changing how an image is drawn changes this, so that cached images are drawn again.
DRAWING_VERSION = "1"
# Square PNGs, transparent around the logo: a card shows 56 px and a profile 112 px, each
# at twice that for sharp screens; chips (32 px) take the smaller one.
RENDITION_SIZES = (112, 224)
SHARE_SIZE = (1200, 630)
SHARE_LOGO_BOX = (560, 400)  # a logo is drawn once to fit this box, centred on the
# sharing image, then scaled down for the renditions
PUBLISHED_RASTER_SIZE = 512  # a PNG or WebP logo is published at most this wide or high
SHARE_BACKGROUND = (255, 255, 255)
# The sharing card of a member without a logo: two colours, the site's paper and brand.
CARD_PAPER = (244, 247, 248)
CARD_INK = (11, 85, 99)


def rendition_url(member_url: str, size: int) -> str:
    return f"{member_url}logo-{size}.png"


def share_image_url(member_url: str) -> str:
    return f"{member_url}share.png"


def published_logo_url(member_url: str, logo: Path) -> str:
    """An SVG stays an SVG (cleaned); a PNG or WebP is re-encoded as PNG."""
    return f"{member_url}logo{'.svg' if logo.suffix == '.svg' else '.png'}"


def member_images(member, site) -> list[MadeFile]:
    """Every image made for one member, each with the key of what it depends on."""
    if member.logo is None:
        text = (member.name, member.initials, site.name)
        card = partial(sharing_card, *text)
        return [MadeFile(share_image_url(member.url), key_of("card", DRAWING_VERSION, *text), card)]
    logo, suffix = member.logo, member.logo.suffix
    base = key_of(DRAWING_VERSION, suffix, _digest(logo))
    made = partial(MadeFile, source=logo)
    return [
        made(published_logo_url(member.url, logo), key_of("published", base),
             partial(_from_file, published_logo, logo)),
        *(
            made(rendition_url(member.url, size), key_of("rendition", base, str(size)),
                 partial(_from_file, rendition, logo, size))
            for size in RENDITION_SIZES
        ),
        made(share_image_url(member.url), key_of("share", base),
             partial(_from_file, sharing_image, logo)),
    ]  # fmt: skip


# (path, size, modification time) -> digest of the bytes: a rebuild reads no unchanged logo.
_digests: dict[tuple, str] = {}


def _digest(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if key not in _digests:
        _digests[key] = key_of(path.read_bytes())
    return _digests[key]


def _from_file(draw, path: Path, *options) -> bytes:
    """Read when the image is made (only then), in the process that makes it."""
    return draw(path.read_bytes(), path.suffix, *options)


def published_logo(data: bytes, suffix: str) -> bytes:
    if suffix == ".svg":
        return clean_svg(data).svg
    image = _open_raster(data)
    if max(image.size) > PUBLISHED_RASTER_SIZE:
        image = ImageOps.contain(image, (PUBLISHED_RASTER_SIZE,) * 2, Image.Resampling.LANCZOS)
    return _png(image)


def rendition(data: bytes, suffix: str, size: int) -> bytes:
    logo = ImageOps.contain(_drawing(data, suffix), (size, size), Image.Resampling.LANCZOS)
    return _png(_centred(logo, (size, size), (0, 0, 0, 0)))


def sharing_image(data: bytes, suffix: str) -> bytes:
    canvas = _centred(_drawing(data, suffix), SHARE_SIZE, (*SHARE_BACKGROUND, 255))
    return _png(canvas.convert("RGB"), compress_level=3)  # a large image: faster, not smaller


@lru_cache(maxsize=4)  # a logo's images are made one after another: draw it once
def _drawing(data: bytes, suffix: str) -> Image.Image:
    """The logo as RGBA pixels, fitted within SHARE_LOGO_BOX (a raster logo is never
    enlarged beyond its own pixels: that only blurs it)."""
    width, height = SHARE_LOGO_BOX
    if suffix != ".svg":
        image = _open_raster(data)
        if image.width > width or image.height > height:
            image = ImageOps.contain(image, SHARE_LOGO_BOX, Image.Resampling.LANCZOS)
        return image
    svg = clean_svg(data).svg.decode("utf-8")
    # Most logos have no text; loading the system's fonts costs more than drawing them.
    fonts = {} if "<text" in svg else {"skip_system_fonts": True}
    png = resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, dpi=96, **fonts)
    return Image.open(io.BytesIO(bytes(png))).convert("RGBA")


def _open_raster(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGBA")


def _centred(image: Image.Image, size: tuple[int, int], background) -> Image.Image:
    canvas = Image.new("RGBA", size, background)
    left, top = (size[0] - image.width) // 2, (size[1] - image.height) // 2
    canvas.alpha_composite(image, (left, top))
    return canvas


def _png(image: Image.Image, compress_level: int = 6) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=compress_level)
    return buffer.getvalue()


# -- the sharing card of a member without a logo ---------------------------------------------


# Our own copy of a font with accents and many scripts, so that a card looks the same
# wherever it is made (fonts/LICENSE.txt).
FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The site's drawing font at ``size`` (the badges measure their text with it too)."""
    return ImageFont.truetype(str(FONT), size)


def sharing_card(name: str, initials: str, site_name: str) -> bytes:
    """Initials in a circle over the name, in the site's colours.

    Drawn as coverage of one ink over the paper (a greyscale image read as a palette of
    tints): a one-byte-per-pixel PNG, made and compressed in a few milliseconds.
    """
    width, height = SHARE_SIZE
    coverage = Image.new("L", SHARE_SIZE, 0)
    draw = ImageDraw.Draw(coverage)
    centre_x = width // 2
    draw.ellipse((centre_x - 90, 100, centre_x + 90, 280), fill=255)
    fits = [size for size in (76, 64, 54, 46) if draw.textlength(initials, font(size)) <= 130]
    initials_size = fits[0] if fits else 40
    draw.text((centre_x, 190), initials, font=font(initials_size), fill=0, anchor="mm")
    size, lines = _fitted_lines(name, draw, width - 160)
    line_height = round(size * 1.25)
    top = 400 - (len(lines) - 1) * line_height // 2
    for number, line in enumerate(lines):
        draw.text((centre_x, top + number * line_height), line, font=font(size), fill=255,
                  anchor="mm")  # fmt: skip
    draw.text((centre_x, height - 60), site_name, font=font(30), fill=170, anchor="mm")
    card = Image.frombytes("P", SHARE_SIZE, coverage.tobytes())
    card.putpalette(_tints(CARD_PAPER, CARD_INK))
    buffer = io.BytesIO()
    card.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def _fitted_lines(name: str, draw: ImageDraw.ImageDraw, room: int) -> tuple[int, list[str]]:
    """The largest font size (and its lines, at most three) at which the name fits."""
    for size in (60, 52, 44, 38):
        for lines in (textwrap.wrap(name, width) or [""] for width in (60, 40, 30, 24)):
            if len(lines) <= 3 and all(
                draw.textlength(line, font=font(size)) <= room for line in lines
            ):
                return size, lines
    return 38, textwrap.wrap(name, 30, max_lines=3, placeholder=" …")


@lru_cache(maxsize=1)
def _tints(paper: tuple, ink: tuple) -> list[int]:
    pairs = list(zip(paper, ink, strict=True))
    return [round(p + (i - p) * level / 255) for level in range(256) for p, i in pairs]
