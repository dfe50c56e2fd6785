"""The demo project: settings, root URLs and WSGI for running the apps as one site."""
