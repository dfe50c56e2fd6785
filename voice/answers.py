"""The structured answers of each pupil-voice tool, and their validation.

Shapes, by tool (anything else is refused):

* thermometer and 5-point scale::

    {"ratings": [{"about": "lesson", "name": "Maths", "rating": 7}, ...]}

  ``about`` is a place, a lesson or activity, or a time of day
  (``RatedThing``); ``rating`` is 0 to 10 on the thermometer, 1 to 5 on the
  5-point scale; at least one row, at most ``MAX_ROWS``.
* three islands: ``{"always": [...], "sometimes": [...], "far_away": [...]}``,
  the names the child put on each island;
* three houses: ``{"worries": [...], "good_things": [...], "dreams": [...]}``;
  for both, lists of short texts, at least one name in all.
* every other tool: ``{}``; what the child said goes in their words.

``answer_problems`` returns the cleaned answers and every problem with the
place it was found (``ratings.2.rating``, ``always``), so a form can put each
message by its field; ``clean_answers`` raises them all at once.
"""

from django.core.exceptions import ValidationError

from voice.enums import LISTS, SCALES, RatedThing, VoiceTool

MAX_ROWS = 20
MAX_NAMES = 30
MAX_NAME_LENGTH = 100

Problem = tuple[str, str]  # (where, message)


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _ratings(tool: str, answers: dict) -> tuple[dict, list[Problem]]:
    low, high = SCALES[tool]
    scale = VoiceTool(tool).label
    rows = answers.get("ratings")
    if not isinstance(rows, list) or not rows:
        return {}, [
            (
                "ratings",
                f"Give at least one place, lesson or time of day and the child's "
                f"rating on the {scale}.",
            )
        ]
    if len(rows) > MAX_ROWS:
        return {}, [("ratings", f"Give at most {MAX_ROWS} ratings.")]
    problems: list[Problem] = []
    cleaned = []
    for index, row in enumerate(rows):
        where = f"ratings.{index}"
        row_name = f"Row {index + 1}"
        if not isinstance(row, dict) or set(row) != {"about", "name", "rating"}:
            problems.append(
                (where, f"{row_name}: give what is rated, its name and a rating.")
            )
            continue
        about, name, rating = row["about"], _text(row["name"]), row["rating"]
        if about not in RatedThing.values:
            problems.append(
                (
                    f"{where}.about",
                    f"{row_name}: choose a place, a lesson or activity, or a time "
                    "of day.",
                )
            )
        if not name:
            problems.append(
                (
                    f"{where}.name",
                    f"{row_name}: name the place, lesson or time of day.",
                )
            )
        elif len(name) > MAX_NAME_LENGTH:
            problems.append(
                (
                    f"{where}.name",
                    f"{row_name}: use at most {MAX_NAME_LENGTH} characters.",
                )
            )
        if isinstance(rating, bool) or not isinstance(rating, int):
            problems.append(
                (f"{where}.rating", f"{row_name}: the rating is a whole number.")
            )
        elif not low <= rating <= high:
            problems.append(
                (
                    f"{where}.rating",
                    f"{row_name}: a rating on the {scale} is from {low} to {high}.",
                )
            )
        cleaned.append({"about": about, "name": name, "rating": rating})
    return {"ratings": cleaned}, problems


def _lists(tool: str, answers: dict) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    cleaned: dict[str, list[str]] = {}
    for key, label in LISTS[tool]:
        names = answers.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append((key, f"{label}: give a list of names."))
            continue
        names = [name.strip() for name in names if name.strip()]
        if len(names) > MAX_NAMES:
            problems.append((key, f"{label}: give at most {MAX_NAMES} names."))
        if any(len(name) > MAX_NAME_LENGTH for name in names):
            problems.append(
                (key, f"{label}: each name has at most {MAX_NAME_LENGTH} characters.")
            )
        cleaned[key] = names
    if not problems and not any(cleaned.values()):
        first_key = LISTS[tool][0][0]
        problems.append(
            (
                first_key,
                f"Write what the child put in at least one of the {_places(tool)}.",
            )
        )
    return cleaned, problems


def _places(tool: str) -> str:
    return "islands" if tool == VoiceTool.THREE_ISLANDS else "houses"


def expected_keys(tool: str) -> set[str]:
    if tool in SCALES:
        return {"ratings"}
    if tool in LISTS:
        return {key for key, _ in LISTS[tool]}
    return set()


def answer_problems(tool: str, answers) -> tuple[dict, list[Problem]]:
    """The cleaned answers for the tool, and every problem found in them."""
    if tool not in VoiceTool.values:
        return {}, [("tool", "Choose the tool that was used.")]
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        return {}, [("answers", "The answers are not in the form this tool uses.")]
    unknown = set(answers) - expected_keys(tool)
    if unknown:
        if not expected_keys(tool):
            message = (
                f"The {VoiceTool(tool).label} has no structured answers: write "
                "what the child said in their own words."
            )
        else:
            message = (
                f"The {VoiceTool(tool).label} does not use: "
                + ", ".join(sorted(unknown))
                + "."
            )
        return {}, [("answers", message)]
    if tool in SCALES:
        return _ratings(tool, answers)
    if tool in LISTS:
        return _lists(tool, answers)
    return {}, []


def clean_answers(tool: str, answers) -> dict:
    """The answers for the tool, cleaned, or ValidationError({"answers": [...]})."""
    cleaned, problems = answer_problems(tool, answers)
    if problems:
        raise ValidationError({"answers": [message for _, message in problems]})
    return cleaned
