"""The benchmark's synthetic network must be valid, or `invoke bench` measures nothing."""

from healthnet.benchmark import STEPS, measure_build
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


def test_a_measured_build_reports_each_step_and_the_link_checks_share(tmp_path):
    result = measure_build(REPO, 40, tmp_path)
    assert result["members"] == 40 and result["pages"] > 40
    assert all(result[f"{step} s"] >= 0 for step in STEPS)
    assert result["total wall s"] > 0 and result["total CPU s"] > 0
    # The workers' link scan and the parent's checks, against the CPU of the whole build.
    assert 0 < result["link checks CPU s"] < result["total CPU s"]
    share = 100 * result["link checks CPU s"] / result["total CPU s"]
    assert abs(result["link checks, share of CPU %"] - share) < 1  # of rounded figures
    assert result["largest page"].endswith(".html") and result["largest page kB"] > 1
    assert result["images drawn, first build"] > 20
    # The first build validated every file and kept the checks for the timed one.
    assert result["validate with no kept checks, first build s"] > 0
    assert (tmp_path / "40" / ".cache" / "checked.marshal").is_file()
