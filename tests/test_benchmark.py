"""The benchmark's synthetic network must be valid, or `invoke bench` measures nothing."""

from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from healthnet.synthetic import write_synthetic_content, write_synthetic_network
from tests.support import REPO, TODAY


def test_synthetic_network_and_library_are_valid(tmp_path):
    write_synthetic_network(tmp_path / "members", 40, distinct_logos=True)
    resources = write_synthetic_content(tmp_path / "content", 40)
    report = Report(tmp_path)
    network = load_network(
        Project.at(REPO, tmp_path / "members", tmp_path / "content"), report, TODAY
    )
    assert [d.format() for d in report.errors] == []
    assert (len(network.members), len(network.resources)) == (40, resources)
    assert len(network.paths) == 1 and len(network.events) == 20
    assert all(resource.contributors for resource in network.resources)
    # Half the members have a logo, each its own, as in a real network.
    assert len({member.logo for member in network.members if member.logo}) == 20
