# Activity calendars: the .ics file of one activity and the personal feed (secret URL).

cal-kind-seminar = Seminar
cal-kind-thematic_workshop = Thematic workshop
cal-kind-lesson_study = Lesson study
cal-kind-demonstration_lesson = Demonstration lesson
cal-kind-model_lesson = Model lesson
cal-kind-classroom_observation = Classroom observation
cal-kind-plc_meeting = Professional learning community meeting
cal-kind-experience_sharing = Experience-sharing session

cal-presenters = Presenters: { $names }
cal-waitlisted = You are on the waiting list: you will be told when a seat frees up.
cal-meeting-link = Online meeting: { $url }
cal-details = Details: { $url }
cal-online = Online
cal-feed-name = Cầu Nối: professional development

cal-feeds-title = Personal calendar
cal-feeds-lead = Add the activities you register for or organise to Google Calendar, Outlook or Apple Calendar. The calendar updates itself when an activity changes time or place, or is cancelled.
cal-new-heading = New calendar URL
cal-new-once = Copy the URL below now: this page shows it only once. It is secret: anyone who has it can read your calendar, so do not share it. If it leaks, revoke it and make a new one.
cal-url-label = Calendar URL (select the whole field and copy it)
cal-howto-google-title = Google Calendar
cal-howto-google = On a computer, open calendar.google.com, click + next to "Other calendars", choose "From URL", paste the URL and click "Add calendar". It then shows on phones signed in to the same Google account.
cal-howto-outlook-title = Outlook
cal-howto-outlook = In Outlook on the web, open Calendar, choose "Add calendar", then "Subscribe from web", paste the URL, name it and click "Import". In desktop Outlook: Home › Add Calendar › From Internet.
cal-howto-apple-title = Apple Calendar (iPhone, iPad, Mac)
cal-howto-apple = On an iPhone: Settings › Calendar › Accounts › Add Account › Other › Add Subscribed Calendar, paste the URL and tap "Next". On a Mac: open Calendar, choose File › New Calendar Subscription, paste the URL.
cal-howto-delay = Calendar apps fetch the calendar again on their own schedule (Google Calendar may take several hours), so changes do not show at once.
cal-create-hint = Each URL works until you revoke it. You can make a separate URL for each app.
cal-create = Make a calendar URL
cal-list-heading = Your calendar URLs
cal-list-empty = You have not made a calendar URL yet.
cal-col-created = Created
cal-col-last-used = Last used
cal-col-status = Status
cal-col-actions = Actions
cal-never-used = Never used
cal-status-active = Active
cal-status-revoked = Revoked at { $date }
cal-revoke = Revoke
cal-link-record = See your professional-development record
cal-error-too-many = You already have { $max } active calendar URLs, the maximum. Revoke one you no longer use, then make a new one.
