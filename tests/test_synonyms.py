"""synonyms.yaml: read and checked like taxonomy.yaml (every mistake with its position), and
turned into the hidden words a page is also found by (plugins/healthnet/synonyms.py)."""

from __future__ import annotations

import shutil

from healthnet.diagnostics import Report
from healthnet.synonyms import Synonyms, load_synonyms, words
from healthnet.taxonomy import load_taxonomy
from tests.support import REPO, formatted


def test_the_repository_synonyms_are_valid_and_say_saint_for_st():
    report = Report(REPO)
    synonyms = load_synonyms(REPO / "synonyms.yaml", report)
    assert formatted(report) == []
    assert synonyms.canonical["st"] == "saint"
    assert synonyms.canonical["mt"] == "mount"
    assert synonyms.canonical["pediatric"] == "children's"


def test_every_mistake_is_reported_with_its_line_and_column(tmp_path):
    path = tmp_path / "synonyms.yaml"
    path.write_text(
        "groups:\n"
        "  - [saint, st]\n"
        "  - [Mount, mt]\n"  # capitals
        "  - [fort]\n"  # a group of one
        "  - [st, ste]\n"  # st is in the first group
        "  - [a  b, c.d]\n"  # two spaces; a dot
        "colour: red\n",
        encoding="utf-8",
    )
    report = Report(tmp_path)
    synonyms = load_synonyms(path, report)
    assert formatted(report) == [
        "synonyms.yaml:3:6: error: 'Mount' is not a word a search can match: lowercase letters"
        " and digits, apostrophes inside a word, single spaces between words",
        "synonyms.yaml:4:5: error: a group lists two or more words: [saint, st]",
        "synonyms.yaml:5:6: error: 'st' is already in the group on line 2",
        "synonyms.yaml:6:6: error: 'a  b' is not a word a search can match: lowercase letters"
        " and digits, apostrophes inside a word, single spaces between words",
        "synonyms.yaml:6:12: error: 'c.d' is not a word a search can match: lowercase letters"
        " and digits, apostrophes inside a word, single spaces between words",
        "synonyms.yaml:7:1: error: unknown key 'colour'; allowed: groups",
    ]
    assert synonyms.canonical == {"st": "saint"}


def test_a_broken_synonyms_file_stops_the_taxonomy_like_its_own_mistakes(tmp_path):
    shutil.copy(REPO / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    (tmp_path / "synonyms.yaml").write_text("groups: [[saint]]\n", encoding="utf-8")
    report = Report(tmp_path)
    assert load_taxonomy(tmp_path / "taxonomy.yaml", report) is None
    assert formatted(report) == [
        "synonyms.yaml:1:10: error: a group lists two or more words: [saint, st]"
    ]


def test_without_a_synonyms_file_there_are_none(tmp_path):
    shutil.copy(REPO / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    taxonomy = load_taxonomy(tmp_path / "taxonomy.yaml", Report(tmp_path))
    assert taxonomy.synonyms.canonical == {}


def test_words_fold_accents_case_and_curly_apostrophes():
    assert words("St. Mary’s Hôpital, SAINTE-Justine") == [
        "st", "mary's", "hopital", "sainte", "justine",
    ]  # fmt: skip


def test_a_page_carries_the_main_word_of_each_group_its_names_use():
    synonyms = Synonyms.of([["saint", "st"], ["medical center", "med ctr"], ["children's", "pediatric"]])  # fmt: skip
    assert synonyms.equivalents(["St. Luke's Med. Ctr.", "Pediatrics of Omaha"]) == {
        "saint", "medical center",
    }  # fmt: skip
    assert synonyms.equivalents(["Childrens Hospital", "Saint Luke"]) == set()
    assert Synonyms.of([["children's", "childrens", "pediatric"]]).equivalents(
        ["Pediatric Associates"]
    ) == {"children's"}
