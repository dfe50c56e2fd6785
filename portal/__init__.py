"""The staff portal: login, session limits, navigation by role, the dashboard, pupil
search and pupil pages. It composes the apps below it; nothing imports portal.
"""
