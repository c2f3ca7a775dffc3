"""Images the build makes for members: the published logo (an SVG cleaned, a raster
re-encoded no larger than needed), square renditions at the sizes pages show, and a
1200x630 sharing image for every member; each made once, then taken from the cache."""

from __future__ import annotations

import pytest
from PIL import Image

from healthnet import cli
from healthnet.logo_images import CARD_INK, CARD_PAPER
from healthnet.made import MadeCache
from healthnet.project import Project
from healthnet.session import BuildSession
from healthnet.svgclean import clean_svg
from tests.support import FIXTURE_MEMBERS, REPO, TODAY, copy_fixture_site, page

SETTINGS = REPO / "pelicanconf.py"
MEMBERS = sorted(path.stem for path in FIXTURE_MEMBERS.glob("*.yaml"))
WITH_LOGO = {"alpha-health": "logo.svg", "the-delta-hospital": "logo.png"}


def image(path) -> Image.Image:
    opened = Image.open(path)
    opened.load()
    return opened


def test_every_member_has_a_sharing_image(built_site):
    for slug in MEMBERS:
        share = image(built_site / "members" / slug / "share.png")
        assert (share.format, share.size) == ("PNG", (1200, 630)), slug


def test_a_sharing_image_shows_the_logo_centred_on_white(built_site):
    share = image(built_site / "members" / "alpha-health" / "share.png").convert("RGB")
    assert share.getpixel((10, 10)) == (255, 255, 255)
    assert share.getpixel((600, 315)) != (255, 255, 255)  # the logo's disc
    # The logo is centred: as much white on its left as on its right.
    inked = [x for x in range(1200) if share.getpixel((x, 315)) != (255, 255, 255)]
    assert abs(inked[0] - (1199 - inked[-1])) <= 2


def test_a_member_without_a_logo_shares_a_card_with_its_initials_and_name(built_site):
    card = image(built_site / "members" / "beta-clinic" / "share.png").convert("RGB")
    assert card.getpixel((10, 10)) == CARD_PAPER
    assert card.getpixel((600, 120)) == CARD_INK  # the disc behind the initials
    name_row = [card.getpixel((x, y)) for x in range(1200) for y in range(380, 420)]
    assert CARD_INK in name_row


@pytest.mark.parametrize("slug", sorted(WITH_LOGO))
def test_logo_renditions_are_square_pngs_at_the_sizes_pages_show(built_site, slug):
    for size in (112, 224):
        rendition = image(built_site / "members" / slug / f"logo-{size}.png")
        assert (rendition.format, rendition.size, rendition.mode) == ("PNG", (size, size), "RGBA")
        assert rendition.getbbox() is not None  # something is drawn


def test_a_wide_logo_keeps_its_shape_in_a_square_rendition(built_site):
    rendition = image(built_site / "members" / "the-delta-hospital" / "logo-224.png")
    left, top, right, bottom = rendition.getchannel("A").getbbox()
    assert (right - left, bottom - top) == (224, 112)  # the source is 600x300
    assert top == 56  # centred


def test_a_raster_logo_is_published_no_larger_than_needed(built_site):
    published = image(built_site / "members" / "the-delta-hospital" / "logo.png")
    assert published.size == (512, 256)


def test_the_published_svg_is_the_cleaned_copy(built_site):
    source = (FIXTURE_MEMBERS / "logos" / "alpha-health.svg").read_bytes()
    published = (built_site / "members" / "alpha-health" / "logo.svg").read_bytes()
    assert published == clean_svg(source).svg


def test_profiles_and_cards_choose_a_rendition_and_reserve_its_space(built_site):
    profile = page(built_site, "members/alpha-health/").select_one(".profile-header .logo img")
    assert profile["src"].endswith("members/alpha-health/logo-112.png")
    assert profile["srcset"].split(", ") == [
        "../../members/alpha-health/logo-112.png 112w",
        "../../members/alpha-health/logo-224.png 224w",
    ]
    assert (profile["width"], profile["height"], profile["sizes"]) == ("112", "112", "112px")
    card = page(built_site, "members/").select_one('a[href$="members/alpha-health/"]')
    card_logo = card.find_parent("article").select_one(".logo img")
    assert (card_logo["width"], card_logo["height"], card_logo["sizes"]) == ("56", "56", "56px")


def build(project: Project, output) -> BuildSession:
    session = BuildSession(project, today=TODAY)
    assert cli.build(project, SETTINGS, output, session=session) == 0
    return session


def test_images_are_made_once_then_taken_from_the_cache(tmp_path):
    project = Project.at(copy_fixture_site(tmp_path / "site"))
    first = build(project, tmp_path / "first")
    # Two logos (published copy, two renditions, sharing image), a card for the others and
    # the site's own sharing image.
    assert first.images_made == 2 * 4 + (len(MEMBERS) - 2) + 1
    again = build(project, tmp_path / "again")
    assert again.images_made == 0
    for slug in MEMBERS:
        share = f"members/{slug}/share.png"
        assert (tmp_path / "again" / share).read_bytes() == (
            tmp_path / "first" / share
        ).read_bytes()

    logo = project.members_dir / "logos" / "alpha-health.svg"
    logo.write_text(logo.read_text().replace("#0b5563", "#9a3412"))
    edited = build(project, tmp_path / "edited")
    assert edited.images_made == 4
    share = image(tmp_path / "edited" / "members" / "alpha-health" / "share.png").convert("RGB")
    assert share.getpixel((600, 315))[:2] == (0x9A, 0x34)


def test_the_cache_forgets_images_no_member_uses(tmp_path):
    project = Project.at(copy_fixture_site(tmp_path / "site"))
    build(project, tmp_path / "first")
    cached = {path.name for path in project.made_cache.glob("*/*")}
    member = project.members_dir / "beta-clinic.yaml"
    member.write_text(member.read_text().replace("name: Beta Clinic", "name: Beta Family Clinic"))
    build(project, tmp_path / "second")
    remaining = {path.name for path in project.made_cache.glob("*/*")}
    # Beta's card, drawn with its new name; the old one is gone.
    assert (len(cached - remaining), len(remaining - cached)) == (1, 1)


def test_publishing_from_the_cache_never_writes_through_to_a_cached_file(tmp_path):
    """Published images are hard links into the cache where they can be: replacing one in
    the site (a rebuild after a logo edit) must leave the cached bytes as they were, and
    the site's copy must be readable by the web server."""
    cache = MadeCache(tmp_path / "cache")
    cache.put("old", b"old bytes")
    cache.put("new", b"new bytes")
    target = tmp_path / "site" / "share.png"
    target.parent.mkdir()
    cache.publish("old", target)
    cache.publish("new", target)
    assert target.read_bytes() == b"new bytes"
    assert cache.path("old").read_bytes() == b"old bytes"
    assert target.stat().st_mode & 0o444 == 0o444
