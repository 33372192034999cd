"""``smtplint explain``: what an SMTP reply or client error means for the configuration.

A paste (a server reply, an exception's last line, a dialog's text) is matched against a
catalogue of known replies (:mod:`~smtplint.explain.replies`); each entry lists its likely
causes (:mod:`~smtplint.explain.causes`) with the settings involved in each supported format
and the rules that catch them. Given a configuration file, the answer is narrowed to the
user's own keys and values and to the linter's findings on that file.
"""

from __future__ import annotations

from smtplint.explain.answer import Answer, CauseAnswer, RuleRef, explain
from smtplint.explain.user_config import UserConfig, load_user_config

__all__ = ["Answer", "CauseAnswer", "RuleRef", "UserConfig", "explain", "load_user_config"]
