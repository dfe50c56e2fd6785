"""Forms of the attendance pages. Validation only."""

from django import forms

from attendance.models import ImportKind
from attendance.selectors import STAFF_LISTS
from schools.enums import SenStatus, YearGroup

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
