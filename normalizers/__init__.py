"""Text and number repairs: small pure functions, each tested by (input, expected) tables."""
