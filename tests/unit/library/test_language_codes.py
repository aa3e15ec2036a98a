"""Language codes, names and the pivot: one module answers for the whole project."""

import pytest

from reader.library import language
from reader.library.language import (
    base_code,
    language_name,
    normalise_code,
    three_letter,
    writes_without_spaces,
)


@pytest.mark.parametrize("written, expected", [
    ("en", "en"), ("EN", "en"), ("en-US", "en"), ("en_GB", "en"), (" de-AT ", "de"),
    ("zh-Hant-TW", "zh"), ("sr-Latn", "sr"),
    ("eng", "en"), ("deu", "de"), ("ger", "de"), ("fre", "fr"), ("chi", "zh"),
    ("zho", "zh"), ("cmn", "zh"), ("yue", "zh"), ("vie", "vi"), ("nob", "nb"),
])
def test_tags_and_three_letter_codes_become_iso_639_1(written, expected):
    assert base_code(written) == expected
    assert normalise_code(written) == expected


@pytest.mark.parametrize("written", ["", None, "und", "fil", "x-klingon", "12", "ROMANCE"])
def test_codes_without_an_iso_639_1_code_are_not_normalised(written):
    assert normalise_code(written) is None


def test_a_code_without_a_two_letter_form_is_kept_as_written():
    assert base_code("FIL") == "fil"
    assert base_code("fil-PH") == "fil"


def test_the_two_directions_of_the_table_agree():
    for two, three in language.TWO_TO_THREE.items():
        assert len(two) == 2 and len(three) == 3
        assert language.THREE_TO_TWO[three] == two
    assert three_letter("de") == "deu" and three_letter("es") == "spa"
    assert three_letter("ast") == "ast"


def test_every_three_letter_code_maps_to_a_known_two_letter_code():
    assert set(language.THREE_TO_TWO.values()) <= set(language.TWO_TO_THREE)


def test_names_and_scripts():
    assert language_name("de") == "German"
    assert language_name("xx") == "xx"
    assert set(language.COMMON) <= set(language.NAMES)
    assert language.PIVOT in language.NAMES
    assert writes_without_spaces("zh") and writes_without_spaces("th")
    assert not writes_without_spaces("de")


def test_the_detector_labels_read_as_the_code_table_says():
    for label, code in language._TO_ISO1.items():
        assert language.THREE_TO_TWO[label] == code
