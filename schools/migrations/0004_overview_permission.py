"""The school-overview permission on School, granted to existing role groups."""

from django.db import migrations

CODENAME = "view_school_overview"
NAME = "See the school's attendance overview"
# The roles holding it (schools/roles.py as it stood when this was written).
ROLES = ("headteacher", "attendance_lead")


def grant_to_existing_role_groups(apps, schema_editor):
    db = schema_editor.connection.alias  # the database being migrated
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    School = apps.get_model("schools", "School")
    GroupPermission = apps.get_model("schools", "SchoolGroupObjectPermission")
    groups = list(Group.objects.using(db).filter(name__startswith="school:"))
    if not groups:
        return  # a new installation: groups get their permissions as they are made
    content_type, _ = ContentType.objects.using(db).get_or_create(
        app_label="schools", model="school"
    )
    permission, _ = Permission.objects.using(db).get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for group in groups:
        _kind, school_pk, role = group.name.split(":", 2)
        if role not in ROLES:
            continue
        school = School.objects.using(db).filter(pk=int(school_pk)).first()
        if school is not None:
            GroupPermission.objects.using(db).get_or_create(
                group=group, permission=permission, content_object=school
            )


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_pupil_moves"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
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
                ],
            },
        ),
        migrations.RunPython(grant_to_existing_role_groups, migrations.RunPython.noop),
    ]
