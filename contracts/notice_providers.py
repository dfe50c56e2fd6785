"""What notices to improve and penalty notices add to the case core
(registered when the app is ready)."""
