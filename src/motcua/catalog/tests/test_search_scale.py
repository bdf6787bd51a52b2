"""The shortcuts that keep search flat on a national catalogue give the same answers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.search import _name_rank, _NearMatch, _variants

TEXT_WORDS = ["1", "001193", "t0512", "dang", "ky", "khai", "sinh", "kai", "snh", "ho", "tich"]
QUERIES = [("dang", "ky", "khai", "snh"), ("khaisinh",), ("ho", "tich", "dang")]


@given(
    st.sampled_from(QUERIES),
    st.lists(st.sampled_from(TEXT_WORDS), min_size=1, max_size=9),
    st.integers(min_value=0, max_value=4),
)
def test_scoring_the_code_apart_is_exact(query, text_words, split):
    split = min(split, len(text_words))
    whole = _NearMatch(query).score(text_words)
    scorer = _NearMatch(query)
    scorer.score(["khai", "sinh"], split=0)  # a remembered tail must not leak into others
    assert scorer.score(text_words, split=split) == whole
    assert scorer.score(text_words, split=split) == whole  # and again, from the memo


def test_a_name_ranks_the_same_however_often_it_is_seen():
    variants = [_variants(word) for word in ("dang", "ky", "khai", "sinh")]
    first = _name_rank("Đăng ký khai sinh", variants)
    assert _name_rank("Đăng ký khai sinh", variants) == first
    assert first < _name_rank("Đăng ký lại khai sinh", variants)


@given(
    st.sampled_from(QUERIES),
    st.lists(st.sampled_from(TEXT_WORDS), max_size=6),
    st.lists(st.sampled_from(TEXT_WORDS), max_size=6),
)
def test_a_name_and_a_field_scored_apart_give_the_score_of_both(query, first, second):
    scorer = _NearMatch(query)
    joined = scorer.best_joined(scorer.best(first), scorer.best(second), first, second)
    assert joined == _NearMatch(query).best(first + second)
    assert scorer.weighted(joined) == _NearMatch(query).score(first + second)
