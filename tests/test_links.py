"""Link checks: the internal checker finds what is broken, the external one reports it."""

import dataclasses
import functools
import http.server
import shutil
import threading
import urllib.error
import urllib.request
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthnet import cli, links
from healthnet.diagnostics import Report
from healthnet.project import load_network
from tests.support import BAD_MEMBERS, FIXTURE_MEMBERS, FIXTURE_SITE, project_with


def test_the_built_fixture_site_has_no_broken_links(built_site):
    assert links.check_site(built_site) == []


def test_a_planted_broken_link_and_a_missing_anchor_are_found(built_site, tmp_path):
    site = shutil.copytree(built_site, tmp_path / "site")
    about = site / "about" / "index.html"
    html = about.read_text()
    planted = (
        '<a href="../members/nobody/">gone</a>'
        '<a href="../members/#letter-Q">no such letter</a>'
        '<a href="#nowhere">no such anchor here</a>'
        '<a href="../members/#letter-A">fine</a>'
        '<img src="../theme/images/missing.png" alt="">'
    )
    about.write_text(html.replace("</main>", planted + "</main>"))
    assert [b.format() for b in links.check_site(site)] == [
        "about/index.html: #nowhere: no element with id 'nowhere' in about/index.html",
        "about/index.html: ../members/#letter-Q: no element with id 'letter-Q' in "
        "members/index.html",
        "about/index.html: ../members/nobody/: no such file",
        "about/index.html: ../theme/images/missing.png: no such file",
    ]
    assert cli.check_links(site) == 1


def test_a_pages_links_are_read_from_its_tags_each_once_in_order():
    html = (
        '<a href="b/">b</a> a text quoting href="not-a-link/" <img src="a.png" alt="">'
        '<a class="tag" href="b/">b again</a><a href="q/?x=1&amp;y=2">q</a>'
    )
    assert links.raw_links(html) == ["b/", "a.png", "q/?x=1&y=2"]
    # A build's scan reads every value, then asks of the ones it would report.
    assert links.written_links(html) == ["b/", "not-a-link/", "a.png", "q/?x=1&amp;y=2"]
    assert not links.in_a_tag(html, "not-a-link/") and links.in_a_tag(html, "a.png")


@settings(database=None, deadline=None)  # no .hypothesis/ folder in the working tree
@given(st.from_regex(links._PLAIN_PATH, fullmatch=True))
def test_a_link_taken_as_a_plain_path_is_one_for_urlsplit_too(url):
    # The checker skips urlsplit and unquote for such links: they must change nothing.
    parts = urlsplit(url)
    if not url.startswith("//"):
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
        assert parts.path == url == unquote(url)


def test_absolute_links_under_the_site_address_are_checked(tmp_path):
    (tmp_path / "members").mkdir()
    (tmp_path / "members" / "index.html").write_text('<h2 id="letter-A">A</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="https://network.example.org/members/#letter-A">ok</a>'
        '<a href="https://network.example.org/resources/">missing</a>'
        '<a href="/members/">root-relative</a>'
        '<a href="https://elsewhere.example.com/x/">another site: not ours to check</a>'
        '<a href="mailto:social@example.org">mail</a>'
    )
    broken = links.check_site(tmp_path, "https://network.example.org")
    assert [b.format() for b in broken] == [
        "index.html: https://network.example.org/resources/: no such file"
    ]


def test_under_a_subpath_root_relative_links_must_keep_to_it(tmp_path):
    (tmp_path / "members").mkdir()
    (tmp_path / "members" / "index.html").write_text('<h2 id="letter-A">A</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="/network/members/#letter-A">ok</a>'
        '<a href="https://owner.github.io/network/members/">ok</a>'
        '<a href="/members/">escapes the base path</a>'
        '<a href="/network-old/">another folder of the host</a>'
    )
    broken = links.check_site(tmp_path, "https://owner.github.io/network")
    reason = "starts with / but not with the site's base path; link relatively instead"
    assert [b.format() for b in broken] == [
        f"index.html: /members/: {reason}",
        f"index.html: /network-old/: {reason}",
    ]


def test_a_site_published_under_a_subpath_links_within_it(tmp_path, monkeypatch, capsys):
    # A project site on GitHub Pages: https://OWNER.github.io/REPO/.
    monkeypatch.setenv("SITEURL", "https://owner.github.io/network")
    content = shutil.copytree(FIXTURE_SITE / "content", tmp_path / "content")
    project = dataclasses.replace(project_with(FIXTURE_MEMBERS), content_dir=content)
    assert cli.publish(project, tmp_path / "output") == 0
    html = (tmp_path / "output" / "members" / "index.html").read_text()
    assert 'href="https://owner.github.io/network/members/alpha-health/"' in html

    about = content / "pages" / "about.md"
    about.write_text(about.read_text() + "\nSee [the directory](/members/).\n")
    capsys.readouterr()
    # Refused before anything is published: by validation, or else by the link check.
    assert cli.publish(project, tmp_path / "output") == 1
    refusal = [line for line in capsys.readouterr().out.splitlines() if "/members/" in line]
    assert refusal and "about" in refusal[0] and "error" in refusal[0]


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def published(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://network.example.org")
    output = tmp_path / "output"
    assert cli.publish(project_with(FIXTURE_MEMBERS), output) == 0
    return output


def test_publish_writes_absolute_urls(published):
    # Readable by everyone, as GitHub Pages needs (the staging folder starts private).
    assert published.stat().st_mode & 0o755 == 0o755
    html = (published / "members" / "index.html").read_text()
    assert 'href="https://network.example.org/members/alpha-health/"' in html
    assert links.check_site(published, "https://network.example.org") == []


def test_publish_with_invalid_data_leaves_the_previous_site_intact(published, capsys):
    before = snapshot(published)
    assert cli.publish(project_with(BAD_MEMBERS), published) == 1
    assert f"{published} was left unchanged" in capsys.readouterr().out
    assert snapshot(published) == before


def test_publish_with_a_broken_link_leaves_the_previous_site_intact(published, tmp_path, capsys):
    before = snapshot(published)
    content = shutil.copytree(FIXTURE_SITE / "content", tmp_path / "content")
    about = content / "pages" / "about.md"
    about.write_text(about.read_text() + "\nSee [the old page](../no-such-page/).\n")
    project = dataclasses.replace(project_with(FIXTURE_MEMBERS), content_dir=content)
    capsys.readouterr()

    assert cli.publish(project, published) == 1

    out = capsys.readouterr().out
    assert "about/index.html: ../no-such-page/: no such file" in out
    assert "build failed: 1 broken internal links (listed above)" in out
    assert snapshot(published) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]


def test_publish_refuses_without_a_site_address(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SITEURL", raising=False)
    assert cli.publish(project_with(FIXTURE_MEMBERS), tmp_path / "output") == 1
    assert "publish needs the site's public address" in capsys.readouterr().out
    assert not (tmp_path / "output").exists()


class _Responder(http.server.BaseHTTPRequestHandler):
    """A stand-in for other sites: each path answers in its own way."""

    STATUS = {"/ok": 200, "/gone": 404, "/robots-unwelcome": 403}

    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(self.STATUS.get(self.path, 200))
        self.end_headers()

    def do_GET(self):
        self.send_response(self.STATUS.get(self.path, 200))
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def other_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Responder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_check_reports_broken_links_only(other_site):
    closed_port = "http://127.0.0.1:9/closed"  # the discard port: nothing listens there
    results = links.check_external(
        [
            ("Alpha Health", "website", f"{other_site}/ok"),
            ("Alpha Health", "X", f"{other_site}/robots-unwelcome"),
            ("Beta Clinic", "website", f"{other_site}/gone"),
            ("Beta Clinic", "Blog", f"{other_site}/no-head"),
            ("Echo Public Health", "website", closed_port),
        ]
    )
    assert [(r.url.rsplit("/", 1)[1], r.broken) for r in results] == [
        ("ok", False),
        ("robots-unwelcome", False),
        ("gone", True),
        ("no-head", False),
        ("closed", True),
    ]
    report = links.external_report(results)
    assert "Checked 5 links of member websites and social profiles: 2 broken." in report
    assert f"| Beta Clinic | website | {other_site}/gone | HTTP 404 |" in report
    assert "| Echo Public Health | website | http://127.0.0.1:9/closed | unreachable" in report
    assert "robots-unwelcome" not in report


def test_external_check_covers_every_website_and_profile():
    network = load_network(project_with(FIXTURE_MEMBERS), Report(FIXTURE_MEMBERS))
    found = links.member_links(network)
    expected = len(network.members) + sum(len(m.social) for m in network.members)
    assert len(found) == expected
    assert ("Alpha Health", "YouTube", "https://www.youtube.com/@alphahealth") in found


def test_invoke_serve_answers_a_missing_page_with_the_sites_404_page(built_site):
    handler = functools.partial(cli.SiteRequestHandler, directory=str(built_site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/no/such/page/")
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        finally:
            server.shutdown()
    assert status == 404
    assert body == (built_site / "404.html").read_text()
