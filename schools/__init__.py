"""Schools: local authorities, schools, pupils, families and parents/carers, staff
memberships and roles, and the permission helpers every app uses.
"""
