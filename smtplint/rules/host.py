"""Rules of this family are defined here."""
