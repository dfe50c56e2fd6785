"""What parenting contracts add to the case core (registered when the app is
ready)."""
