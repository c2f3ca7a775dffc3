"""Logo files: SVG, PNG or WebP inside members/logos/, refused only when nothing usable can
be made of them; what cleaning an SVG removes is reported, the file is left as it is.
(What the cleaning keeps and drops is tests/test_svgclean.py's business.)"""

import io
import json
import zlib

import pytest
from PIL import Image

from healthnet.logos import LogoCheck, check_logo

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


@pytest.fixture
def members(tmp_path):
    (tmp_path / "logos").mkdir()
    return tmp_path


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (11, 85, 99, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_ordinary_logo_is_accepted_without_remarks(members):
    (members / "logos" / "a.svg").write_text(SVG.format('<circle cx="5" cy="5" r="4"/>'))
    (members / "logos" / "b.png").write_bytes(png((300, 200)))
    assert check_logo(members, "logos/a.svg") == LogoCheck()
    assert check_logo(members, "logos/b.png") == LogoCheck()


def test_an_unsafe_svg_is_cleaned_and_what_was_removed_is_named(members):
    svg = SVG.format('<circle r="4" onclick="alert(1)"/><script>alert(2)</script>')
    (members / "logos" / "a.svg").write_text(svg)
    check = check_logo(members, "logos/a.svg")
    assert check.problem is None
    assert any("script" in removed for removed in check.removed)
    assert (members / "logos" / "a.svg").read_text() == svg  # the source is never changed


def test_an_svg_that_cannot_be_read_is_refused(members):
    (members / "logos" / "a.svg").write_text(SVG.format("<rect"))
    assert check_logo(members, "logos/a.svg").problem.startswith(
        "file members/logos/a.svg is not a readable SVG file"
    )


def test_other_image_types_are_refused(members):
    (members / "logos" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    assert check_logo(members, "logos/photo.jpg").problem == (
        "'logos/photo.jpg' must be an SVG, PNG or WebP file (.svg, .png or .webp)"
    )


def test_a_png_must_really_be_a_png(members):
    (members / "logos" / "fake.png").write_text("<svg/>")
    (members / "logos" / "webp.png").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    for name in ("fake.png", "webp.png"):
        assert check_logo(members, f"logos/{name}").problem == (
            f"file members/logos/{name} is not a readable PNG image"
        )


def claiming(size: tuple[int, int]) -> bytes:
    """A PNG whose header claims ``size``: a few bytes that would decode to gigabytes."""
    data = bytearray(png((1, 1)))
    data[16:24] = size[0].to_bytes(4, "big") + size[1].to_bytes(4, "big")
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # the header's checksum
    return bytes(data)


def test_a_small_file_that_decodes_to_a_huge_image_is_refused(members):
    (members / "logos" / "big.png").write_bytes(claiming((5000, 5000)))
    (members / "logos" / "bomb.png").write_bytes(claiming((40_000, 40_000)))
    allowed = "at most 16,777,216 pixels (such as 4096x4096) are allowed"
    assert check_logo(members, "logos/big.png").problem == (
        f"file members/logos/big.png is 5000x5000 pixels; {allowed}"
    )
    assert check_logo(members, "logos/bomb.png").problem == (
        f"file members/logos/bomb.png claims to be a huge image; {allowed}"
    )


def test_a_tiny_raster_logo_is_accepted_with_a_remark(members):
    (members / "logos" / "tiny.png").write_bytes(png((32, 16)))
    assert check_logo(members, "logos/tiny.png") == LogoCheck(small=(32, 16))


def test_logos_must_stay_inside_the_logos_folder(members):
    (members / "secret.svg").write_text(SVG.format(""))
    (members / "logos" / "link.svg").symlink_to(members / "secret.svg")
    for logo in ("logos/../secret.svg", "logos/link.svg"):
        assert "must be a file inside members/logos/" in check_logo(members, logo).problem


def test_a_logos_folder_replaced_by_a_link_elsewhere_is_noticed(members, tmp_path):
    (members / "logos" / "a.svg").write_text(SVG.format('<circle r="4"/>'))
    assert check_logo(members, "logos/a.svg").problem is None
    elsewhere = tmp_path / "elsewhere"
    (members / "logos").rename(elsewhere)
    (members / "logos").symlink_to(elsewhere)  # as a checkout could, during a preview
    (elsewhere / "a.svg").write_text(SVG.format('<circle r="5"/>'))  # changed: checked again
    assert check_logo(members, "logos/a.svg").problem is None  # still inside, by the link
    (members / "logos" / "b.svg").mkdir()
    assert "does not exist" in check_logo(members, "logos/b.svg").problem


def test_a_check_is_kept_by_content_until_the_file_or_the_checker_changes(members, monkeypatch):
    """Checks are kept in .cache/ between builds; a changed file, or a new version of the
    checking code, is checked again, and an unreadable kept file is ignored."""
    from healthnet import logos

    kept_file = members / ".cache" / "logo-checks.json"
    svg = SVG.format('<circle r="4" onclick="alert(1)"/>')
    (members / "logos" / "a.svg").write_text(svg)
    first = logos.KeptChecks(kept_file)
    removed = check_logo(members, "logos/a.svg", first).removed
    first.save()
    assert removed
    first_text = kept_file.read_text()

    # As a new build's process would: nothing remembered in memory.
    monkeypatch.setattr(logos, "_checked", {})
    cleanings = []
    monkeypatch.setattr(logos, "clean_svg", lambda data: cleanings.append(data) or 1 / 0)
    assert check_logo(members, "logos/a.svg", logos.KeptChecks(kept_file)).removed == removed
    assert cleanings == []

    (members / "logos" / "a.svg").write_text(svg.replace("r=", "cx='1' r="))
    with pytest.raises(ZeroDivisionError):
        check_logo(members, "logos/a.svg", logos.KeptChecks(kept_file))

    monkeypatch.setattr(logos, "_checker_version", lambda: "a newer checker")
    (members / "logos" / "a.svg").write_text(svg)
    logos._checked.clear()
    with pytest.raises(ZeroDivisionError):
        check_logo(members, "logos/a.svg", logos.KeptChecks(kept_file))

    kept_file.write_text('{"version": ')
    logos._checked.clear()
    with pytest.raises(ZeroDivisionError):
        check_logo(members, "logos/a.svg", logos.KeptChecks(kept_file))

    # Entries of the right version but not of the right shape are checked again too.
    wrong = {key: {"problem": None} for key in json.loads(first_text)["checks"]}
    kept_file.write_text(json.dumps({"version": "a newer checker", "checks": wrong}))
    logos._checked.clear()
    with pytest.raises(ZeroDivisionError):
        check_logo(members, "logos/a.svg", logos.KeptChecks(kept_file))
