"""The Pelican generator of the network's site: every page, data file and copy of the kinds.

It follows Pelican's two phases. ``generate_context`` takes the validated network from the
build session (cli.build validated it already; a plain Pelican run validates here and stops
on any error); ``generate_output`` hands the page plan to the session, which renders it on
every core and starts the search index. Pelican's own static generator runs after it; the
``finalized`` signal then lets the session finish: the index, the checks.
"""

from __future__ import annotations

import datetime as dt
import logging

from pelican.generators import Generator

from . import project
from .diagnostics import Report, ValidationFailed
from .project import Project
from .session import BuildSession

logger = logging.getLogger(__name__)


def build_day(settings: dict) -> dt.date:
    """The day the site is built for, in the network's time zone (TIMEZONE): decides which
    events are upcoming. NETWORK_TODAY (YYYY-MM-DD) pins it, for tests and for rebuilding
    an old state."""
    pinned = settings.get("NETWORK_TODAY")
    return dt.date.fromisoformat(str(pinned)) if pinned else project.build_day(settings["TIMEZONE"])


def session_for(settings: dict) -> BuildSession:
    """The session a run belongs to: the one cli.build passed in, or a new one."""
    session = settings.get("NETWORK_SESSION")
    if session is None:
        processes = settings.get("NETWORK_PROCESSES")
        session = BuildSession(
            Project.from_settings(settings),
            build_day(settings),
            processes=processes,
            search=settings.get("NETWORK_SEARCH_INDEX", True),
        )
        settings["NETWORK_SESSION"] = session
    return session


class NetworkGenerator(Generator):
    def generate_context(self):
        self.session = session_for(self.settings)
        if self.session.network is None:
            report = Report(self.session.project.root)
            network = self.session.validate(report)
            if network is None or report.errors:
                raise ValidationFailed(report)
            for warning in report.warnings:
                logger.warning(warning.format())

    def generate_output(self, writer):
        self.session.render(self)


def finish(pelican) -> None:
    """signals.finalized: Pelican copied the static files; the session can check the site."""
    session = pelican.settings.get("NETWORK_SESSION")
    if session is not None and session.network is not None:
        session.finish()
