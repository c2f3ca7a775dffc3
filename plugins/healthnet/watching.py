"""What `invoke livereload` watches: the sources, with the operating system telling of each
change (inotify, through watchdog).

livereload's own watcher looks at the modification time of every watched file every 0.8 s:
at 5,000 members that is 7,500 files read each time, and an edit waits 0.4 s on average
before anyone notices it. Here a change arrives as an event, and the rebuild starts once
the files have been quiet for a moment (an editor's save may write a file more than once).
The rebuild runs in a thread of its own, so that the server keeps serving meanwhile: a
rebuild shows the edited page first, and the browser must be able to load it while the
rest of the site is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# Seconds without a further change before the rebuild starts.
QUIET = 0.05
# Files editors write beside the one being edited, which say nothing about the site.
_EDITOR_FILES = (".swp", ".swx", ".tmp", "~")


class SourceWatcher(Watcher):
    """A livereload watcher that is told of changes instead of looking for them. livereload
    calls ``start`` when it serves; ``rebuild`` then runs after each change, in a thread,
    one at a time (changes during a rebuild bring one more)."""

    def __init__(self, rebuild: Callable[[], None]):
        super().__init__()
        self.rebuild = rebuild
        self._observer = Observer()
        self._loop: IOLoop | None = None
        self._waiting = None  # the quiet-moment timer of the latest change
        self._rebuilding = False
        self._again = False  # a change came during the rebuild

    def in_server(self, function: Callable[[], None]) -> None:
        """Run ``function`` on the server's loop (from the rebuilding thread)."""
        if self._loop is not None:
            self._loop.add_callback(function)

    def watch_path(self, path: Path) -> None:
        """A folder and everything in it, or one file."""
        handler = _Changes(self._changed, None if path.is_dir() else path)
        folder = path if path.is_dir() else path.parent
        self._observer.schedule(handler, str(folder), recursive=path.is_dir())

    def start(self, callback) -> bool:
        """True: livereload need not poll."""
        if self._loop is None:
            self._loop = IOLoop.current()
            self._observer.daemon = True
            self._observer.start()
        return True

    def examine(self):
        return None, None

    def _changed(self) -> None:
        """In watchdog's thread: hand the change to the server's loop."""
        if self._loop is not None:
            self._loop.add_callback(self._wait_for_quiet)

    def _wait_for_quiet(self) -> None:
        if self._waiting is not None:
            self._loop.remove_timeout(self._waiting)
        self._waiting = self._loop.call_later(QUIET, self._run)

    def _run(self) -> None:
        """On the server's loop: start a rebuild, or ask the running one for another."""
        self._waiting = None
        if self._rebuilding:
            self._again = True
            return
        self._rebuilding = True
        threading.Thread(target=self._rebuild_until_current, daemon=True).start()

    def _rebuild_until_current(self) -> None:
        try:
            self.rebuild()
        finally:
            self.in_server(self._rebuilt)

    def _rebuilt(self) -> None:
        self._rebuilding = False
        if self._again:
            self._again = False
            self._run()


class _Changes(FileSystemEventHandler):
    def __init__(self, changed: Callable[[], None], only: Path | None):
        self.changed = changed
        self.only = only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # read, not changed
        paths = [Path(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if self.only is not None and self.only not in paths:
            return
        if all(path.name.endswith(_EDITOR_FILES) for path in paths):
            return
        self.changed()
