"""Hostile contributions of files: nothing a pull request adds under content/ or members/
is published, read or followed unless validation checked it (tests/fixtures/hostile/files/,
laid over a copy of the fixture site, with symbolic links made here); Pelican's own
metadata is an unknown field wherever a kind does not declare it; a killed build leaves
nothing the next build does not remove, and never a partial output/."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from healthnet import attachments, cli, leftovers
from healthnet.diagnostics import Report, ValidationFailed
from healthnet.project import Project, load_network
from healthnet.session import IN_MEMORY, SEARCH_PAGES, BuildSession
from tests.support import FIXTURES, REPO, TODAY, build_site, copy_fixture_site

HOSTILE = FIXTURES / "hostile" / "files"
SETTINGS = REPO / "pelicanconf.py"
SECRET = "SECRET-OUTSIDE-THE-REPOSITORY"

FILES = (
    "allowed in content/files/: attachments (.pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp, "
    ".csv, .txt, .png, .jpg, .webp, .mp3)"
)
IMAGES = "allowed in content/images/: pictures (.png, .jpg, .jpeg, .webp, .gif)"
NEWS = "allowed in content/news/: news posts as Markdown files with front matter (<name>.md)"
PAGES = "allowed in content/pages/: pages as Markdown files with front matter (<name>.md)"
CONTENT = (
    "allowed in content/: the folders events/, files/, images/, news/, pages/, paths/, "
    "resources/; README.md"
)
MEMBERS = "allowed in members/: members as <name>.yaml files; the folder logos/; README.md"
LINK = (
    "a symbolic link is never followed (it could publish a file from outside the "
    "repository): commit the file itself in its place"
)
MARKUP = (
    "but the file holds markup (<html>, <svg>, <script>...) that a browser could run on the site"
)
HIDDEN_FILE = "a hidden file (its name starts with '.') is never read or published"

EXPECTED = [
    f"content/drafts/post.md:1:1: error: content/drafts/ is not a folder the site reads; {CONTENT}",
    f"content/files/.hidden.pdf:1:1: error: {HIDDEN_FILE}; {FILES}",
    f"content/files/Shouting.PDF:1:1: error: the name ends in '.PDF': rename it to Shouting.pdf; {FILES}",
    f"content/files/drawing.svg:1:1: error: '.svg' files are not published; {FILES}",
    f"content/files/etc:1:1: error: {LINK}; {FILES}",
    "content/files/garbage.pdf:1:1: error: the name says .pdf, but the file is not a PDF "
    f"document: export it again as one, or name it for what it is; {FILES}",
    f"content/files/late-script.txt:1:1: error: the name says .txt, {MARKUP}; {FILES}",
    "content/files/latin1.csv:1:1: error: the name says .csv, but the file is not UTF-8 "
    f"text: save it again as UTF-8 (in Excel: CSV UTF-8); {FILES}",
    "content/files/no-type:1:1: error: a file without a type (.pdf, .png...) is not "
    f"published; {FILES}",
    f"content/files/notes.txt:1:1: error: the name says .txt, {MARKUP}; {FILES}",
    f"content/files/page.htm:1:1: error: '.htm' files are not published; {FILES}",
    f"content/files/page.html:1:1: error: '.html' files are not published; {FILES}",
    f"content/files/passwd.txt:1:1: error: {LINK}; {FILES}",
    f"content/files/report.pdf:1:1: error: the name says .pdf, {MARKUP}; {FILES}",
    "content/files/slides.pptx:1:1: error: the name says .pptx, but the file is not a "
    f"PowerPoint presentation: export it again as one, or name it for what it is; {FILES}",
    f"content/images/drawing.svg:1:1: error: '.svg' files are not published; {IMAGES}",
    f"content/images/linked.png:1:1: error: {LINK}; {IMAGES}",
    f"content/images/page.html:1:1: error: '.html' files are not published; {IMAGES}",
    "content/images/photo.jpg:1:1: error: the name says .jpg, but the file is not a JPEG "
    f"image: export it again as one, or name it for what it is; {IMAGES}",
    f"content/images/photo.png:1:1: error: the name says .png, {MARKUP}; {IMAGES}",
    "content/news/.drafts/hidden-folder.md:1:1: error: a file in the hidden folder .drafts/ "
    f"is never read or published; {NEWS}",
    f"content/news/.hidden.html:1:1: error: {HIDDEN_FILE}; {NEWS}",
    f"content/news/outside.md:1:1: error: {LINK}; {NEWS}",
    "content/news/sub/script.htm:1:1: error: a file in a subfolder of content/news/ is never "
    f"read; {NEWS}",
    "content/news/sub/script.html:1:1: error: a file in a subfolder of content/news/ is "
    f"never read; {NEWS}",
    "content/news/sub/script.rst:1:1: error: a file in a subfolder of content/news/ is never "
    f"read; {NEWS}",
    "content/pages/.drafts/hidden-folder.md:1:1: error: a file in the hidden folder .drafts/ "
    f"is never read or published; {PAGES}",
    f"content/pages/.hidden.html:1:1: error: {HIDDEN_FILE}; {PAGES}",
    "content/pages/member-template.md:3:11: error: 'template' is 'member', which is not "
    "allowed; allowed: page, home, join, flagship",
    "content/pages/missing-template.md:3:11: error: 'template' is '../../../etc/passwd', "
    "which is not allowed; allowed: page, home, join, flagship",
    f"content/pages/outside:1:1: error: {LINK}; {PAGES}",
    "content/pages/script.html:1:1: error: page files are Markdown files ending in .md; "
    "rename it to script.md",
    "content/pages/second-about.md:3:6: error: 'url' is 'about/', the address of "
    "content/pages/about.md; each page needs its own",
    "content/pages/sub/script.htm:1:1: error: a file in a subfolder of content/pages/ is "
    f"never read; {PAGES}",
    "content/pages/sub/script.html:1:1: error: a file in a subfolder of content/pages/ is "
    f"never read; {PAGES}",
    "content/pages/sub/script.rst:1:1: error: a file in a subfolder of content/pages/ is "
    f"never read; {PAGES}",
    "content/pages/takeover.md:3:10: error: 'save_as' is 'members/index.html'; allowed: "
    "takeover/index.html, the file of the page's address (or leave it out)",
    f"content/script.html:1:1: error: '.html' files are never read; {CONTENT}",
    f"members/drafts/script.html:1:1: error: members/drafts/ is not a folder the site reads; {MEMBERS}",
    f"members/elsewhere:1:1: error: {LINK}; {MEMBERS}",
    f"members/logos/outside.svg:1:1: error: {LINK}; allowed in members/logos/: logos (.svg, "
    ".png, .webp)",
    "members/logos/script.html:1:1: error: '.html' files are never read; allowed in "
    "members/logos/: logos (.svg, .png, .webp)",
    f"members/notes.txt:1:1: error: '.txt' files are never read; {MEMBERS}",
    f"members/outside.yaml:1:1: error: {LINK}; {MEMBERS}",
]

# Pelican's own metadata: an unknown field in every kind that does not declare it.
PELICAN_KEYS = ("slug", "save_as", "url", "template", "status", "lang", "translation",
                "modified", "category", "tags", "author", "authors", "Save_As", "TEMPLATE",
                "date")  # fmt: skip
ALLOWED_FIELDS = {
    "events": "title, summary, start, end, timezone, place, online, registration, flagship, prepare, hosts, "
    "topics, audience",
    "news": "title, date, summary, members",
    "pages": "title, summary, template, nav, save_as, url",
    "paths": "title, summary, audience, steps",
    "resources": "title, summary, type, topics, audience, platforms, contributors, date, "
    "updated, minutes, attachments, link",
}


def hostile_site(root: Path) -> Path:
    """The fixture site with the hostile files laid over it and symbolic links added: to
    files and folders outside the repository, and to a file inside it."""
    copy_fixture_site(root / "site")
    site = root / "site"
    for top in ("content", "members"):
        shutil.copytree(HOSTILE / top, site / top, dirs_exist_ok=True)
    outside = root / "outside"
    outside.mkdir()
    news = (site / "content" / "news" / "fixture-news-one.md").read_text(encoding="utf-8")
    (outside / "secret.md").write_text(news.replace("Café Santé joins", SECRET))
    member = (site / "members" / "beta-clinic.yaml").read_text(encoding="utf-8")
    (outside / "member.yaml").write_text(member + f"secret: {SECRET}\n")
    (outside / "logo.svg").write_text(f"<svg><title>{SECRET}</title></svg>")
    (outside / "page.md").write_text(f"---\ntitle: {SECRET}\n---\n")
    links = {
        "content/files/passwd.txt": Path("/etc/passwd"),
        "content/files/etc": Path("/etc"),
        "content/images/linked.png": Path("clean-photo.png"),
        "content/news/outside.md": outside / "secret.md",
        "content/pages/outside": outside,
        "members/outside.yaml": outside / "member.yaml",
        "members/elsewhere": outside,  # a folder of YAML files outside, never walked
        "members/logos/outside.svg": outside / "logo.svg",
    }
    for link, target in links.items():
        (site / link).symlink_to(target)
    return site


def validated(site: Path) -> list[str]:
    report = Report(site)
    load_network(Project.at(site), report, TODAY)
    return [d.format() for d in report.sorted() if d.is_error]


@pytest.fixture(scope="module")
def errors(tmp_path_factory) -> list[str]:
    return validated(hostile_site(tmp_path_factory.mktemp("hostile")))


def test_every_hostile_file_is_an_error_with_its_path(errors):
    assert [line for line in errors if "/pelican-keys.md:" not in line] == EXPECTED


def test_nothing_outside_the_repository_is_read(errors):
    assert not [line for line in errors if SECRET in line or "root:" in line]


@pytest.mark.parametrize("kind", sorted(ALLOWED_FIELDS))
def test_pelicans_own_metadata_is_an_unknown_field_unless_the_kind_declares_it(errors, kind):
    path = HOSTILE / "content" / kind / "pelican-keys.md"
    expected = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        key = line.split(":", 1)[0]
        if key in PELICAN_KEYS and key not in ALLOWED_FIELDS[kind].split(", "):
            expected.append(
                rf"content/{kind}/pelican-keys\.md:{number}:1: error: unknown field '{key}'"
                rf"( \(did you mean '[a-z_]+'\?\))?; allowed here: {ALLOWED_FIELDS[kind]}"
            )
    reported = [line for line in errors if line.startswith(f"content/{kind}/pelican-keys.md:")]
    assert len(expected) >= 11 and len(reported) == len(expected)
    for line, pattern in zip(reported, expected, strict=True):
        assert re.fullmatch(pattern, line), line


def test_a_folder_of_content_that_is_a_link_is_never_followed(tmp_path):
    site = copy_fixture_site(tmp_path / "site")
    shutil.move(site / "content", tmp_path / "elsewhere")
    (site / "content").symlink_to(tmp_path / "elsewhere")
    report = Report(site)
    load_network(Project.at(site), report, TODAY)
    assert [d.format() for d in report.errors] == [
        "content:1:1: error: content/ is a symbolic link, which the site never follows: "
        "commit the folder itself"
    ]


def test_a_committed_build_cache_is_an_error(tmp_path):
    """A pull request can upload files under .cache/ whatever .gitignore says; the build
    would publish them as images it made, so a committed one is refused."""
    site = copy_fixture_site(tmp_path / "site")
    planted = site / ".cache" / "made" / "ab" / "ab12"
    planted.parent.mkdir(parents=True)
    planted.write_text("<svg onload='alert(1)'/>")
    (site / ".gitignore").write_text(".cache/\n")
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    report = Report(site)
    load_network(Project.at(site), report, TODAY)
    assert report.errors == []  # ignored, as a build leaves it: not committed
    subprocess.run([*git, "add", "-f", str(planted)], check=True)
    report = Report(site)
    load_network(Project.at(site), report, TODAY)
    assert [d.format() for d in report.errors] == [
        ".cache/made/ab/ab12:1:1: error: .cache/ is the build's own cache and is never "
        "committed (a committed file there would be published as if a build had made it); "
        "remove it with 'git rm -r --cached .cache'"
    ]


def test_a_plain_pelican_run_stops_before_copying_anything(tmp_path):
    site = hostile_site(tmp_path)
    output = tmp_path / "output"
    with pytest.raises(ValidationFailed):
        build_site(output, site / "members", PATH=str(site / "content"))
    assert not (output / "files").exists() and not (output / "images").exists()


def test_pelicans_readers_are_off_and_it_copies_only_the_checked_folders():
    from pelican.readers import Readers
    from pelican.settings import read_settings

    settings = read_settings(str(SETTINGS))
    assert set(Readers(settings).readers) == {"static"}  # files copied, never read
    assert sorted(settings["STATIC_PATHS"]) == sorted(attachments.FOLDERS)
    assert settings["ARTICLE_PATHS"] == settings["PAGE_PATHS"] == []


def real_files() -> dict[str, bytes]:
    """A real file of every type content/files/ and content/images/ accept."""

    def image(kind: str) -> bytes:
        data = io.BytesIO()
        Image.new("RGB", (4, 4), (200, 30, 30)).save(data, kind)
        return data.getvalue()

    def zipped(parts: dict[str, str]) -> bytes:
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as archive:
            for name, text in parts.items():
                archive.writestr(name, text)
        return data.getvalue()

    def office(folder: str) -> bytes:
        return zipped({"[Content_Types].xml": "<Types/>", f"{folder}/document.xml": "<x/>"})

    def opendocument(kind: str) -> bytes:
        mimetype = f"application/vnd.oasis.opendocument.{kind}"
        return zipped({"mimetype": mimetype, "content.xml": "<x/>"})

    docx = REPO / "content" / "files" / "clinician-social-media-policy.docx"
    return {
        "files/clean-checklist.pdf": (HOSTILE / "content/files/clean-checklist.pdf").read_bytes(),
        "files/clean-policy.docx": docx.read_bytes(),
        "files/clean-budget.xlsx": office("xl"),
        "files/clean-slides.pptx": office("ppt"),
        "files/clean-letter.odt": opendocument("text"),
        "files/clean-sheet.ods": opendocument("spreadsheet"),
        "files/clean-deck.odp": opendocument("presentation"),
        "files/clean-table.csv": "\ufeffname,age\nAda,<40\n".encode(),
        "files/clean-notes.txt": (HOSTILE / "content/files/clean-notes.txt").read_bytes(),
        "files/clean-chart.png": image("PNG"),
        "files/clean-photo.jpg": image("JPEG"),
        "files/clean-photo.webp": image("WEBP"),
        "files/clean-episode.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64),
        "images/clean-photo.png": image("PNG"),
        "images/clean-photo.jpeg": image("JPEG"),
        "images/clean-photo.webp": image("WEBP"),
        "images/clean-animation.gif": image("GIF"),
    }


def test_real_files_of_every_allowed_type_are_recognized(tmp_path):
    for name, data in real_files().items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        folder = attachments.FOLDERS[path.parent.name]
        assert attachments.type_problem(path, folder) is None, name
        assert attachments.content_problem(path) is None, name
    assert {name.rsplit(".", 1)[1] for name in real_files()} == set(attachments.TYPES)


def test_clean_files_are_published_as_they_are_and_nothing_else(tmp_path):
    site = copy_fixture_site(tmp_path / "site")
    for name, data in real_files().items():
        path = site / "content" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    project = Project.at(site)
    output = tmp_path / "output"
    session = BuildSession(project, today=TODAY, search=False)
    assert cli.build(project, SETTINGS, output, session=session) == 0
    for folder in attachments.FOLDERS:
        sources = {p.relative_to(site / "content") for p in (site / "content" / folder).rglob("*")}
        published = {p.relative_to(output) for p in (output / folder).rglob("*")}
        assert published == sources
        for name in published:
            assert (output / name).read_bytes() == (site / "content" / name).read_bytes()
    suffixes = {path.suffix for path in output.rglob("*") if path.is_file()}
    assert not suffixes & {".htm", ".rst", ".md", ".yaml"}


def test_pelicans_link_syntax_in_a_page_copies_nothing_and_writes_nothing_outside(tmp_path, capsys):
    """Pelican moves a file an {attach} link names next to the page linking it, wherever
    the link points; the site renders Markdown itself, so such a link is only a broken one."""
    site = copy_fixture_site(tmp_path / "site")
    (tmp_path / "secret.txt").write_text(SECRET)
    post = site / "content" / "news" / "fixture-news-one.md"
    links = "[a]({attach}../../../secret.txt) [b]({static}/../../secret.txt)"
    post.write_text(post.read_text(encoding="utf-8") + f"\n{links}\n", encoding="utf-8")
    project = Project.at(site)
    session = BuildSession(project, today=TODAY, search=False)
    assert cli.build(project, SETTINGS, tmp_path / "out", session=session) == 1
    assert "news/fixture-news-one/index.html: {attach}../../../secret.txt: no such file" in (
        capsys.readouterr().out
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["secret.txt", "site"]
    assert (tmp_path / "secret.txt").read_text() == SECRET  # not moved


# -- a killed build ---------------------------------------------------------------------------

# A real build in a process of its own, slowed to a tenth of a second a page so that the
# test can kill it while it renders.
SLOW_BUILD = """
import sys, time
sys.path.insert(0, {plugins!r})
from pathlib import Path
from healthnet import cli, render
from healthnet.project import Project
from healthnet.session import BuildSession

render_one = render.RenderJob.render_one
def slowly(job, spec):
    time.sleep(0.1)
    return render_one(job, spec)
render.RenderJob.render_one = slowly
project = Project.at(Path({site!r}))
session = BuildSession(project, processes=1)
sys.exit(cli.build(project, Path({settings!r}), Path({output!r}), session=session))
"""


def search_copies(pid: int, *places: Path) -> list[Path]:
    return [path for place in places for path in place.glob(f"{SEARCH_PAGES}{pid}-*")]


def test_a_killed_build_leaves_nothing_the_next_build_does_not_remove(tmp_path):
    site = copy_fixture_site(tmp_path / "site")
    project = Project.at(site)
    output = tmp_path / "out"
    assert cli.build(project, SETTINGS, output, session=BuildSession(project, today=TODAY)) == 0
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}

    script = SLOW_BUILD.format(
        plugins=str(REPO / "plugins"), site=str(site), settings=str(SETTINGS), output=str(output)
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        start_new_session=True,  # its own process group: the build and what it started
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    places = (Path(IN_MEMORY), tmp_path)
    deadline = time.monotonic() + 120
    while True:  # until it has written pages into its staging folder and search copies
        staging = list(tmp_path.glob(f".out.new-{build.pid}-*"))
        pages = [p for folder in staging for p in folder.rglob("*.html")]
        if len(pages) >= 3 and search_copies(build.pid, *places):
            break
        assert build.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(build.pid, signal.SIGKILL)  # as a cancelled job is: with Pagefind
    build.wait()

    assert staging[0].is_dir() and search_copies(build.pid, *places)  # what it left
    after = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    assert after == before  # the previous complete build, untouched

    assert cli.build(project, SETTINGS, output, session=BuildSession(project, today=TODAY)) == 0
    assert not list(tmp_path.glob(".out.new-*"))
    assert not search_copies(build.pid, *places)
    assert not list(tmp_path.glob(f"{SEARCH_PAGES}*"))
    assert (output / "index.html").is_file() and (output / "pagefind").is_dir()


def wait_until_named(pid: int, folder: Path, seconds: float = 10) -> None:
    """Until /proc shows the process's command line naming ``folder``: once in 1 of 7 CI
    runs, the test's own holder process was not seen naming it when asked at once."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if str(folder).encode() in cmdline.read_bytes():
                return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} never showed {folder} on its command line")


def test_only_folders_of_processes_that_are_gone_are_removed(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    prefix = ".out.new-"
    left = tmp_path / f"{prefix}{gone.pid}-left"
    named = tmp_path / f"{prefix}{gone.pid}-named"
    mine = leftovers.make_folder(prefix, tmp_path)
    unowned = tmp_path / f"{prefix}made-by-an-older-build"
    for folder in (left, named, unowned):
        folder.mkdir()
    # A process still working in a folder (a killed build's Pagefind, say) names it.
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", str(named)])
    try:
        wait_until_named(holder.pid, named)
        assert leftovers.remove_orphans(tmp_path, prefix) == [left]
    finally:
        holder.kill()
        holder.wait()
    assert leftovers.remove_orphans(tmp_path, prefix) == [named]
    assert mine.is_dir() and unowned.is_dir()
