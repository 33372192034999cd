"""The Django application that registers smtplint's system check."""

from __future__ import annotations

from django.apps import AppConfig  # type: ignore[import-untyped]


class SmtplintConfig(AppConfig):  # type: ignore[misc]
    name = "smtplint.django"
    label = "smtplint"
    verbose_name = "smtplint"

    def ready(self) -> None:
        from smtplint.django.checks import register

        register()
