"""A notification's figures in words, for the school's page and the LA's inbox."""

from datetime import date


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _days(count) -> str:
    text = str(count).removesuffix(".0")
    return f"{text} school day" if text == "1" else f"{text} school days"


def describe(kind: str, figures: dict) -> str:
    """What the figures say, in the users' words; empty when there are none."""
    try:
        if kind in ("continuous_absence", "missing_education"):
            return (
                f"{_days(figures['school_days'])} of unauthorised absence in a row, "
                f"{_day(figures['first_day'])} to {_day(figures['last_day'])}"
            )
        if kind == "illness":
            how = "in a row" if figures["continuous"] else "this academic year"
            return (
                f"{_days(figures['days'])} missed through illness {how}, "
                f"{_day(figures['first_day'])} to {_day(figures['last_day'])}"
            )
        if kind in ("added_to_roll", "removed_from_roll"):
            verb = "Joined" if kind == "added_to_roll" else "Left"
            other = figures.get("other_school")
            where = (
                (f" from {other}" if kind == "added_to_roll" else f" for {other}")
                if other
                else ""
            )
            return f"{verb} on {_day(figures['on'])}{where}"
    except (KeyError, ValueError, TypeError):
        return ""
    return ""
