"""Wagtail page models for the public site: the landing page, school home pages and
attendance policy pages. Holds no pupil data.
"""
