"""Logo files: only self-contained drawings in SVG, PNG or WebP inside members/logos/."""

import pytest

from healthnet.logos import logo_problem, svg_problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(
    "content",
    [
        '<circle cx="5" cy="5" r="4" fill="rgb(11, 85, 99)"/>',
        '<g transform="translate(1,1) rotate(10)"><rect width="2" height="2"/></g>',
        '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
        '<rect width="10" height="10" fill="url(#g)"/>',
        "<!-- exported by a drawing program --><title>Logo</title>",
    ],
)
def test_self_contained_drawings_are_accepted(content):
    assert svg_problem(SVG.format(content).encode()) is None


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (SVG.format("<script>alert(1)</script>"), "contains <script>, which is not allowed"),
        (SVG.format('<rect onclick="alert(1)"/>'), "event handler attribute onclick"),
        (SVG.format('<use href="https://x.example.com/a.svg#b"/>'), "links to another file"),
        (SVG.format('<image href="https://x.example.com/p.png"/>'), "contains <image>"),
        (SVG.format("<style>rect{fill:red}</style>"), "contains <style>"),
        (SVG.format('<rect style="fill:url(https://x.example.com/a)"/>'), "uses url(...)"),
        (SVG.format('<rect style="mask-image:image-set(&quot;https://x.example.com/a&quot; 1x)"/>'),
         "uses image-set(...)"),
        (SVG.format('<rect style="background-image:u\\72l(https://x.example.com/a)"/>'),
         "has a backslash"),
        ('<?xml version="1.0"?><?xml-stylesheet href="https://x.example.com/s.css"?>'
         + SVG.format(""), "processing instructions"),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG.format("&a;"), "<!DOCTYPE>, <!ENTITY>"),
        ("<html><body/></html>", "its root element is not <svg>"),
        (SVG.format("<rect"), "is not a readable SVG file"),
    ],
)  # fmt: skip
def test_unsafe_or_broken_svgs_are_refused(svg, problem):
    assert problem in svg_problem(svg.encode())


def test_svg_in_another_encoding_is_refused():
    svg = '<?xml version="1.0" encoding="UTF-16"?>' + SVG.format("")
    assert svg_problem(svg.encode("utf-16")) == (
        "is not UTF-8 text; save the SVG with UTF-8 encoding"
    )


@pytest.fixture
def members(tmp_path):
    (tmp_path / "logos").mkdir()
    return tmp_path


def test_other_image_types_are_refused(members):
    (members / "logos" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert logo_problem(members, "logos/photo.jpg") == (
        "'logos/photo.jpg' must be an SVG, PNG or WebP file (.svg, .png or .webp)"
    )


def test_a_png_must_really_be_a_png(members):
    (members / "logos" / "fake.png").write_text("<svg/>")
    assert (
        logo_problem(members, "logos/fake.png") == "file members/logos/fake.png is not a PNG image"
    )


def test_logos_must_stay_inside_the_logos_folder(members):
    (members / "secret.svg").write_text(SVG.format(""))
    (members / "logos" / "link.svg").symlink_to(members / "secret.svg")
    assert "must be a file inside members/logos/" in logo_problem(members, "logos/../secret.svg")
    assert "must be a file inside members/logos/" in logo_problem(members, "logos/link.svg")


def test_logos_larger_than_a_megabyte_are_refused(members):
    (members / "logos" / "huge.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1_000_001))
    assert "is 1,000,009 bytes; at most 1,000,000 are allowed" in logo_problem(
        members, "logos/huge.png"
    )
