"""`invoke import-members FILE.csv`: a messy spreadsheet becomes valid member files, every
row that cannot is reported at its row and column, and nothing is ever overwritten."""

import codecs
import csv
import io
import subprocess
import sys

import pytest
import yaml

from healthnet import import_mapping, importer
from healthnet.diagnostics import Report
from healthnet.import_sheet import read_sheet
from healthnet.social import PLATFORMS
from healthnet.taxonomy import load_taxonomy
from healthnet.text import slugify
from tests.support import (
    FIXTURES,
    REPO,
    TODAY,
    copy_fixture_site,
    formatted,
    project_with,
    validate,
)

IMPORT = FIXTURES / "import"
NETWORK_MAPPING = REPO / "import" / "mapping.yaml"
TAXONOMY = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))
FIXTURE_MEMBERS = {
    "3d-health-lab.yaml",
    "alpha-health.yaml",
    "beta-clinic.yaml",
    "cafe-sante.yaml",
    "echo-public-health.yaml",
    "the-delta-hospital.yaml",
}
HANDWRITTEN_ROWS = 29  # the header and the rows of tests/fixtures/import/hospitals.csv
GENERATED = 300


def generated_rows(count: int = GENERATED) -> list[list[str]]:
    """Rows in the ways people fill spreadsheets: labels in any case, states by name or
    code, addresses with or without https://, profile URLs or @handles, trailing spaces,
    commas in names, the same name in two cities, and blank rows."""
    types = ["hospital", "HEALTH SYSTEM", "Children's Hospital ", "clinic", "Critical Access",
             "public health", "Academic medical center", "Pediatric"]  # fmt: skip
    places = [("Rochester", "Minnesota"), ("Duluth", "mn"), ("Madison", "WI"),
              ("Des Moines", "Iowa "), ("Fargo", "North Dakota")]  # fmt: skip
    countries = ["", "US", "United States", "usa"]
    rows = []
    for i in range(count):
        if i % 40 == 39:
            rows.append([""] * 16)
            continue
        name = [f"Generated Health {i:03d}", f"Clinique Générale {i:03d}",
                f"Przychodnia Zdrowie Łódź {i:03d}", f"Riverside Care {i:03d}, LLC"][i % 4]  # fmt: skip
        if i % 25 == 1 and i > 1:  # one name, two cities
            name = rows[-1][0]
        city, state = places[i % len(places)]
        website = [f"www.gen{i}.example.org", f"https://gen{i}.example.org/",
                   f"gen{i}.example.org"][i % 3]  # fmt: skip
        x = [f"@gen{i}", f"https://twitter.com/gen{i}", f"https://x.com/gen{i}?lang=en", ""][i % 4]
        facebook = f"https://www.facebook.com/gen.health.{i}/" if i % 3 == 0 else ""
        linkedin = f"https://www.linkedin.com/company/gen-{i}" if i % 4 == 0 else ""
        youtube = f"https://www.youtube.com/@gen{i}" if i % 5 == 0 else ""
        instagram = f"@gen{i}  " if i % 2 else ""
        rows.append([name, types[i % len(types)], f"{city} ", state, countries[i % 4], website,
                     x, facebook, linkedin, youtube, instagram, "", "", "", "", ""])  # fmt: skip
    return rows


def messy_sheet(folder, count: int = GENERATED):
    """hospitals.csv (BOM, semicolons, CRLF, Excel quoting) with ``count`` rows added the
    way Excel writes them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in generated_rows(count):
        writer.writerow([*row, ""])  # the Notes column
    path = folder / "hospitals.csv"
    path.write_bytes((IMPORT / "hospitals.csv").read_bytes() + out.getvalue().encode())
    return path


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the fixture site, the working folder (so lines name "hospitals.csv")."""
    copy_fixture_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(site, sheet, capsys, **options):
    options.setdefault("mapping_file", NETWORK_MAPPING)
    options.setdefault("country", "US")
    project = project_with(site / "members", site / "content")
    code = importer.import_members(project, sheet, today=TODAY, **options)
    return code, capsys.readouterr().out.splitlines()


ALLOWED_TYPES = (
    "academic-medical-center, health-system, hospital, childrens-hospital, "
    "critical-access-hospital, clinic-practice, public-health-agency, professional-association, "
    "nonprofit-advocacy, payer, life-sciences, education, technology-partner, agency-consultancy"
)
NOT_A_TYPE = (
    f"is not a member type; allowed: a label or key of taxonomy.yaml ({ALLOWED_TYPES}), or a "
    "label added under 'types' in the mapping file"
)
# Every line about the handwritten rows, in order; the generated rows are all valid.
EXPECTED_LINES = [
    "hospitals.csv:3:F: warning: Website: 'http://stmarys-madison.org' is written as https://stmarys-madison.org: check that it opens",
    f"hospitals.csv:9:B: error: TYPE: 'Spa' {NOT_A_TYPE}",
    "hospitals.csv:10:F: error: Website: 'see our Facebook page' is not a web address; allowed: https://www.example.org or www.example.org",
    "hospitals.csv:11:D: error: State: 'Minnesotta' is not a state or region of United States (did you mean 'Minnesota'?); allowed: its name or its ISO 3166-2 code, such as AK, AL, AR, AS",
    "hospitals.csv:12:G: error: Twitter: 'https://www.facebook.com/northstar' is neither a handle nor a profile address on X; allowed: a handle of 1 to 15 letters, digits or underscores, without @, or the profile's address, such as https://x.com/riverbendhealth",
    "hospitals.csv:13:A: note: possible update of members/alpha-health.yaml (the same file name); not written: compare the row with that file",
    "hospitals.csv:14:A: note: possible update of members/alpha-health.yaml (the same name); not written: compare the row with that file",
    "hospitals.csv:15:A: note: possible update of members/cafe-sante.yaml (the same name); not written: compare the row with that file",
    "hospitals.csv:16:A: error: Hospital Name: 'St. Mary's Hospital' in Rochester is on row 2 already; keep one row",
    "hospitals.csv:17:A: error: Hospital Name: 'St. Mary's Hospital' is also on rows 2, 3, 16, in other cities: give this row its city too, to tell them apart",
    "hospitals.csv:19:A: error: the row has 18 cells, the others 17: is a value with a ';' in it not in quotes?",
    "hospitals.csv:20:A: error: Hospital Name: '!!!' gives no usable file name; use letters or digits",
    "hospitals.csv:21:A: error: Hospital Name: 'Hilltop-Hospital' gives the same file name, hilltop-hospital.yaml, as 'Hilltop Hospital' on row 11: make them differ",
    "hospitals.csv:22:A: error: Hospital Name: 'name' is 147 characters long; at most 120 are allowed",
    "hospitals.csv:23:A: error: Hospital Name: 'name' contains the character U+202E; only printable characters on one line are allowed",
    "hospitals.csv:24:E: error: Country: 'Atlantis' is not a country; allowed: a name, such as United States or Canada, or an ISO code, such as US or CA",
    "hospitals.csv:25:J: error: YouTube: 'https://www.youtube.com/c/valleyhealth' is neither a handle nor a profile address on YouTube; allowed: a channel handle starting with @ (quote it in YAML), or the profile's address, such as https://www.youtube.com/@riverbendhealth",
    "hospitals.csv:26:N: error: Threads: '.river' is neither a handle nor a profile address on Threads; allowed: a handle of 1 to 30 letters, digits, underscores or single dots, without @, or the profile's address, such as https://www.threads.net/@riverbendhealth",
    "hospitals.csv:27:B: error: TYPE: empty; every member needs a type",
    "hospitals.csv:27:F: error: Website: empty; every member needs a website",
]  # fmt: skip
HANDWRITTEN_WRITTEN = {
    "st-marys-hospital-rochester.yaml",
    "st-marys-hospital-madison.yaml",
    "clinique-sante-plateau.yaml",
    "szpital-dzieciecy-w-lodzi.yaml",
    "mercy-health-inc.yaml",
    "lakehead-health.yaml",
    "northwoods-health.yaml",
}


def test_a_messy_sheet_gives_valid_files_and_one_line_per_problem(site, capsys):
    code, lines = run(site, messy_sheet(site), capsys)

    assert code == 1
    assert lines[0] == (
        "hospitals.csv: name from A 'Hospital Name', type from B 'TYPE', city from C 'City', "
        "region from D 'State', country from E 'Country', website from F 'Website', x from G "
        "'Twitter', facebook from H 'Facebook', linkedin from I 'LinkedIn', youtube from J "
        "'YouTube', instagram from K 'Instagram', tiktok from L 'TikTok', bluesky from M "
        "'Bluesky', threads from N 'Threads', mastodon from O 'Mastodon', pinterest from P "
        "'Pinterest'; not imported: Q 'Notes'"
    )
    assert lines[1:-1] == EXPECTED_LINES
    blank_generated = GENERATED // 40
    valid_generated = GENERATED - blank_generated
    assert lines[-1] == (
        f"hospitals.csv: {len(HANDWRITTEN_WRITTEN) + valid_generated} written to members/, "
        f"3 possible updates, 15 rows with errors, {2 + blank_generated} blank rows skipped"
    )
    written = {path.name for path in (site / "members").glob("*.yaml")} - FIXTURE_MEMBERS
    assert written >= HANDWRITTEN_WRITTEN
    assert len(written) == len(HANDWRITTEN_WRITTEN) + valid_generated
    # What `invoke validate` checks: every file, and the network as a whole.
    assert validate(site / "members", content_dir=site / "content").errors == []


def test_generated_rows_become_what_their_cells_say(site, capsys):
    run(site, messy_sheet(site, count=27), capsys)
    members = site / "members"

    def data(slug):
        return yaml.safe_load((members / f"{slug}.yaml").read_text(encoding="utf-8"))

    first = data("generated-health-000")
    assert first["type"] == "hospital"
    assert first["location"] == {"city": "Rochester", "region": "MN", "country": "US"}
    assert first["website"] == "https://www.gen0.example.org"
    assert first["social"] == {
        "x": "gen0",
        "facebook": "gen.health.0",
        "linkedin": "company/gen-0",
        "youtube": "@gen0",
    }
    assert data("przychodnia-zdrowie-lodz-002")["type"] == "childrens-hospital"
    comma = data("riverside-care-003-llc")
    assert comma["name"] == "Riverside Care 003, LLC"
    assert comma["location"] == {"city": "Des Moines", "region": "IA", "country": "US"}
    assert comma["social"] == {"facebook": "gen.health.3", "instagram": "gen3"}
    # The generated rows 25 and 26 share a name: each gets its city.
    assert data("clinique-generale-025-rochester")["name"] == "Clinique Générale 025, Rochester"
    assert data("clinique-generale-025-duluth")["name"] == "Clinique Générale 025, Duluth"


def test_a_written_file_reads_like_new_members(site, capsys):
    run(site, IMPORT / "hospitals.csv", capsys)
    text = (site / "members" / "st-marys-hospital-rochester.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../schema/member.schema.json\n"
        "# Imported from hospitals.csv, row 2. Add a logo, a description and topics (CONTRIBUTING.md\n"
        "# explains them), then run `invoke validate`.\n"
        "name: St. Mary's Hospital, Rochester\n"
        "type: childrens-hospital\n"
        "joined: 2026-11-24\n"
        "location:\n"
        "  city: Rochester\n"
        "  region: MN\n"
        "  country: US\n"
        "website: https://www.stmarys-rochester.org\n"
        "summary: A children's hospital in Rochester, Minnesota.\n"
        "social:\n"
        "  x: StMarysRoch\n"
        "  facebook: stmarysroch\n"
        "  instagram: stmarysroch\n"
        "  linkedin: company/st-marys-rochester\n"
        '  youtube: "@stmarysroch"\n'
        "  tiktok: stmarysroch\n"
        "  bluesky: stmarys.bsky.social\n"
        "  threads: stmarysroch\n"
        '  mastodon: "@stmarys@mastodon.social"\n'
        "  pinterest: stmarysroch\n"
    )  # fmt: skip
    ontario = (site / "members" / "lakehead-health.yaml").read_text(encoding="utf-8")
    assert '  region: "ON"\n' in ontario  # YAML would read a plain ON as true
    polish = yaml.safe_load((site / "members" / "szpital-dzieciecy-w-lodzi.yaml").read_text())
    assert polish["name"] == "Szpital Dziecięcy w Łodzi"
    assert polish["location"] == {"city": "Łódź", "region": "10", "country": "PL"}
    assert polish["summary"] == "A children's hospital in Łódź, Łódzkie."
    quoted = yaml.safe_load((site / "members" / "clinique-sante-plateau.yaml").read_text())
    assert quoted["name"] == 'Clinique Santé "Plateau"'


def test_a_second_run_writes_nothing_and_lists_possible_updates(site, capsys):
    sheet = messy_sheet(site, count=40)
    run(site, sheet, capsys)
    before = {path: path.read_bytes() for path in (site / "members").glob("*.yaml")}

    code, lines = run(site, sheet, capsys)

    assert code == 1  # the rows with errors still have them
    assert {path: path.read_bytes() for path in (site / "members").glob("*.yaml")} == before
    updates = [line for line in lines if ": note: possible update of " in line]
    assert len(updates) == 3 + len(HANDWRITTEN_WRITTEN) + 39
    assert (
        "hospitals.csv:2:A: note: possible update of members/st-marys-hospital-rochester.yaml "
        "(the same file name); not written: compare the row with that file"
    ) in updates
    assert [line for line in lines if ": warning: " in line] == []
    assert lines[-1] == (
        f"hospitals.csv: 0 written to members/, {len(updates)} possible updates, 15 rows with "
        "errors, 3 blank rows skipped"
    )


def test_a_dry_run_checks_everything_and_writes_nothing(site, capsys):
    code, lines = run(site, messy_sheet(site), capsys, dry_run=True)
    assert code == 1
    assert lines[1:-1] == EXPECTED_LINES
    assert lines[-1].startswith(f"hospitals.csv: {len(HANDWRITTEN_WRITTEN) + 293} would be written")
    assert lines[-1].endswith("blank rows skipped (dry run: nothing written)")
    assert {path.name for path in (site / "members").glob("*.yaml")} == FIXTURE_MEMBERS


def test_a_valid_sheet_exits_0(site, capsys):
    sheet = site / "clean.csv"
    sheet.write_text(
        "Name,Type,City,State,Website\nPine Clinic,Clinic,Duluth,MN,pine.example.org\n"
    )
    code, lines = run(site, sheet, capsys)
    assert code == 0
    assert (
        lines[-1]
        == "clean.csv: 1 written to members/, 0 possible updates, 0 rows with errors, 0 blank rows skipped"
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter", "first_line"),
    [
        ("utf-8", ",", ""),
        ("utf-8-sig", ";", ""),
        ("utf-8", "\t", ""),
        ("utf-16", "\t", ""),  # Excel's "Unicode text"
        ("cp1252", ";", ""),  # Excel's plain "CSV" on Windows
        ("utf-8", ";", "sep=;\r\n"),  # Excel's hint line
    ],
)
def test_any_export_of_a_spreadsheet_reads_the_same(site, capsys, encoding, delimiter, first_line):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Organization", "Type", "City", "Province", "Country", "URL"])
    writer.writerow(
        ["Clinique Santé, Laval", "Clinic", "Laval", "Québec", "CA", "https://laval.example.ca"]
    )
    writer.writerow(["", "", "", "", "", ""])
    writer.writerow(['Hôpital "Saint-Jean"', "hospital", "Saint-Jean", "QC", "Canada", "www.sj.example.ca"])  # fmt: skip
    sheet = site / "export.csv"
    sheet.write_bytes((first_line + out.getvalue()).encode(encoding))

    code, lines = run(site, sheet, capsys)

    assert code == 0, lines
    assert lines[-1] == "export.csv: 2 written to members/, 0 possible updates, 0 rows with errors, 1 blank row skipped"  # fmt: skip
    if encoding == "cp1252":
        assert lines[1].startswith("export.csv:1:A: warning: the file is not UTF-8")
    laval = yaml.safe_load((site / "members" / "clinique-sante-laval.yaml").read_text())
    assert laval["name"] == "Clinique Santé, Laval"
    assert laval["location"] == {"city": "Laval", "region": "QC", "country": "CA"}
    saint_jean = yaml.safe_load((site / "members" / "hopital-saint-jean.yaml").read_text())
    assert saint_jean["name"] == 'Hôpital "Saint-Jean"'
    assert saint_jean["website"] == "https://www.sj.example.ca"


def test_a_mapping_file_names_columns_and_type_labels(site, capsys):
    code, lines = run(
        site, IMPORT / "odd-headers.csv", capsys, mapping_file=IMPORT / "mapping.yaml"
    )
    assert code == 0, lines
    assert lines[0].endswith(
        "name from A 'Facility', type from C 'Kind', region from D 'St.', website from E "
        "'Web', x from F 'Tweets at', city from B 'Town', country from H 'Nation'; not "
        "imported: G 'FB'"
    )
    kids = yaml.safe_load((site / "members" / "little-lakes-kids-hospital.yaml").read_text())
    assert kids["type"] == "childrens-hospital"
    assert kids["social"] == {"x": "littlelakes"}
    rural = yaml.safe_load((site / "members" / "prairie-rural-hospital.yaml").read_text())
    assert rural["type"] == "critical-access-hospital"
    assert rural["location"] == {"city": "Pierre", "region": "SD", "country": "US"}


def test_mistakes_in_a_mapping_file_stop_the_import_before_any_row(site, capsys):
    mapping = site / "mapping.yaml"
    mapping.write_text(
        "columns:\n  name: Facilty\n  twiter: Tweets at\ntypes:\n  Kids: kids-hospital\nsheets: 1\n"
    )
    code, lines = run(site, IMPORT / "odd-headers.csv", capsys, mapping_file=mapping)
    assert code == 1
    assert lines == [
        "mapping.yaml:2:9: error: 'columns.name' is 'Facilty', which is no header or column letter of the sheet; its columns: A 'Facility', B 'Town', C 'Kind', D 'St.', E 'Web', F 'Tweets at', G 'FB', H 'Nation'",
        "mapping.yaml:3:3: error: unknown field 'twiter' (did you mean 'x'?); allowed: name, type, city, region, country, website, x, facebook, instagram, linkedin, youtube, tiktok, bluesky, threads, mastodon, pinterest, blog, podcast",
        "mapping.yaml:5:9: error: 'types.Kids' is 'kids-hospital', which is not a member type (did you mean 'childrens-hospital'?); allowed: " + ALLOWED_TYPES,
        "mapping.yaml:6:1: error: unknown section 'sheets'; allowed: columns, types",
        "nothing imported: fix the errors above",
    ]  # fmt: skip
    assert {path.name for path in (site / "members").glob("*.yaml")} == FIXTURE_MEMBERS


def test_a_sheet_without_a_needed_column_is_refused(site, capsys):
    sheet = site / "short.csv"
    sheet.write_text("Name,Website,Twitter,Site\nPine Clinic,pine.example.org,pine,x\n")
    code, lines = run(site, sheet, capsys, country=None)
    assert code == 1
    columns = "A 'Name', B 'Website', C 'Twitter', D 'Site'"
    assert lines == [
        "short.csv:1:A: error: no column holds the type; the sheet's columns: "
        f"{columns}; name it in a mapping file (columns: type: <header>)",
        "short.csv:1:A: error: no column holds the country; the sheet's columns: "
        f"{columns}; name it in a mapping file (columns: country: <header>), or give "
        "--country XX for every row",
        "short.csv:1:B: error: columns B 'Website' and D 'Site' could each be the website; "
        "name one in a mapping file (columns: website: <header>)",
        "nothing imported: fix the errors above",
    ]


def test_a_workbook_is_refused_with_what_to_do(site, capsys):
    workbook = site / "hospitals.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(100))
    code, lines = run(site, workbook, capsys)
    assert code == 1
    assert lines == [
        "hospitals.xlsx:1:1: error: this is an Excel or LibreOffice workbook, not CSV; save it "
        "as CSV first (File > Save As > CSV UTF-8)",
        "nothing imported: fix the errors above",
    ]


def test_bad_options_are_refused(site, capsys):
    code, lines = run(
        site, IMPORT / "odd-headers.csv", capsys, country="Atlantis", joined="2026-13-01"
    )
    assert code == 1
    assert lines == [
        "--country:1:1: error: 'Atlantis' is not a country; allowed: a name, such as United States or Canada, or an ISO code, such as US or CA",
        "--joined:1:1: error: '2026-13-01' is not a date; write YYYY-MM-DD",
        "nothing imported: fix the errors above",
    ]  # fmt: skip


def test_the_networks_mapping_file_is_valid(tmp_path):
    report = Report(REPO)
    mapping = import_mapping.default_mapping(TAXONOMY)
    import_mapping.load_mapping(NETWORK_MAPPING, TAXONOMY, mapping, report)
    assert formatted(report) == []
    assert mapping.type_key("PEDIATRIC") == "childrens-hospital"
    assert mapping.type_key("Children’s hospital") == "childrens-hospital"
    assert mapping.type_key("clinic") == "clinic-practice"


def test_the_real_command_imports_a_sheet(tmp_path):
    members = copy_fixture_site(tmp_path) / "members"
    sheet = tmp_path / "new.csv"
    rows = [
        "Name;Type;City;State;Website;X",
        "Pine Clinic;Clinic;Duluth;Minnesota;https://pine.example.org;https://x.com/pineclinic",
    ]
    sheet.write_bytes(codecs.BOM_UTF8 + "\r\n".join(rows).encode())
    command = [sys.executable, "-m", "invoke", "import-members", str(sheet), "--members",
               str(members), "--country", "US", "--joined", "2026-01-15"]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].endswith(
        "new.csv: 1 written to "
        + f"{members}/, 0 possible updates, 0 rows with errors, 0 blank rows skipped"
    )
    data = yaml.safe_load((members / "pine-clinic.yaml").read_text())
    assert data["joined"].isoformat() == "2026-01-15"
    assert data["social"] == {"x": "pineclinic"}
    assert data["summary"] == "A clinic or practice in Duluth, Minnesota."


# -- the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Łódź", "lodz"),
        ("Clinique Santé", "clinique-sante"),
        ("St. Mary's", "st-marys"),
        ("St. Mary’s Hospital", "st-marys-hospital"),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("Straße", "strasse"),
        ("Bad_File_Name", "bad-file-name"),
        ("  --Alpha--  ", "alpha"),
        ("!!!", ""),
    ],
)
def test_one_slugify_transliterates_and_drops_apostrophes(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("key", "pasted", "handle"),
    [
        ("x", "https://twitter.com/riverbend", "riverbend"),
        ("x", "https://x.com/riverbend?lang=en", "riverbend"),
        ("x", "http://mobile.twitter.com/riverbend/", "riverbend"),
        ("x", "https://twitter.com/#!/riverbend", "riverbend"),
        ("x", "@riverbend", "riverbend"),
        ("x", "riverbend", "riverbend"),
        ("facebook", "https://www.facebook.com/riverbend.health/", "riverbend.health"),
        ("facebook", "www.facebook.com/pages/Riverbend-Health/123456789", "123456789"),
        ("facebook", "https://m.facebook.com/profile.php?id=100064", "100064"),
        ("instagram", "https://www.instagram.com/riverbend_health/?hl=en", "riverbend_health"),
        ("instagram", "@riverbend_health", "riverbend_health"),
        ("linkedin", "https://www.linkedin.com/company/riverbend-health/", "company/riverbend-health"),
        ("linkedin", "https://ca.linkedin.com/school/riverbend-u", "school/riverbend-u"),
        ("linkedin", "company/riverbend-health", "company/riverbend-health"),
        ("youtube", "https://www.youtube.com/@riverbend", "@riverbend"),
        ("youtube", "riverbend", "@riverbend"),
        ("tiktok", "https://www.tiktok.com/@riverbend.health", "riverbend.health"),
        ("tiktok", "@riverbend.health", "riverbend.health"),
        ("bluesky", "https://bsky.app/profile/Riverbend.bsky.social", "riverbend.bsky.social"),
        ("bluesky", "@riverbend.bsky.social", "riverbend.bsky.social"),
        ("threads", "https://www.threads.net/@riverbend", "riverbend"),
        ("threads", "https://www.threads.com/@riverbend", "riverbend"),
        ("mastodon", "https://mastodon.social/@riverbend", "@riverbend@mastodon.social"),
        ("mastodon", "riverbend@mastodon.social", "@riverbend@mastodon.social"),
        ("pinterest", "https://www.pinterest.co.uk/riverbend/", "riverbend"),
    ],
)  # fmt: skip
def test_a_pasted_profile_address_gives_the_handle(key, pasted, handle):
    assert PLATFORMS[key].handle_from(pasted) == handle


@pytest.mark.parametrize(
    ("key", "pasted"),
    [
        ("x", "https://www.facebook.com/riverbend"),  # another platform's address
        ("x", "https://example.org/riverbend"),
        ("x", "much_too_long_for_x"),
        ("youtube", "https://www.youtube.com/channel/UC123"),
        ("mastodon", "https://twitter.com/@riverbend"),
        ("mastodon", "@riverbend"),
        ("linkedin", "https://www.linkedin.com/feed/"),
        ("facebook", "javascript:alert(1)"),
        ("blog", "https://blog.example.org"),  # addresses are not handles
    ],
)
def test_addresses_that_are_not_the_platforms_profiles_give_no_handle(key, pasted):
    assert PLATFORMS[key].handle_from(pasted) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", '"NO"'),
        ("Yes", '"Yes"'),
        ("0123", '"0123"'),
        ("2019-05-01", '"2019-05-01"'),
        ("@handle", '"@handle"'),
        ("a: b", '"a: b"'),
        ("#1 Clinic", '"#1 Clinic"'),
        ("null", '"null"'),
        ("Clinic # 2", '"Clinic # 2"'),
        ('Say "hi" \\ bye', 'Say "hi" \\ bye'),
        ("Hidden\u202eName", '"Hidden\\u202EName"'),
        ("Tab\there", '"Tab\\u0009here"'),
        ("St. Mary's", "St. Mary's"),
    ],
)
def test_values_are_quoted_where_yaml_would_misread_them(text, expected):
    written = importer._scalar(text)
    assert written == expected
    assert yaml.safe_load(f"k: {written}") == {"k": text}


@pytest.mark.parametrize(
    ("region", "country", "code"),
    [("Minnesota", "US", "MN"), ("mn", "US", "MN"), ("US-MN", "US", "MN"), ("D.C.", "US", "DC"),
     ("Québec", "CA", "QC"), ("lodzkie", "PL", "10"), ("Ontario", "CA", "ON")],
)  # fmt: skip
def test_regions_by_name_or_code(region, country, code):
    assert import_mapping.region_code(region, country) == code


@pytest.mark.parametrize(
    ("text", "address", "upgraded"),
    [
        ("www.example.org", "https://www.example.org", False),
        ("example.org/about", "https://example.org/about", False),
        ("HTTP://WWW.Example.ORG/Path", "https://www.example.org/Path", True),
        ("https://example.org", "https://example.org", False),
    ],
)
def test_websites_become_https_addresses(text, address, upgraded):
    assert import_mapping.https_address(text) == (address, upgraded)


@pytest.mark.parametrize("text", ["ftp://example.org", "example", "mailto:a@example.org",
                                  "https://user:pw@example.org", "=HYPERLINK(\"x\")"])  # fmt: skip
def test_what_is_no_website_is_refused(text):
    with pytest.raises(import_mapping.CellError):
        import_mapping.https_address(text)


def test_summaries_are_plain_sentences():
    types = TAXONOMY.member_types.terms
    assert import_mapping.summary(types["childrens-hospital"], "Rochester", "Minnesota", "US") == (
        "A children's hospital in Rochester, Minnesota."
    )
    assert import_mapping.summary(types["academic-medical-center"], None, None, "FR") == (
        "An academic medical center in France."
    )
    assert import_mapping.summary(types["education"], "Paris", None, "FR") == (
        "A health education institution in Paris, France."
    )
    long = import_mapping.summary(types["hospital"], "X" * 80, "Y" * 150, "US")
    assert long == "A hospital in " + "Y" * 150 + "."


def test_rows_are_numbered_as_the_spreadsheet_shows_them(tmp_path):
    sheet = tmp_path / "rows.csv"
    sheet.write_text('\n\nName,Notes\nA,"two\nlines"\n\nB,x\n')
    read = read_sheet(sheet, Report(tmp_path))
    assert read.header_row == 3
    assert read.rows == [(4, ["A", "two lines"]), (6, ["B", "x"])]
    assert read.blank_rows == 1
