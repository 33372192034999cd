"""Django system checks for the live email settings.

Add ``"smtplint.django"`` to ``INSTALLED_APPS`` and ``python manage.py check`` (and
``check --deploy``) reports smtplint's findings on the settings the running project really
has, with ids such as ``smtplint.SL102``. Django is needed only by this package.
"""
