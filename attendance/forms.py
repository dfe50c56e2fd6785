"""Forms of the attendance pages. Validation only."""

from django import forms
from django.utils import timezone

from attendance.codes import CODES, MAX_MINUTES_LATE
from attendance.models import ContactMethod, ImportKind
from attendance.selectors import STAFF_LISTS
from schools.enums import SenStatus, YearGroup
from schools.models import CarerRelationship

MAX_UPLOAD_MB = 100


class StaffListForm(forms.Form):
    school = forms.TypedChoiceField(label="School", coerce=int)
    list = forms.ChoiceField(
        label="List",
        choices=[(staff_list.key, staff_list.title) for staff_list in STAFF_LISTS],
        initial="persistent",
    )
    year_group = forms.TypedChoiceField(
        label="Year group",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "All year groups"), *YearGroup.choices],
    )
    sen_status = forms.ChoiceField(
        label="SEN",
        required=False,
        choices=[("", "Any SEN status"), *SenStatus.choices],
    )
    pupil_premium = forms.BooleanField(label="Pupil premium only", required=False)
    has_social_worker = forms.BooleanField(
        label="With a social worker only", required=False
    )
    sort = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[
            ("rate", "Lowest attendance first"),
            ("-rate", "Highest attendance first"),
            ("-unauthorised", "Most unauthorised absence first"),
            ("name", "Surname"),
            ("year", "Year group"),
        ],
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(school.pk, school.name) for school in schools]


class UploadForm(forms.Form):
    school = forms.TypedChoiceField(label="School", coerce=int)
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[
            (ImportKind.MARKS, "Register marks (upn, date, session, code)"),
            (ImportKind.PUPILS, "Pupils (upn, forename, surname, date of birth, year)"),
            (
                ImportKind.CARERS,
                "Parents and carers (upn, contact id, forename, surname, "
                "relationship, phone numbers)",
            ),
        ],
        widget=forms.RadioSelect,
        initial=ImportKind.MARKS,
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header line. See the import guide for columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    reason = forms.CharField(
        label="Reason for any changed marks",
        required=False,
        max_length=255,
        help_text="Recorded on each amendment. Leave blank to record the file name "
        "and time.",
    )
    skip_invalid = forms.BooleanField(
        label="Import the good rows even if some rows have problems",
        required=False,
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(school.pk, school.name) for school in schools]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "Choose a .csv file (save the spreadsheet as CSV UTF-8)."
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_MB} MB; split it by term."
            )
        return upload


class MarkAmendForm(forms.Form):
    """One register mark changed by hand (``services.mark_amend`` checks it)."""

    code = forms.ChoiceField(label="New code")
    minutes_late = forms.IntegerField(
        label="Minutes late (L or U only)",
        required=False,
        min_value=0,
        max_value=MAX_MINUTES_LATE,
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=255,
        help_text="For example: mother phoned at 9:10, illness.",
        error_messages={"required": "Give the reason for the change."},
    )
    position = forms.CharField(
        label="Your position",
        max_length=160,
        help_text="Recorded on the amendment with your name, as the law requires.",
        error_messages={
            "required": "Enter your position (for example: attendance officer)."
        },
    )

    def __init__(self, *args, session: str, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose the code")] + [
            (code.code, f"{code.code}: {code.meaning}")
            for code in CODES
            if session in code.sessions and code.code != current
        ]


class ContactAttemptForm(forms.Form):
    """One attempt to reach the family about an absence."""

    relationship = forms.ModelChoiceField(
        label="Who",
        queryset=CarerRelationship.objects.none(),
        required=False,
        empty_label="Someone else (name them below)",
    )
    contact_name = forms.CharField(
        label="Someone else: their name and how they relate to the pupil",
        max_length=160,
        required=False,
    )
    method = forms.ChoiceField(
        label="How", choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    attempted_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    reached = forms.TypedChoiceField(
        label="Did you reach them?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you reached them."},
    )
    reason_given = forms.CharField(
        label="Reason given for the absence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In the family's words, if they gave one.",
    )
    absence_date = forms.DateField(
        label="Day of the absence",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, relationships, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault(
            "attempted_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        kwargs["initial"].setdefault("absence_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["relationship"]
        field.queryset = relationships
        field.label_from_instance = _carer_choice_label

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("relationship")
            and not (cleaned.get("contact_name") or "").strip()
        ):
            self.add_error(
                "contact_name", "Choose who was contacted, or name someone else."
            )
        return cleaned


def _carer_choice_label(relationship: CarerRelationship) -> str:
    carer = relationship.parent_carer
    label = f"{carer} ({relationship.get_relationship_display().lower()})"
    if not relationship.may_contact:
        label += ": do not contact"
    return label
