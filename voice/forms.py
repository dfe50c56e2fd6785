"""The pupil-voice form: validation of the fields only; the service holds the rules.

The tool's structured answers are a plain set of fields: ``RATING_ROWS`` rows
of (what is rated, its name, the rating) for the thermometer and 5-point
scale, and three boxes of names, one a line, for three islands and three
houses. ``answers()`` turns the chosen tool's fields into the answers the
service validates, and the service's problems are put back by their fields.
"""

from django import forms
from django.utils import timezone

from voice.answers import answer_problems
from voice.enums import LISTS, SCALES, RatedThing, VoiceTool
from voice.images import MAX_BYTES

RATING_ROWS = 6


def rating_field(index: int, part: str) -> str:
    return f"rating_{index}_{part}"


def list_field(tool: str, key: str) -> str:
    prefix = "island" if tool == VoiceTool.THREE_ISLANDS else "house"
    return f"{prefix}_{key}"


class VoiceForm(forms.Form):
    tool = forms.ChoiceField(
        label="Tool used",
        choices=[("", "Choose a tool"), *VoiceTool.choices],
        error_messages={"required": "Choose the tool that was used."},
    )
    recorded_on = forms.DateField(
        label="Date the child said it",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the date the child said it.",
            "invalid": "Give a real date, for example 2026-03-27.",
        },
    )
    words = forms.CharField(
        label="The child's own words",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": "Write what the child said, in their own words."},
        help_text=(
            "Write exactly what the child said or wrote, word for word, even when "
            "it is not grammatical. It is shown as a quotation."
        ),
    )
    summary = forms.CharField(
        label="Your summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=(
            "What you took from it and what happens next. It also describes the "
            "drawing or photo for people who cannot see it."
        ),
    )
    drawing = forms.FileField(
        label="Drawing or photo (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=(
            "A PNG or JPEG image, at most 10 MB and 25 megapixels. Location and "
            "camera details are removed when it is saved."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate
        tool = self.chosen_tool()
        low, high = SCALES.get(tool, (0, 10))
        scale_words = f"{low} to {high}" if tool in SCALES else "0 to 10, or 1 to 5"
        for index in range(RATING_ROWS):
            row = f"Row {index + 1}"
            self.fields[rating_field(index, "about")] = forms.ChoiceField(
                label=f"{row}: what is rated",
                required=False,
                choices=[("", "Choose"), *RatedThing.choices],
            )
            self.fields[rating_field(index, "name")] = forms.CharField(
                label=f"{row}: place, lesson or time of day",
                required=False,
                max_length=100,
            )
            self.fields[rating_field(index, "rating")] = forms.IntegerField(
                label=f"{row}: rating ({scale_words})",
                required=False,
                min_value=0,
                max_value=10,
                widget=forms.NumberInput(attrs={"min": low, "max": high}),
                error_messages={
                    "invalid": "The rating is a whole number.",
                    "min_value": f"A rating is from {scale_words}.",
                    "max_value": f"A rating is from {scale_words}.",
                },
            )
        for list_tool, parts in LISTS.items():
            for key, label in parts:
                self.fields[list_field(list_tool, key)] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text="One a line.",
                )

    def chosen_tool(self) -> str:
        value = self.data.get("tool") if self.is_bound else self.initial.get("tool")
        return value if value in VoiceTool.values else ""

    # The fields shown for a tool, for the template.

    def rating_rows(self) -> list[list]:
        return [
            [self[rating_field(i, part)] for part in ("about", "name", "rating")]
            for i in range(RATING_ROWS)
        ]

    def list_boxes(self, tool: str) -> list:
        return [self[list_field(tool, key)] for key, _ in LISTS[tool]]

    def clean_drawing(self):
        drawing = self.cleaned_data.get("drawing")
        if drawing and drawing.size > MAX_BYTES:
            raise forms.ValidationError("The image is larger than 10 MB.")
        return drawing

    def answers(self) -> dict:
        """The chosen tool's answers, from its fields (blank rows left out)."""
        data = self.cleaned_data
        tool = data.get("tool", "")
        self._rows = []
        if tool in SCALES:
            ratings = []
            for index in range(RATING_ROWS):
                about = data.get(rating_field(index, "about")) or ""
                name = (data.get(rating_field(index, "name")) or "").strip()
                rating = data.get(rating_field(index, "rating"))
                if not about and not name and rating is None:
                    continue
                self._rows.append(index)
                ratings.append({"about": about, "name": name, "rating": rating})
            return {"ratings": ratings}
        if tool in LISTS:
            return {
                key: (data.get(list_field(tool, key)) or "").splitlines()
                for key, _ in LISTS[tool]
            }
        return {}

    def _field_for(self, tool: str, where: str) -> str | None:
        parts = where.split(".")
        if parts[0] == "ratings":
            if len(parts) == 1:
                return rating_field(0, "name")
            index = self._rows[int(parts[1])]
            part = parts[2] if len(parts) > 2 else "name"
            return rating_field(index, part)
        if tool in LISTS and parts[0] in dict(LISTS[tool]):
            return list_field(tool, parts[0])
        return None

    def clean(self):
        data = super().clean()
        tool = data.get("tool")
        if tool and not any(
            name.startswith(("rating_", "island_", "house_")) for name in self.errors
        ):
            _, problems = answer_problems(tool, self.answers())
            for where, message in problems:
                field = self._field_for(tool, where)
                if field is not None and ": " in message:
                    # The row or box is named by the field's label already.
                    message = message.split(": ", 1)[1]
                    message = message[:1].upper() + message[1:]
                self.add_error(field, message)
        return data
