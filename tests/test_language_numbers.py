"""Number literals: exact rationals within 1e-9 .. 1e9, and a huge exponent refused at once.

``Fraction("1e999999999")`` builds 10**999999999 before anything can compare it: a file with that
literal spent its whole load budget and ended with a vague "too complex".
"""
from __future__ import annotations

import time

import pytest
import sympy as sp

from derive.verify.parser import ParseError, Scope, parse_expression


def parse(s: str):
    return parse_expression(s, Scope(quantities={"x": 0}, sizes={}))


@pytest.mark.parametrize("literal", ["1e999999999", "1E+999999999", "-2.5e999999999", "1e-999999999",
                                     "9_9e999999999", "1e51"])
def test_a_huge_exponent_is_out_of_range_at_once(literal):
    start = time.process_time()
    with pytest.raises(ParseError, match=r"number .* is out of range"):
        parse(f"x*{literal}")
    assert time.process_time() - start < 1


@pytest.mark.parametrize("literal,value", [("0e999999999", 0), ("0.0e-999999999", 0), ("2.5e3", 2500),
                                           ("1e9", 10**9), ("1e-9", sp.Rational(1, 10**9)),
                                           ("0.000_001e-3", sp.Rational(1, 10**9)), ("1e+0", 1)])
def test_numbers_in_range_are_exact(literal, value):
    assert parse(literal) == value
