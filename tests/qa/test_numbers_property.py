"""Any number written by CLDR's rules for a locale matches the same number written in English.

Numbers are written from CLDR's data (symbols and grouping sizes) by presslate's own writer,
not by ``babel.numbers.format_decimal``, whose grouping changed between Babel releases (2.19
writes 1000000000 as ``1000000'000`` in Swiss German and French).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.masking import write_decimal
from presslate.i18n.qa.numbers import compare_numbers

LOCALES = ["fr", "de", "es", "it", "pt_BR", "ru", "pl", "nl", "de_CH", "fr_CH", "sv", "en_IN"]


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=60, deadline=None)
@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_cldr_formatted_numbers_match(locale: str, value: Decimal) -> None:
    digits = max(0, -int(value.normalize().as_tuple().exponent))
    english = write_decimal(value, "en", digits=digits)
    local = write_decimal(value, locale, digits=digits)
    assert compare_numbers(f"It cost {english}.", "en", f"— {local} —", locale) == ([], [], [])


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=40, deadline=None)
@given(value=st.integers(min_value=1, max_value=10**7), delta=st.integers(min_value=1, max_value=999))
def test_a_different_number_is_reported(locale: str, value: int, delta: int) -> None:
    english = write_decimal(Decimal(value), "en")
    local = write_decimal(Decimal(value + delta), locale)
    missing, extra, misread = compare_numbers(f"It cost {english}.", "en", f"— {local} —", locale)
    assert missing == [english] and extra == [local] and misread == []


@pytest.mark.parametrize(
    ("locale", "grouped"),
    [("de_CH", "1G234G567"), ("fr_CH", "1G234G567"), ("hi", "12G34G567"), ("en_IN", "12G34G567"),
     ("fr", "1G234G567"), ("de", "1G234G567"), ("en", "1G234G567")],
)
def test_every_group_is_written_with_the_locales_symbol(locale: str, grouped: str) -> None:
    from babel.numbers import get_group_symbol

    expected = grouped.replace("G", get_group_symbol(locale))
    assert write_decimal(Decimal(1234567), locale) == expected
    assert write_decimal(Decimal("-1234567.25"), locale, digits=2).startswith("-" + expected)
