"""Meetings: initial concerns meetings, school attendance meetings (SAM) and panels
(SAP), reviews, their records, invitations and letters. (Arrives with the meetings
issue.)
"""
