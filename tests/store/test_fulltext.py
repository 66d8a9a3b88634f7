import pytest

from govreports.store.fulltext import index_terms, match_query


def test_chinese_runs_become_overlapping_bigrams():
    assert index_terms("行政复议") == "行政 政复 复议"


def test_single_characters_letters_and_digits_are_kept():
    assert index_terms("2020年 ABC、公开") == "2020 年 abc 公开"


def test_query_is_a_phrase_of_bigrams_per_word():
    assert match_query(["信息公开", "复议"]) == '"信息 息公 公开" AND "复议"'


def test_query_without_searchable_words_is_an_error():
    with pytest.raises(ValueError):
        match_query(["、", "!!"])
