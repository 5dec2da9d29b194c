"""Any number written by CLDR's rules for a locale matches the same number written in English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.qa.numbers import compare_numbers

LOCALES = ["fr", "de", "es", "it", "pt_BR", "ru", "pl", "nl", "de_CH", "fr_CH", "sv", "en_IN"]


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=60, deadline=None)
@given(value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_cldr_formatted_numbers_match(locale: str, value: Decimal) -> None:
    english = format_decimal(value, locale="en")
    local = format_decimal(value, locale=locale)
    assert compare_numbers(f"It cost {english}.", "en", f"— {local} —", locale) == ([], [], [])


@pytest.mark.parametrize("locale", LOCALES)
@settings(max_examples=40, deadline=None)
@given(value=st.integers(min_value=1, max_value=10**7), delta=st.integers(min_value=1, max_value=999))
def test_a_different_number_is_reported(locale: str, value: int, delta: int) -> None:
    english = format_decimal(value, locale="en")
    local = format_decimal(value + delta, locale=locale)
    missing, extra, misread = compare_numbers(f"It cost {english}.", "en", f"— {local} —", locale)
    assert missing == [english] and extra == [local] and misread == []
