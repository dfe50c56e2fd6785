"""The attendance permissions on School, and grants of them to existing role groups."""

from django.db import migrations


# Existing role groups get the attendance permissions their role now holds
# (schools/roles.py as it stood when this migration was written).
NEW_PERMISSIONS = {
    "view_attendance": "See pupils' registers and attendance figures",
    "import_registers": "Import pupils and register marks",
}
ROLE_NEW_PERMISSIONS = {
    "attendance_officer": ("view_attendance", "import_registers"),
    "attendance_lead": ("view_attendance", "import_registers"),
    "pastoral_staff": ("view_attendance",),
    "dsl": ("view_attendance",),
    "headteacher": ("view_attendance",),
}


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
    permissions = {
        codename: Permission.objects.using(db).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NEW_PERMISSIONS.items()
    }
    for group in groups:
        _kind, school_pk, role = group.name.split(":", 2)
        school = School.objects.using(db).filter(pk=int(school_pk)).first()
        if school is None:
            continue
        for codename in ROLE_NEW_PERMISSIONS.get(role, ()):
            GroupPermission.objects.using(db).get_or_create(
                group=group, permission=permissions[codename], content_object=school
            )


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='school',
            options={'default_permissions': (), 'ordering': ['name'], 'permissions': [('view_pupil_record', "See pupils' full records at this school"), ('view_attendance', "See pupils' registers and attendance figures"), ('import_registers', 'Import pupils and register marks')]},
        ),
        migrations.RunPython(
            grant_to_existing_role_groups, migrations.RunPython.noop
        ),
    ]
