"""The kinds of letter: a registry the apps that write letters fill.

A kind says what a letter is for, which optional groups of merge fields it may
use beyond those every letter has (``letters.fields``), and its built-in
subject and body: the text a school gets until it or its local authority edits
its own template in Wagtail. Meetings, contracts and notices register their
kinds from their ``AppConfig.ready()``; letters registers one of its own,
``attendance_concern``, in ``letters.providers``.

At run time this module imports nothing from the apps.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class LetterKind:
    """One kind of letter.

    ``groups`` names the optional merge-field groups (``"meeting"``) the
    letter may use; ``default_body`` is HTML as Wagtail's rich text stores it,
    with merge fields written ``{{ field_key }}``.
    """

    key: str
    name: str
    description: str
    groups: tuple[str, ...]
    default_subject: str
    default_body: str


_kinds: dict[str, LetterKind] = {}


def register_letter_kind(kind: LetterKind) -> LetterKind:
    """Add a kind. Registering the identical kind again changes nothing; a
    different kind under a key already taken raises ``ValueError``."""
    known = _kinds.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"The letter kind {kind.key!r} is already registered.")
    _kinds[kind.key] = kind
    return kind


def letter_kind(key: str) -> LetterKind:
    """The kind registered under ``key``; ``KeyError`` if there is none."""
    try:
        return _kinds[key]
    except KeyError:
        raise KeyError(f"No letter kind {key!r} is registered.") from None


def letter_kinds() -> list[LetterKind]:
    """Every registered kind, by name."""
    return sorted(_kinds.values(), key=lambda kind: (kind.name, kind.key))
