// Settings applied over prefs.js at every start of Thunderbird.
/* The Gmail server was switched to STARTTLS here, but its port stayed 465. */
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
