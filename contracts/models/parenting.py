"""Parenting (attendance) contracts."""
