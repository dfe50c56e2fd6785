"""Cases: the pupil case and its escalation state machine, transition guards, the
legal-readiness checklist, the chronology, SMART plans and targets, pupil voice, and
sharing with the local authority. (Arrives with the cases issue.)
"""
