"""The performance benchmark behind `invoke bench`.

For each size of a synthetic network (synthetic.py: one resource per four members), it runs
the full build in a process of its own, as `invoke build` does, and reports each step's wall
time, the whole build's wall and CPU time, the peak memory of the build's process tree,
pages per second and the largest HTML page. Then it serves the site the way GitHub Pages
does (gzip for text) and measures in Chromium what a first search downloads of Pagefind's
files and of the search's own word files (search/*.json): until its results show, and with
the filter counts that load after them. For the largest size below 10,000 members it also
measures the incremental case: `invoke livereload` runs, a profile is open in Chromium, its
member file is edited, and the time until the page shows the edit (and until the search
index follows) is taken. Speed is measured here, never asserted by tests.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from .synthetic import write_synthetic_content, write_synthetic_network

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip
# What a member types: a word of many names, and one filter.
SEARCHES = {
    "words and a filter": "search/?q=river&type=hospital",
    "a filter alone": "members/?type=hospital",
}
STEPS = ("validate", "plan", "images", "render", "data files", "link scan", "index", "checks")
# Livereload's incremental case is measured up to this size (it starts a full build first).
INCREMENTAL_UP_TO = 10_000


# -- one build, in a process of its own -------------------------------------------------------


def build_once(root: Path, members: Path, content: Path, output: Path, report: Path) -> None:
    """Run in the child process: `invoke build`'s own code, timings written to ``report``."""
    from . import cli
    from .project import Project
    from .session import BuildSession

    project = Project.at(root, members, content)
    session = BuildSession(project)
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.build(project, root / "pelicanconf.py", output, session=session)
    report.write_text(json.dumps({"status": status, "timings": session.timings,
                                  "pages": session.pages_rendered,
                                  "link scan CPU": session.link_scan_cpu}))  # fmt: skip


class TreeMemory:
    """Samples the memory of a process and its descendants: peak of the summed PSS (each
    shared page counted once, in proportion) and of the summed RSS. Reading PSS costs the
    kernel a walk of each process's memory, so it is read less often than RSS."""

    def __init__(self, pid: int, every: float = 0.25, pss_every: int = 4):
        self.pid, self.every, self.pss_every = pid, every, pss_every
        self.peak_pss = self.peak_rss = 0
        self.peak_pagefind = 0  # Pagefind's own RSS: the index is most of the peak
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running = False
        self._thread.join()

    def _sample(self) -> None:
        samples = 0
        while self._running:
            tree = _tree(self.pid)
            each = {pid: _status_kb(f"/proc/{pid}/status", "VmRSS:") for pid in tree}
            self.peak_rss = max(self.peak_rss, sum(each.values()))
            pagefind = sum(kb for pid, kb in each.items() if _is_pagefind(pid))
            self.peak_pagefind = max(self.peak_pagefind, pagefind)
            if samples % self.pss_every == 0:
                pss = sum(_status_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree)
                self.peak_pss = max(self.peak_pss, pss)
            samples += 1
            time.sleep(self.every)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _is_pagefind(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/comm").read_text().strip().startswith("pagefind")
    return False


def _status_kb(path: str, field: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def draw_images_once(root: Path, members: Path, content: Path, report: Path) -> None:
    """Run in a child process: the network validated with no checks kept yet, and every
    image of it drawn into an empty cache, as the first build of a network does; their
    times and CPU written to ``report``. Both caches then serve the timed build."""
    from pelican.settings import read_settings

    from .checkstore import CheckStore
    from .datafiles import made_files
    from .diagnostics import Report
    from .kinds import SiteInfo
    from .made import MadeCache
    from .parallel import cpu_count
    from .project import Project, load_network

    project = Project.at(root, members, content)
    started, cpu = time.perf_counter(), _cpu_seconds()
    network = load_network(project, Report(root), store=CheckStore(project.check_store))
    validation = {
        "validate wall": time.perf_counter() - started,
        "validate cpu": _cpu_seconds() - cpu,
    }
    settings = read_settings(str(root / "pelicanconf.py"))
    site = SiteInfo("", settings["SITENAME"], settings["NETWORK_DOMAIN"], network.taxonomy)
    files = made_files(network, project.kinds, site).values()
    started, cpu = time.perf_counter(), _cpu_seconds()
    drawn = MadeCache(project.made_cache).make_missing(files, cpu_count())
    report.write_text(json.dumps({"images": drawn, "wall": time.perf_counter() - started,
                                  "cpu": _cpu_seconds() - cpu, **validation}))  # fmt: skip


def _cpu_seconds() -> float:
    """This process's CPU time and that of its finished children (the worker pools)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _in_child(function: str, root: Path, *paths: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", f"import sys; from healthnet.benchmark import {function}; "
         f"from pathlib import Path; {function}(*map(Path, sys.argv[1:]))",
         str(root), *map(str, paths)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root / "plugins")},
    )  # fmt: skip


def measure_build(root: Path, count: int, workdir: Path) -> dict:
    """One network validated and its images drawn with empty caches (timed apart), then
    its build, timed, with those caches (the kept checks, the images): as a deploy builds,
    with the caches kept from the last one."""
    # A folder each: the image cache lives beside the members folder.
    members, content = workdir / str(count) / "members", workdir / str(count) / "content"
    write_synthetic_network(members, count, distinct_logos=True)
    resources = write_synthetic_content(content, count)
    output, report = workdir / str(count) / "output", workdir / str(count) / "build.json"
    images_report = workdir / str(count) / "images.json"
    if _in_child("draw_images_once", root, members, content, images_report).wait():
        raise SystemExit(f"drawing the images of {count} members failed")
    images = json.loads(images_report.read_text())
    os.sync()  # the files just written reach the disk before the clock starts
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = _in_child("build_once", root, members, content, output, report)
    memory = TreeMemory(child.pid)
    child.wait()
    wall = time.perf_counter() - started
    memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(report.read_text())
    if child.returncode or result["status"]:
        raise SystemExit(f"the build of {count} members failed")
    timings = result["timings"]
    pages = result["pages"]
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    # The workers' scan and the parent's checks (one thread: its wall time is CPU time).
    link_checks = result["link scan CPU"] + timings.get("checks", 0.0)
    largest = max(
        (p.stat().st_size, p) for p in output.rglob("*.html") if "pagefind" not in p.parts
    )
    return {
        "members": count,
        "resources": resources,
        "pages": pages,
        **{f"{step} s": round(timings.get(step, 0.0), 2) for step in STEPS},
        "total wall s": round(wall, 2),
        "total CPU s": round(cpu, 2),
        "link checks CPU s": round(link_checks, 2),
        "link checks, share of CPU %": round(100 * link_checks / cpu, 1),
        "peak memory MB (PSS)": round(memory.peak_pss / 1024),
        "peak memory MB (RSS sum)": round(memory.peak_rss / 1024),
        "of which Pagefind MB": round(memory.peak_pagefind / 1024),
        "pages per s": round(pages / wall),
        "ms per member": round(1000 * wall / count, 2),
        "largest page kB": round(largest[0] / 1000, 1),
        "largest page": largest[1].relative_to(output).as_posix(),
        "search index MB": round(_size(output / "pagefind") / 1e6, 1),
        "images drawn, first build": images["images"],
        "drawing them wall s": round(images["wall"], 2),
        "drawing them CPU s": round(images["cpu"], 2),
        "validate with no kept checks, first build s": round(images["validate wall"], 2),
        "validate with no kept checks, first build CPU s": round(images["validate cpu"], 2),
        "output": str(output),
        "members dir": str(members),
        "content dir": str(content),
    }


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# -- the first search, in Chromium ----------------------------------------------------------

COMPRESSED = {".html", ".js", ".css", ".json", ".xml", ".svg", ".csv", ".txt"}


class _Counted:
    """The socket's writer, counting what goes through it."""

    def __init__(self, wfile):
        self.wfile, self.sent = wfile, 0

    def write(self, data) -> int:
        self.sent += len(data)
        return self.wfile.write(data)

    def __getattr__(self, name):
        return getattr(self.wfile, name)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzip-compressed, as GitHub Pages does; Pagefind's own files are
    compressed already and go out as they are. Every response is noted in the server's
    ``sent`` list as (epoch ms when asked, path, bytes sent with headers): a browser does
    not report the bytes of every request (a web worker's own script), the server does."""

    def log_message(self, format, *args):
        pass

    def setup(self):
        super().setup()
        self.wfile = _Counted(self.wfile)

    def handle_one_request(self):
        asked = time.time() * 1000
        self.wfile.sent = 0
        super().handle_one_request()
        if self.wfile.sent and getattr(self, "path", None):
            self.server.sent.append((asked, self.path, self.wfile.sent))

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzipped and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(site: Path):
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.sent = []  # (epoch ms when asked, path, bytes): see _GzipHandler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.sent
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Notes when the first result is on the page (epoch milliseconds, as the server notes requests).
RESULTS_SHOWN = """
new MutationObserver((changes, observer) => {
  if (document.querySelector("[data-search-results] > *")) {
    window.__resultsShown = performance.timeOrigin + performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def _is_search_file(url: str) -> bool:
    path = url.split("?", 1)[0]
    return "/pagefind/" in path or ("/search/" in path and path.endswith(".json"))


def first_search_bytes(chromium, url: str, sent: list) -> dict:
    """What a fresh visitor downloads for one search, bytes on the wire as the server
    counted them: Pagefind's files (its worker's script included) and the search's word
    files, asked for until its results show ("kB"); and with what loads after them (the
    counts of the filter groups in view, "kB with counts")."""
    page = chromium.new_page()
    page.add_init_script(RESULTS_SHOWN)
    del sent[:]
    page.goto(url)
    page.wait_for_selector("[data-search-results] > *", timeout=60_000)
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("window.__resultsShown")
    page.close()
    fetched = [(asked, size) for asked, path, size in sent if _is_search_file(path)]
    before = [size for asked, size in fetched if asked <= shown]
    return {
        "kB": round(sum(before) / 1000, 1),
        "files": len(before),
        "kB with counts": round(sum(size for _, size in fetched) / 1000, 1),
    }


# -- the incremental case: livereload, an edit, the page reloading ---------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_preview(root: Path, chromium, built: dict) -> dict:
    """Edit one member file while `invoke livereload` serves the site and a browser shows
    the member's profile; seconds until the page shows the edit, and until the search
    index has been rebuilt."""
    port = _free_port()
    output = Path(built["output"]).with_name(f"preview-{built['members']}")
    command = [sys.executable, "-m", "invoke", "livereload", "--port", str(port),
               "--members", built["members dir"], "--content", built["content dir"],
               "--output", str(output)]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    member = Path(built["members dir"]) / "member-00042.yaml"
    original = member.read_text()
    try:
        _wait_for(f"http://localhost:{port}/members/member-00042/", server, 600)
        page = chromium.new_page()
        page.goto(f"http://localhost:{port}/members/member-00042/")
        page.wait_for_timeout(2000)  # the livereload script connects
        entry = output / "pagefind" / "pagefind-entry.json"
        index_before = entry.stat().st_mtime_ns
        edited = page.locator("h1", has_text="Edited for the benchmark")
        started = time.perf_counter()
        member.write_text(original.replace("name: ", "name: Edited for the benchmark ", 1))
        edited.wait_for(timeout=120_000)
        preview = time.perf_counter() - started
        # The rest of the site follows the edited page: the member's line in the export.
        export = output / "api" / "members.json"
        while "Edited for the benchmark" not in export.read_text(encoding="utf-8"):
            if time.perf_counter() - started > 300:
                break
            time.sleep(0.05)
        rest = time.perf_counter() - started
        while entry.stat().st_mtime_ns == index_before:
            if time.perf_counter() - started > 300:
                break
            time.sleep(0.05)
        indexed = time.perf_counter() - started
        page.close()
    finally:
        member.write_text(original)
        server.terminate()
        server.wait(timeout=30)
    return {"edit to preview s": round(preview, 2), "edit to rest of site s": round(rest, 2),
            "edit to search index s": round(indexed, 2)}  # fmt: skip


def _wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("livereload stopped before serving")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        time.sleep(0.3)
    raise SystemExit(f"livereload served nothing at {url}")


# -- the whole benchmark --------------------------------------------------------------------


def run(root: Path, sizes: list[int], report: Path | None = None) -> list[dict]:
    results = []
    with contextlib.ExitStack() as stack:
        # Beside the repository, where people build; the system's /tmp may be another disk.
        (root / "bench").mkdir(exist_ok=True)
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=root / "bench")))
        chromium = stack.enter_context(browser()) if CHROMIUM.exists() else None
        preview_size = max((s for s in sizes if s <= INCREMENTAL_UP_TO), default=None)
        for size in sizes:
            print(f"building {size:,} members...", flush=True)
            result = measure_build(root, size, workdir)
            if chromium:
                with serving(Path(result["output"])) as (url, sent):
                    for name, path in SEARCHES.items():
                        result[f"first search, {name}"] = first_search_bytes(
                            chromium, f"{url}/{path}", sent
                        )
                if size == preview_size:
                    result.update(measure_preview(root, chromium, result))
            results.append(result)
            print_row(result)
    summary = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "results": [
            {k: v for k, v in r.items() if "dir" not in k and k != "output"} for r in results
        ],  # fmt: skip
    }
    if len(results) > 1:
        first, last = results[0], results[-1]
        summary["growth per member, largest to smallest"] = round(
            last["ms per member"] / first["ms per member"], 2
        )
    text = json.dumps(summary, indent=2)
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(text + "\n")
    print(text)
    return results


def print_row(result: dict) -> None:
    shown = {k: v for k, v in result.items() if "dir" not in k and k != "output"}
    print(" | ".join(f"{k}: {v}" for k, v in shown.items()), flush=True)


def machine() -> str:
    cpus = os.cpu_count()
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                  .splitlines() if line.startswith("model name")), platform.machine())  # fmt: skip
    memory = _status_kb("/proc/meminfo", "MemTotal:") // 1024 // 1024
    return f"{cpus} cores ({model}), {memory} GB, Python {platform.python_version()}"
