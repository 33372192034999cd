"""The static evaluator of Python settings: which idioms give which values, kinds and spans."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import PurePath

import pytest

from smtplint.model import Span, ValueKind
from smtplint.sources.py_exec import Frame, Project, Runner, relevant_names
from smtplint.sources.py_text import SourceText
from smtplint.sources.py_values import UNKNOWN, PyDict, PySeq, PyValue


def frames(text: str, environment: Mapping[str, str] | None = None) -> list[Frame]:
    tree = ast.parse(text)
    source = SourceText(PurePath("settings.py"), text)
    return Runner(source, Project(None, environment), relevant_names(tree)).run_module(tree)


def value_of(text: str, name: str, environment: Mapping[str, str] | None = None) -> PyValue:
    (frame,) = frames(text, environment)
    return frame.names[name].value


def at(value: PyValue) -> tuple[int, int, int, int]:
    assert value.span is not None
    return (value.span.line, value.span.column, value.span.end_line, value.span.end_column)


# --- literals and names -----------------------------------------------------------------------


def test_a_literal_is_its_own_span_and_text() -> None:
    value = value_of('EMAIL_HOST = "smtp.gmail.com"\n', "EMAIL_HOST")
    assert (value.value, value.kind, value.raw) == ("smtp.gmail.com", ValueKind.LITERAL,
                                                     '"smtp.gmail.com"')
    assert at(value) == (1, 14, 1, 30)


def test_columns_count_characters_not_utf8_bytes() -> None:
    text = 'SITE = "Café"; DEFAULT_FROM_EMAIL = "ünï@example.org"\n'
    value = value_of(text, "DEFAULT_FROM_EMAIL")
    assert at(value) == (1, 37, 1, 54)


def test_a_name_bound_earlier_gives_its_value_at_the_place_it_is_used() -> None:
    text = 'SENDER = "ops@acme-corp.io"\nDEFAULT_FROM_EMAIL = SENDER\n'
    value = value_of(text, "DEFAULT_FROM_EMAIL")
    assert value.value == "ops@acme-corp.io"
    assert at(value) == (2, 22, 2, 28)


def test_f_strings_and_concatenation_of_known_parts() -> None:
    text = (
        'DOMAIN = "acme-corp.io"\n'
        'EMAIL_HOST = "smtp." + DOMAIN\n'
        'DEFAULT_FROM_EMAIL = f"Acme <noreply@{DOMAIN}>"\n'
    )
    assert value_of(text, "EMAIL_HOST").value == "smtp.acme-corp.io"
    sender = value_of(text, "DEFAULT_FROM_EMAIL")
    assert (sender.value, sender.kind) == ("Acme <noreply@acme-corp.io>", ValueKind.LITERAL)
    assert at(sender) == (3, 22, 3, 48)


def test_an_f_string_with_an_unknown_part_is_unresolved() -> None:
    value = value_of('DEFAULT_FROM_EMAIL = f"noreply@{get_domain()}"\n', "DEFAULT_FROM_EMAIL")
    assert (value.value, value.kind) == (UNKNOWN, ValueKind.UNRESOLVED)


def test_augmented_annotated_and_unpacking_assignments() -> None:
    text = (
        "EMAIL_TIMEOUT: int = 5\n"
        "EMAIL_TIMEOUT += 5\n"
        'EMAIL_HOST, EMAIL_PORT = "smtp.gmail.com", 587\n'
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
    )
    (frame,) = frames(text)
    names = frame.names
    assert names["EMAIL_TIMEOUT"].value.value == 10
    assert (names["EMAIL_HOST"].value.value, names["EMAIL_PORT"].value.value) == (
        "smtp.gmail.com", 587)
    assert names["EMAIL_USE_TLS"].value.value is False
    assert names["EMAIL_USE_SSL"].value.value is False


def test_arithmetic_on_numbers_but_no_unbounded_growth() -> None:
    assert value_of("EMAIL_TIMEOUT = 60 * 2 - 20\n", "EMAIL_TIMEOUT").value == 100
    huge = value_of('MAIL_SERVER = "a" * 10 ** 12\n', "MAIL_SERVER")
    assert huge.value is UNKNOWN


def test_containers_keep_each_value_with_its_own_span() -> None:
    text = 'MAILERS = {"default": {"OPTIONS": {"port": 465}}}\n'
    mailers = value_of(text, "MAILERS").value
    assert isinstance(mailers, PyDict)
    options = mailers.items["default"].value
    assert isinstance(options, PyDict)
    inner = options.items["OPTIONS"].value
    assert isinstance(inner, PyDict)
    assert at(inner.items["port"]) == (1, 44, 1, 47)
    assert inner.key_spans["port"] == Span(1, 36, 1, 42)


def test_item_assignment_into_a_dict_bound_earlier() -> None:
    text = (
        'MAILERS = {"default": {"OPTIONS": {"host": "smtp.gmail.com"}}}\n'
        'MAILERS["default"]["OPTIONS"]["port"] = 587\n'
    )
    mailers = value_of(text, "MAILERS").value
    assert isinstance(mailers, PyDict)
    options = mailers.items["default"].value
    assert isinstance(options, PyDict)
    inner = options.items["OPTIONS"].value
    assert isinstance(inner, PyDict)
    assert inner.items["port"].value == 587
    assert inner.items["host"].value == "smtp.gmail.com"


# --- the environment --------------------------------------------------------------------------

LOOKUPS = [
    'import os\nEMAIL_PORT = os.environ.get("EMAIL_PORT", 465)\n',
    'import os\nEMAIL_PORT = os.getenv("EMAIL_PORT", 465)\n',
    'from os import environ\nEMAIL_PORT = environ.get("EMAIL_PORT", 465)\n',
    'from os import getenv\nEMAIL_PORT = getenv("EMAIL_PORT", default=465)\n',
    'import os as system\nEMAIL_PORT = system.environ.get("EMAIL_PORT", 465)\n',
]


@pytest.mark.parametrize("text", LOOKUPS)
def test_an_environment_lookup_with_a_default_is_known_by_its_default(text: str) -> None:
    value = value_of(text, "EMAIL_PORT")
    assert (value.value, value.kind, value.reference) == (465, ValueKind.ENVIRONMENT,
                                                           "EMAIL_PORT")
    assert value.raw == "465"
    assert value.env_string  # set, it is text


def test_the_span_of_a_cast_lookup_is_the_default_to_edit() -> None:
    value = value_of('import os\nEMAIL_PORT = int(os.environ.get("EMAIL_PORT", 465))\n',
                     "EMAIL_PORT")
    assert value.value == 465
    assert at(value) == (2, 47, 2, 50)
    assert not value.env_string


def test_a_lookup_without_default_is_unresolved_and_names_its_variable() -> None:
    for text in ('import os\nEMAIL_HOST = os.environ["SMTP_SERVER"]\n',
                 'import os\nEMAIL_HOST = os.getenv("SMTP_SERVER")\n'):
        value = value_of(text, "EMAIL_HOST")
        assert (value.value, value.kind, value.reference) == (UNKNOWN, ValueKind.UNRESOLVED,
                                                               "SMTP_SERVER")
        assert at(value)[0] == 2
        assert value.raw.startswith("os.")


def test_the_environment_given_resolves_lookups_and_casts_them() -> None:
    text = (
        "import os\n"
        'EMAIL_HOST = os.environ["SMTP_SERVER"]\n'
        'EMAIL_PORT = int(os.environ.get("SMTP_PORT", 25))\n'
        'EMAIL_USE_TLS = os.environ.get("SMTP_TLS", "false").lower() in ("true", "1")\n'
    )
    environment = {"SMTP_SERVER": "smtp.gmail.com", "SMTP_PORT": "587", "SMTP_TLS": "True"}
    (frame,) = frames(text, environment)
    host = frame.names["EMAIL_HOST"].value
    assert (host.value, host.kind, host.reference) == ("smtp.gmail.com", ValueKind.ENVIRONMENT,
                                                       "SMTP_SERVER")
    assert frame.names["EMAIL_PORT"].value.value == 587
    assert frame.names["EMAIL_USE_TLS"].value.value is True


def test_or_gives_the_fallback_of_an_unset_variable() -> None:
    value = value_of('import os\nEMAIL_HOST = os.getenv("EMAIL_HOST") or "smtp.gmail.com"\n',
                     "EMAIL_HOST")
    assert (value.value, value.kind, value.reference) == ("smtp.gmail.com",
                                                           ValueKind.ENVIRONMENT, "EMAIL_HOST")
    assert at(value) == (2, 41, 2, 57)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('os.environ.get("USE_TLS", "False") == "True"', False),
        ('os.environ.get("USE_TLS", "true").lower() == "true"', True),
        ('os.environ.get("USE_TLS", "TRUE").lower() in ("true", "1", "yes")', True),
        ('os.environ.get("USE_TLS", "0") not in ["0", "false"]', False),
        ('not os.environ.get("NO_TLS")', UNKNOWN),
        ('bool(int(os.environ.get("USE_TLS", "1")))', True),
    ],
)
def test_comparisons_and_casts_around_lookups(expression: str, expected: object) -> None:
    value = value_of(f"import os\nEMAIL_USE_TLS = {expression}\n", "EMAIL_USE_TLS")
    assert value.value is expected
    assert not value.env_string
    assert value.reference == ("NO_TLS" if "NO_TLS" in expression else "USE_TLS")


@pytest.mark.parametrize(
    "expression",
    [
        'os.environ.get("EMAIL_USE_TLS", False)',
        'bool(os.getenv("EMAIL_USE_TLS"))',
        'os.getenv("EMAIL_USE_TLS", "false").lower()',
        'str(os.environ.get("EMAIL_USE_TLS", False))',
    ],
)
def test_text_from_the_environment_stays_text(expression: str) -> None:
    value = value_of(f"import os\nEMAIL_USE_TLS = {expression}\n", "EMAIL_USE_TLS")
    assert value.env_string


def test_python_truthiness_of_an_unset_string_boolean() -> None:
    """bool(os.getenv(X)) is False only while X is unset; set to "False" it is True."""
    text = 'import os\nEMAIL_USE_TLS = bool(os.getenv("EMAIL_USE_TLS"))\n'
    assert value_of(text, "EMAIL_USE_TLS").value is UNKNOWN
    resolved = value_of(text, "EMAIL_USE_TLS", {"EMAIL_USE_TLS": "False"})
    assert resolved.value is True


# --- django-environ and python-decouple -------------------------------------------------------


def test_django_environ_typed_lookups() -> None:
    text = (
        "import environ\n"
        "env = environ.Env()\n"
        'EMAIL_HOST = env("EMAIL_HOST", default="smtp.gmail.com")\n'
        'EMAIL_PORT = env.int("EMAIL_PORT", default=587)\n'
        'EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)\n'
        'EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "jane@gmail.com")\n'
        'EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=7.5)\n'
        'EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")\n'
    )
    (frame,) = frames(text)
    names = {key: binding.value for key, binding in frame.names.items()}
    assert names["EMAIL_HOST"].value == "smtp.gmail.com" and names["EMAIL_HOST"].env_string
    assert names["EMAIL_PORT"].value == 587
    assert names["EMAIL_USE_TLS"].value is True and not names["EMAIL_USE_TLS"].env_string
    assert names["EMAIL_HOST_USER"].value == "jane@gmail.com"
    assert names["EMAIL_TIMEOUT"].value == 7.5
    password = names["EMAIL_HOST_PASSWORD"]
    assert (password.kind, password.reference) == (ValueKind.UNRESOLVED, "EMAIL_HOST_PASSWORD")


def test_django_environ_reads_environment_text_with_its_own_casts() -> None:
    text = (
        "import environ\n"
        "env = environ.Env()\n"
        'EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)\n'
        'EMAIL_USE_SSL = env("EMAIL_USE_SSL", default=False)\n'
        'EMAIL_PORT = env("EMAIL_PORT", cast=int, default=25)\n'
    )
    environment = {"EMAIL_USE_TLS": "on", "EMAIL_USE_SSL": "False", "EMAIL_PORT": "2525"}
    (frame,) = frames(text, environment)
    assert frame.names["EMAIL_USE_TLS"].value.value is True
    ssl = frame.names["EMAIL_USE_SSL"].value
    assert ssl.value == "False" and ssl.env_string  # no cast: the text itself
    assert frame.names["EMAIL_PORT"].value.value == 2525


def test_a_django_environ_scheme_declares_casts_and_defaults() -> None:
    text = (
        "from environ import Env\n"
        "env = Env(EMAIL_USE_SSL=(bool, True), EMAIL_PORT=(int, 465))\n"
        'EMAIL_USE_SSL = env("EMAIL_USE_SSL")\n'
        'EMAIL_PORT = env("EMAIL_PORT")\n'
    )
    (frame,) = frames(text)
    ssl = frame.names["EMAIL_USE_SSL"].value
    assert (ssl.value, ssl.kind, ssl.env_string) == (True, ValueKind.ENVIRONMENT, False)
    assert at(ssl) == (2, 32, 2, 36)  # the default is written in the scheme
    assert frame.names["EMAIL_PORT"].value.value == 465


def test_python_decouple_casts_the_default_too() -> None:
    text = (
        "from decouple import Csv, config\n"
        'EMAIL_USE_TLS = config("EMAIL_USE_TLS", default="True", cast=bool)\n'
        'EMAIL_PORT = config("EMAIL_PORT", default="587", cast=int)\n'
        'EMAIL_USE_SSL = config("EMAIL_USE_SSL", default=False)\n'
        'MAIL_ADMINS = config("MAIL_ADMINS", default="a@b.c", cast=Csv())\n'
    )
    (frame,) = frames(text)
    assert frame.names["EMAIL_USE_TLS"].value.value is True
    assert frame.names["EMAIL_PORT"].value.value == 587
    ssl = frame.names["EMAIL_USE_SSL"].value
    assert ssl.value is False and ssl.env_string
    assert frame.names["MAIL_ADMINS"].value.value is UNKNOWN


def test_decouple_through_an_auto_config_instance() -> None:
    text = (
        "from decouple import AutoConfig\n"
        'config = AutoConfig(search_path="/srv/app")\n'
        'EMAIL_PORT = config("EMAIL_PORT", default=587, cast=int)\n'
    )
    assert value_of(text, "EMAIL_PORT").value == 587


def test_email_url_dict_items_remember_the_url_part() -> None:
    text = (
        "import environ\n"
        "env = environ.Env()\n"
        'EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp+tls://me%40x.io:pw@mx.x.io:587")\n'
        'EMAIL_HOST = EMAIL_CONFIG["EMAIL_HOST"]\n'
    )
    host = value_of(text, "EMAIL_HOST")
    assert (host.value, host.part, host.kind) == ("mx.x.io", "host", ValueKind.ENVIRONMENT)
    assert host.url is not None and host.url.host is not None
    assert host.url.host.origin.span == Span(3, 76, 3, 83)


@pytest.mark.parametrize(
    "call",
    [
        'env.email("EMAIL_URL", default="smtp+ssl://mx.x.io:465")',
        'env.email_url_config("smtp+ssl://mx.x.io:465")',
        'environ.Env.email_url_config("smtp+ssl://mx.x.io:465")',
    ],
)
def test_other_spellings_of_the_django_environ_email_url(call: str) -> None:
    text = f"import environ\nenv = environ.Env()\nEMAIL_CONFIG = {call}\n"
    config = value_of(text, "EMAIL_CONFIG").value
    assert isinstance(config, PyDict)
    assert config.items["EMAIL_USE_SSL"].value is True
    assert config.items["EMAIL_PORT"].value == 465


def test_dj_email_url_parse_reads_its_own_query_options() -> None:
    text = (
        "import dj_email_url\n"
        'EMAIL_CONFIG = dj_email_url.parse("smtp://mx.x.io:465?ssl=True&timeout=10")\n'
    )
    config = value_of(text, "EMAIL_CONFIG").value
    assert isinstance(config, PyDict)
    assert config.items["EMAIL_USE_SSL"].value is True
    assert config.items["EMAIL_TIMEOUT"].value == 10


def test_vars_update_binds_every_key_of_the_dict() -> None:
    text = (
        "import dj_email_url\n"
        'email_config = dj_email_url.config(default="submission://smtp.example.net")\n'
        "vars().update(email_config)\n"
    )
    (frame,) = frames(text)
    names = frame.names
    assert names["EMAIL_HOST"].value.value == "smtp.example.net"
    assert names["EMAIL_USE_TLS"].value.value is True
    assert names["EMAIL_USE_SSL"].value.value is False
    assert names["EMAIL_HOST"].key_span == Span(3, 1, 3, 28)


# --- conditionals -----------------------------------------------------------------------------


def test_branches_that_bind_mail_settings_differently_are_separate_frames() -> None:
    text = (
        "DEBUG = False\n"
        "if DEBUG:\n"
        "    EMAIL_PORT = 1025\n"
        "elif STAGING:\n"
        "    EMAIL_PORT = 2525\n"
        "else:\n"
        "    EMAIL_PORT = 587\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
    )
    found = {frame.label: frame for frame in frames(text)}
    assert list(found) == [("if DEBUG",), ("elif STAGING",), ("else",)]
    assert [f.names["EMAIL_PORT"].value.value for f in found.values()] == [1025, 2525, 587]
    assert all(f.names["EMAIL_HOST"].value.value == "smtp.gmail.com" for f in found.values())


def test_a_missing_else_is_the_path_that_skips_the_if() -> None:
    text = "EMAIL_PORT = 587\nif USE_SSL:\n    EMAIL_PORT = 465\n"
    labels = {frame.label: frame.names["EMAIL_PORT"].value.value for frame in frames(text)}
    assert labels == {("if USE_SSL",): 465, ("if not USE_SSL",): 587}


def test_branches_that_change_nothing_for_mail_collapse() -> None:
    text = (
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "if DEBUG:\n"
        '    INSTALLED_APPS = ["debug_toolbar"]\n'
        "else:\n"
        "    INSTALLED_APPS = []\n"
    )
    (frame,) = frames(text)
    assert frame.label == ()


def test_a_setting_overridden_after_the_if_collapses_the_frames() -> None:
    text = "if DEBUG:\n    EMAIL_PORT = 1025\nelse:\n    EMAIL_PORT = 25\nEMAIL_PORT = 587\n"
    (frame,) = frames(text)
    assert frame.names["EMAIL_PORT"].value.value == 587


def test_a_constant_test_takes_one_branch_only() -> None:
    (frame,) = frames("if False:\n    EMAIL_PORT = 1025\nelse:\n    EMAIL_PORT = 587\n")
    assert frame.names["EMAIL_PORT"].value.value == 587


def test_too_many_branches_merge_into_unresolved_values() -> None:
    text = "".join(f"if FLAG_{i}:\n    EMAIL_PORT = {1000 + i}\n" for i in range(5))
    found = frames(text)
    assert len(found) <= 8
    assert any(frame.names["EMAIL_PORT"].value.kind is ValueKind.UNRESOLVED for frame in found)


def test_a_conditional_expression_with_a_known_test() -> None:
    text = 'DEBUG = True\nEMAIL_BACKEND = "console" if DEBUG else "smtp"\n'
    assert value_of(text, "EMAIL_BACKEND").value == "console"
    unknown = value_of('EMAIL_BACKEND = "console" if DEBUG else "smtp"\n', "EMAIL_BACKEND")
    assert unknown.kind is ValueKind.UNRESOLVED


# --- classes and Flask app.config -------------------------------------------------------------


def test_class_bodies_see_their_own_names_and_the_module() -> None:
    text = (
        'DOMAIN = "acme-corp.io"\n'
        "class Config:\n"
        '    MAIL_USERNAME = f"ops@{DOMAIN}"\n'
        "    MAIL_DEFAULT_SENDER = MAIL_USERNAME\n"
        "class Production(Config):\n"
        "    MAIL_PORT = 465\n"
    )
    (frame,) = frames(text)
    production = frame.names["Production"].value.value
    resolved = production.resolved()  # type: ignore[attr-defined]
    assert resolved["MAIL_DEFAULT_SENDER"].value.value == "ops@acme-corp.io"
    assert resolved["MAIL_PORT"].value.value == 465


def test_app_config_in_every_style() -> None:
    text = (
        "class Mailer:\n"
        '    MAIL_SERVER = "smtp.gmail.com"\n'
        "    lower_case = 1\n"
        'app.config["MAIL_PORT"] = 465\n'
        "app.config.update(MAIL_USE_SSL=True)\n"
        'app.config.update({"MAIL_USERNAME": "jane@gmail.com"})\n'
        'app.config.from_mapping({"MAIL_TIMEOUT": 10}, MAIL_BACKEND="smtp")\n'
        'app.config.setdefault("MAIL_PORT", 25)\n'
        "app.config.from_object(Mailer)\n"
    )
    (frame,) = frames(text)
    keys = frame.configs["app.config"]
    assert {key: binding.value.value for key, binding in keys.items()} == {
        "MAIL_PORT": 465,
        "MAIL_USE_SSL": True,
        "MAIL_USERNAME": "jane@gmail.com",
        "MAIL_TIMEOUT": 10,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "smtp.gmail.com",
    }
    assert keys["MAIL_PORT"].key_span == Span(4, 1, 4, 24)
    assert keys["MAIL_USE_SSL"].key_span == Span(5, 19, 5, 31)
    assert keys["MAIL_USERNAME"].key_span == Span(6, 20, 6, 35)


def test_app_config_inside_an_application_factory() -> None:
    text = (
        "def create_app(config=None):\n"
        "    app = Flask(__name__)\n"
        '    server = "smtp.gmail.com"\n'
        '    app.config["MAIL_SERVER"] = server\n'
        "    return app\n"
    )
    (frame,) = frames(text)
    keys = frame.configs["app.config in create_app()"]
    assert keys["MAIL_SERVER"].value.value == "smtp.gmail.com"


def test_a_one_element_tuple_is_a_sequence() -> None:
    value = value_of("EMAIL_USE_TLS = (False,)\n", "EMAIL_USE_TLS")
    assert isinstance(value.value, PySeq) and value.value.is_tuple


def test_a_condition_inside_a_class_body_makes_what_differs_unresolved() -> None:
    text = (
        "class Config:\n"
        '    MAIL_SERVER = "smtp.gmail.com"\n'
        "    if USE_SSL:\n"
        "        MAIL_PORT = 465\n"
        "    else:\n"
        "        MAIL_PORT = 587\n"
    )
    (frame,) = frames(text)
    attrs = frame.names["Config"].value.value.resolved()  # type: ignore[attr-defined]
    assert attrs["MAIL_SERVER"].value.value == "smtp.gmail.com"
    port = attrs["MAIL_PORT"].value
    assert (port.value, port.kind, port.expression) == (UNKNOWN, ValueKind.UNRESOLVED,
                                                        "depends on USE_SSL")
