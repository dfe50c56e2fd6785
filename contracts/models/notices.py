"""Notices to improve and penalty notices."""
