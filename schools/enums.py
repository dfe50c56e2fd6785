"""Choices for organisations, pupils, parents/carers and staff roles."""

from django.db import models


class Phase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"


class YearGroup(models.IntegerChoices):
    NURSERY = -1, "Nursery"
    RECEPTION = 0, "Reception"
    YEAR_1 = 1, "Year 1"
    YEAR_2 = 2, "Year 2"
    YEAR_3 = 3, "Year 3"
    YEAR_4 = 4, "Year 4"
    YEAR_5 = 5, "Year 5"
    YEAR_6 = 6, "Year 6"
    YEAR_7 = 7, "Year 7"
    YEAR_8 = 8, "Year 8"
    YEAR_9 = 9, "Year 9"
    YEAR_10 = 10, "Year 10"
    YEAR_11 = 11, "Year 11"
    YEAR_12 = 12, "Year 12"
    YEAR_13 = 13, "Year 13"


class SenStatus(models.TextChoices):
    """The school census SEN provision codes."""

    NONE = "N", "No special educational need"
    SEN_SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "Education, health and care plan"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    OTHER_RELATIVE = "other_relative", "Other relative"
    OTHER = "other", "Other"


class SchoolRole(models.TextChoices):
    ATTENDANCE_OFFICER = "attendance_officer", "Attendance officer"
    PASTORAL_STAFF = "pastoral_staff", "Pastoral staff"
    ATTENDANCE_LEAD = "attendance_lead", "Attendance lead"
    DSL = "dsl", "Designated safeguarding lead"
    HEADTEACHER = "headteacher", "Headteacher"


class LocalAuthorityRole(models.TextChoices):
    LEAD_PRACTITIONER = (
        "la_lead_practitioner",
        ("LA attendance officer / lead practitioner"),
    )
    LEGAL_OFFICER = "la_legal_officer", "LA legal officer"


class StaffChangeKind(models.TextChoices):
    """What happened to a staff account, for the organisation's audit log."""

    INVITED = "invited", "Invited"
    INVITATION_ACCEPTED = "invitation_accepted", "Accepted the invitation"
    INVITATION_WITHDRAWN = "invitation_withdrawn", "Invitation withdrawn"
    ROLE_GIVEN = "role_given", "Role given"
    ROLE_REMOVED = "role_removed", "Role removed"
    DEACTIVATED = "deactivated", "Account deactivated"
    SECOND_FACTOR_RESET = "second_factor_reset", "Authenticator app reset"
