// Settings applied over prefs.js at every start of Thunderbird.
/* Gmail was switched to STARTTLS here while its port stayed 465. */
user_pref("mail.smtpserver.smtp1.try_ssl",3);
user_pref("mailnews.start_page.enabled", false);
