"""smtplint: lint and fix SMTP client configuration before any mail is sent."""

__version__ = "0.1.0"
