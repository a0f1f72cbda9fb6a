from datetime import UTC, datetime, timedelta

from fazhi.search.ranking import doc_key, key_bound, order_window


def test_doc_key_orders_by_publish_time_then_is_unique_per_page():
    t = datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)
    assert doc_key(t, 5) < doc_key(t + timedelta(seconds=1), 1)
    assert doc_key(t, 5) != doc_key(t, 6)
    assert key_bound(t, upper=False) <= doc_key(t, 5) <= key_bound(t)
    assert doc_key(t + timedelta(seconds=1), 1) > key_bound(t)


def test_title_hits_come_first_then_by_score_then_newest():
    window = [(10, 1.0), (20, 5.0), (30, 5.0), (40, 0.5)]
    titled = [(40, 0.5), (5, 9.0)]
    assert order_window(window, titled) == [5, 40, 30, 20, 10]


def test_filter_tokens_name_every_ancestor_and_the_author():
    from fazhi.search.backends.base import Filters, filter_tokens, required_tokens

    tokens = filter_tokens("000100010003000A", "王晓燕")
    assert tokens[:3] == ["fp00010001", "fp000100010003", "fp000100010003000a"]
    assert required_tokens(Filters(channel_path="000100010003", author=" 王晓燕")) == [
        "fp000100010003",
        tokens[3],
    ]
    assert all(t.isalnum() and t.isascii() for t in tokens)
