"""The LA workspace's permissions, granted to existing role groups (the
roles holding them as schools/roles.py stood when this was written)."""

from django.db import migrations

GRANTS = {
    # (organisation kind, model, per-object grant table): {codename: roles}
    ("school", "school", "SchoolGroupObjectPermission"): {
        "send_la_returns": ("attendance_officer", "attendance_lead"),
        "view_targeting_meetings": ("attendance_lead", "headteacher"),
    },
    ("la", "localauthority", "LocalAuthorityGroupObjectPermission"): {
        "view_la_figures": ("la_lead_practitioner", "la_legal_officer"),
        "manage_la_work": ("la_lead_practitioner",),
    },
}
NAMES = {
    "send_la_returns": "Send the school's notifications to the LA",
    "view_targeting_meetings": (
        "See the school's termly targeting-support meetings with the LA"
    ),
    "view_la_figures": "See the attendance figures of the LA's schools",
    "manage_la_work": (
        "Run the LA's targeting support, joint approaches, notifications and settings"
    ),
}


def grant_to_existing_role_groups(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for (kind, model_name, table), grants in GRANTS.items():
        groups = list(Group.objects.using(db).filter(name__startswith=f"{kind}:"))
        if not groups:
            continue  # groups get their permissions as they are made
        Model = apps.get_model("schools", model_name)
        GroupPermission = apps.get_model("schools", table)
        content_type, _ = ContentType.objects.using(db).get_or_create(
            app_label="schools", model=model_name
        )
        for codename, roles in grants.items():
            permission, _ = Permission.objects.using(db).get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": NAMES[codename]},
            )
            for group in groups:
                _kind, pk, role = group.name.split(":", 2)
                organisation = Model.objects.using(db).filter(pk=int(pk)).first()
                if role in roles and organisation is not None:
                    GroupPermission.objects.using(db).get_or_create(
                        group=group, permission=permission, content_object=organisation
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0007_staff_change"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="localauthority",
            options={
                "default_permissions": (),
                "ordering": ["name"],
                "permissions": [
                    (
                        "view_pupil_directory",
                        "See the pupil directory (name, school, year) of the LA's schools",
                    ),
                    (
                        "view_la_figures",
                        "See the attendance figures of the LA's schools",
                    ),
                    (
                        "manage_la_work",
                        "Run the LA's targeting support, joint approaches, notifications and settings",
                    ),
                ],
                "verbose_name": "local authority",
                "verbose_name_plural": "local authorities",
            },
        ),
        migrations.AlterModelOptions(
            name="school",
            options={
                "default_permissions": (),
                "ordering": ["name"],
                "permissions": [
                    ("view_pupil_record", "See pupils' full records at this school"),
                    ("view_attendance", "See pupils' registers and attendance figures"),
                    ("import_registers", "Import pupils and register marks"),
                    ("view_school_overview", "See the school's attendance overview"),
                    ("send_la_returns", "Send the school's notifications to the LA"),
                    (
                        "view_targeting_meetings",
                        "See the school's termly targeting-support meetings with the LA",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant_to_existing_role_groups, migrations.RunPython.noop),
    ]
