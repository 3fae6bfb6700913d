from hypothesis import given, strategies as st

from discreet.core.normalize import normalize


def test_ascii_is_untouched():
    d = normalize("pt in bed 4")
    assert d.text == "pt in bed 4" and d.index is None


def test_zero_width_and_bidi_removed_offsets_map_back():
    s = "ID 800\u200b101\u200e5009087 ok"
    d = normalize(s)
    assert d.text == "ID 8001015009087 ok"
    start = d.text.index("8001")
    a, b = d.span(start, start + 13)
    assert s[a:b].replace("\u200b", "").replace("\u200e", "") == "8001015009087"


def test_homoglyphs_and_fullwidth_fold_to_ascii():
    d = normalize("іdіоt \uff18\uff10\uff10\uff11")  # Cyrillic i/o, full-width digits
    assert d.text == "idiot 8001"


@given(st.text(max_size=200))
def test_span_maps_inside_original(s):
    d = normalize(s)
    for i in range(len(d.text)):
        a, b = d.span(i, i + 1)
        assert 0 <= a < b <= len(s)
