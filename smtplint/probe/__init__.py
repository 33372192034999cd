"""``smtplint probe``: a real SMTP session per configuration, stopped before any mail is sent.

``session`` runs the steps, ``wire`` speaks the protocol, ``tls`` and ``certificate`` build
the TLS contexts and describe certificates, ``target`` and ``password`` find the values the
application would use at run time, ``explain`` maps failures to rules, ``render`` writes the
reports. Nothing here is imported by ``smtplint check``.
"""
