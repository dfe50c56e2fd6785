"""Penalty amounts a policy page must not publish: any amount in a sentence
about penalty notices that is not one of the national framework's
(``contracts.rules.AMOUNTS``), so a school's page cannot repeat a superseded
figure such as the old £60 fine.

The exclusion notice's amounts count only in a sentence that says it is about
a suspension or exclusion.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from html import unescape

from django.db import models
from wagtail.fields import StreamField

from contracts.rules import AMOUNTS, ATTENDANCE, EXCLUSION

_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_AMOUNT = re.compile(r"£\s?(\d+(?:,\d{3})*(?:\.\d\d)?)")
_PENALTY = re.compile(r"\bpenalt(y|ies)\b", re.IGNORECASE)
_EXCLUSION = re.compile(r"\b(suspen|exclu)", re.IGNORECASE)


@dataclass(frozen=True)
class SupersededAmount:
    amount: str  # as written, "£60"
    sentence: str


def sentences(text: str) -> Iterator[str]:
    """The sentences of ``text``, HTML block tags taken as sentence breaks."""
    plain = unescape(_TAG.sub("\n", text))
    for sentence in _SENTENCE_END.split(plain):
        sentence = " ".join(sentence.split())
        if sentence:
            yield sentence


def superseded_amounts(texts: Iterable[str]) -> list[SupersededAmount]:
    """Every amount in a sentence about penalties that the framework does not
    use for that kind of notice, in the order found."""
    allowed = set(AMOUNTS[ATTENDANCE])
    found = []
    for text in texts:
        for sentence in sentences(text):
            if not _PENALTY.search(sentence):
                continue
            here = allowed | (
                set(AMOUNTS[EXCLUSION]) if _EXCLUSION.search(sentence) else set()
            )
            for match in _AMOUNT.finditer(sentence):
                value = Decimal(match.group(1).replace(",", ""))
                if value not in here:
                    found.append(SupersededAmount(match.group(0), sentence))
    return found


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_texts(page) -> Iterator[str]:
    """Every piece of text a page publishes in its own fields (titles, rich
    text and stream blocks, at any depth)."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            yield from _strings(getattr(page, field.name).get_prep_value())
        elif isinstance(field, models.CharField | models.TextField):
            value = getattr(page, field.attname, None)
            if isinstance(value, str):
                yield value


def warning_for(found: list[SupersededAmount]) -> str:
    full, reduced = AMOUNTS[ATTENDANCE]
    ex_full, ex_reduced = AMOUNTS[EXCLUSION]
    named = "; ".join(f"{f.amount} in “{f.sentence}”" for f in found)
    return (
        "This page names a penalty amount the national framework does not use: "
        f"{named}. Since 19 August 2024 a penalty notice is £{full:,.0f}, reduced "
        f"to £{reduced:,.0f} if paid within 21 days (a second to the same parent "
        f"for the same pupil within three years is £{full:,.0f}); £{ex_reduced:,.0f}"
        f" / £{ex_full:,.0f} applies only to a pupil in a public place during a "
        "suspension or exclusion. Correct the text so parents are not misled."
    )
