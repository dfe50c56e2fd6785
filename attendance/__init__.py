"""Attendance: the national code table, register marks and amendments, imports,
measures (rate, persistent and severe absence, 10 in 10) and the school calendar.
(Arrives with the attendance issue.)
"""
