# Professional development: lists, the form, registration, the waiting list, attendance.

act-nav = Professional development
act-title = Professional development
act-new = New activity
act-new-title = New professional-development activity
act-edit-title = Edit “{ $title }”
act-back = ← All activities
act-tabs-label = Activity lists
act-tab-upcoming = Upcoming
act-tab-registered = My registrations
act-tab-organised = Organised by me
act-tab-province = Whole province
act-search = Search title, content, presenters
act-filter-all = All
act-field-subject = Subject
act-field-level = Level
act-field-month = Month
act-field-cluster = Cluster
act-empty = No activity in this list yet.
act-col-title = Activity
act-col-when = When
act-col-where = Where
act-col-organiser = Organiser
act-col-seats = Registered
act-col-status = Status
act-col-name = Name
act-col-school = School
act-col-nominated-by = Nominated by
act-col-queued = Registered at
act-col-present = Present
act-col-method = Recorded by
act-online = Online
act-seats-taken = { $taken }/{ $capacity }
act-seats-left = { $left } of { $capacity } seats left
act-seats-unlimited = No limit on places
act-organiser-department = Department of Education and Training
act-organiser-cluster = Board of { $name }
act-credit = { $hours ->
    [0] { $minutes } min
   *[other] { $minutes ->
        [0] { $hours } h
       *[other] { $hours } h { $minutes } min
    }
}

act-kind-seminar = Seminar
act-kind-thematic_workshop = Thematic workshop
act-kind-lesson_study = Lesson study
act-kind-demonstration_lesson = Demonstration lesson
act-kind-model_lesson = Model lesson
act-kind-classroom_observation = Classroom observation
act-kind-plc_meeting = Professional learning community meeting
act-kind-experience_sharing = Experience-sharing session

act-status-draft = Draft
act-status-published = Open
act-status-cancelled = Cancelled
act-status-done = Done
act-openness-audience = Only the chosen audience
act-openness-province = Every teacher of the province
act-openness-everyone = Every user, other provinces included
act-my-status-registered = You are registered
act-my-status-waitlisted = You are on the waiting list
act-my-status-cancelled = You cancelled your registration
act-method-organiser = Marked by the organiser
act-method-code = Check-in code

act-done-registered = Registered. The activity is in “My registrations”.
act-done-waitlisted = The activity is full, so you are on the waiting list. When someone cancels, seats go in order and you are notified.
act-done-left = Registration cancelled.
act-done-nominated = Teachers nominated. Each nominee was notified.
act-done-checked_in = Checked in. Your time is credited.
act-done-published = Published to the chosen audience.
act-done-cancelled = Activity cancelled; registered people were notified.
act-done-saved = Changes saved.

act-field-organiser = Organiser
act-field-when = When
act-field-title = Title
act-field-kind = Kind
act-field-subjects = Subjects
act-field-subjects-help = Subject names separated by commas, such as Ngữ văn, Lịch sử và Địa lí. Type a few letters to pick a name from the 2018 curriculum.
act-field-levels = Levels
act-field-grades = Grades
act-field-grades-help = Numbers from 1 to 12 separated by commas, such as 6, 7.
act-field-description = Content
act-field-presenters = Presenters and demonstrating teachers
act-field-presenters-help = One person per line.
act-field-place-school = Host school
act-field-place-school-help = Type a MOET school code, “#” and the id, or the full name of a school of the province.
act-field-place-address = Address
act-field-meeting-url = Online meeting link
act-field-meeting-url-help = An https link of Zoom, Google Meet, Microsoft Teams, Jitsi or another service.
act-meeting-link = Join the online meeting
act-meeting-join = Join on { $service }
act-field-start-date = Start date
act-field-start-time = Start time
act-field-end-date = End date
act-field-end-time = End time
act-field-end-help = Leave the end date blank for a one-day activity. Times are Vietnam time, 24-hour.
act-field-capacity = Places
act-field-capacity-help = Blank for no limit. Once full, later registrations join the waiting list.
act-field-credit-hours = Credited hours
act-field-credit-hours-help = In hours, such as 2 or 1.5. Blank takes the activity's length rounded to 15 minutes, at most 8 hours a day.
act-field-deadline = Registration deadline
act-field-deadline-date = Registration deadline (date)
act-field-deadline-time = Registration deadline (time)
act-field-openness = Who may register
act-field-credit = Credited time
act-field-seats = Places
act-field-reason = Reason for cancelling
act-form-has-errors = The form has errors and was not saved. Fix the fields below and save again.
act-form-what = The activity
act-form-where = Place
act-form-where-help = Pick a school, type an address, or paste an online meeting link; they may be combined.
act-form-when = Time (Vietnam time)
act-form-registration = Registration
act-form-audience = Audience
act-form-audience-help = Chosen as for a directive. Leaders of the chosen schools may nominate teachers. May stay empty when the activity is open to the province or to everyone.
act-form-cancel = Back
act-save = Save
act-edit = Edit
act-publish = Publish
act-cancel = Cancel the activity
act-register = Register
act-join-waiting = Join the waiting list
act-leave = Cancel my registration
act-remove = Remove
act-cancelled-notice = This activity was cancelled.
act-mine-heading = Your participation
act-waiting-position = number { $position } on the waiting list
act-checked-in = You are checked in.
act-nominate-heading = Nominate teachers of { $school }
act-nominate-legend = Teachers to nominate
act-nominate-none = Every teacher of the school is registered or nominated.
act-nominate-submit = Nominate
act-organiser-heading = For the organiser
act-registrations-title = Registrations
act-registered-heading = With a place ({ $count })
act-waiting-heading = Waiting list ({ $count })
act-registrations-empty = Nobody has registered yet.
act-waiting-empty = Nobody is waiting.
act-attendance-title = Attendance
act-attendance-summary = { $present } present, each credited { $credit }.
act-attendance-save = Save attendance
act-walk-in = Walk-in
act-field-walk-in = Add a walk-in (user name)
act-field-walk-in-help = The person must belong to the activity's audience.
act-checkin-title = Check in with a code
act-checkin-lead = Type the 6-character code the organiser shows at the session (on the projector or in the online meeting).
act-checkin-code = Check-in code
act-checkin-submit = Check in
act-checkin-project-help = Project this code or post it in the online meeting. Attendees open “Check in with a code” and type it.
act-checkin-window-times = Check-in is open from { $from } to { $to }.
act-checkin-not-open = This activity is not published or was cancelled, so check-in is closed.
act-checkin-window = Check-in is not open: it runs from 30 minutes before the start to 60 minutes after the end.
act-checkin-wrong = The code “{ $value }” matches no activity open for check-in that you may join. Check the 6 characters on the screen.
act-checkin-throttled = You have typed a wrong check-in code too many times. Try again in { $minutes } minutes, or ask the organiser to mark you present.
act-checkin-early = The code is right, but check-in has not opened yet. It opens at { $time }.
act-checkin-full = The activity is full and you hold no seat (not registered, or still on the waiting list), so you cannot check in. Tell the organiser.
act-checkin-missing = The check-in code is missing. Type the 6 characters on the screen.

act-error-title-missing = The title is missing.
act-error-kind = There is no activity kind “{ $value }”. Pick one from the list.
act-error-choice = “{ $value }” is not in the list. Pick again from the list.
act-error-organiser = The organiser “{ $value }” is not one you may choose. Pick the organiser again.
act-error-subject-long = The subject “{ $value }” is longer than { $max } characters. Separate subjects with commas.
act-error-subjects-many = { $count } subjects exceed the limit of { $max }. Remove some or create several activities.
act-error-grade = The grade “{ $value }” is invalid. Type numbers from 1 to 12 separated by commas.
act-error-date-missing = { $field ->
    [start] The start date is missing.
    [end] The end date is missing.
   *[other] The date of the registration deadline is missing.
}
act-error-date = The date “{ $value }” is invalid. Type it as day/month/year, such as 15/10/2026.
act-error-time-missing = { $field ->
    [start] The start time is missing.
   *[other] The end time is missing.
}
act-error-time = The time “{ $value }” is invalid. Use the 24-hour clock, such as 14:00 or 14h30.
act-error-start-past = The start { $value } has passed. Pick a date and time ahead.
act-error-capacity = The number of places “{ $value }” is invalid. Type a whole number from 1 to { $max }, or leave it blank for no limit.
act-error-credit = The hours “{ $value }” are invalid. Type a number above 0 and at most { $max }, such as 2 or 1.5.
act-error-url = The link “{ $value }” is invalid. Paste the whole link starting with https://, such as https://meet.google.com/abc-defg-hij.
act-error-place-missing = The place is missing. Pick a school, type an address or paste an online meeting link.
act-error-place-school = No single school “{ $value }” was found in the province. Type a MOET code, “#” and the id, or the full name.
act-error-cancelled = The activity was cancelled and cannot be edited.
act-error-not-draft = The activity is already published or cancelled.
act-error-audience-reaches-none = The chosen audience contains no school this school year. Change the audience or open the activity to the province, then publish again.
act-error-reason-missing = The reason is missing. Registered people will read it.
act-error-reason-long = The reason is { $length } characters long, over the limit of { $max }. Shorten it.
act-error-already-registered = You already have a place in this activity.
act-error-already-waitlisted = You are already on this activity's waiting list.
act-error-already-cancelled = This registration is cancelled.
act-error-not-registered = There is no registration to cancel.
act-error-nominee = The teacher “{ $value }” does not work at the school. Pick again from the list.
act-error-nominee-missing = No teacher is ticked. Tick those you nominate, then press “Nominate”.
act-error-nominee-failed = { $name } was not nominated:
act-error-attendee = The person “{ $value }” is not on this activity's lists. Reload the page and mark attendance again.
act-error-walk-in = Could not add “{ $value }”: no such user name, or the person is outside the activity's audience.
act-error-filter-kind = There is no activity kind “{ $value }”; showing every kind.
act-error-filter-level = There is no level “{ $value }”; showing every level.
act-error-filter-month = The month “{ $value }” is invalid (write it as 2026-10); showing every month.
act-error-filter-cluster = The cluster “{ $value }” is not in this school year; showing every cluster.

activity-error-ends-before-start = The end { $value } is not after the start. Fix the end date or time.
activity-error-too-long = The activity ends at { $value }, more than 14 days after it starts. Check the end date.
activity-error-deadline-after-start = The registration deadline { $value } is after the start. Pick a deadline before the start.
activity-register-not-open = The activity is not published or was cancelled, so registration is closed.
activity-register-deadline-passed = The registration deadline has passed.
activity-register-started = The activity has started, so registration and cancellation are closed.

act-notify-nominated = You were nominated for “{ $title }”.
act-notify-nominated-waiting = You were nominated for “{ $title }” and are on the waiting list because it is full.
act-notify-promoted = A place is now yours in “{ $title }”.
act-notify-removed = The organiser removed you from the registrations of “{ $title }”.
act-notify-changed = The time or place of the activity “{ $title }” changed. Check the details again.
act-notify-cancelled = The activity “{ $title }” was cancelled.
notification-kind-activity = Professional development
notifications-settings-help-activity = When you are nominated, get a place from the waiting list, are removed from the registrations, or an activity is cancelled. Default: on.
act-api-error-tab = The parameter { $name } = “{ $value }” is invalid. Use upcoming, registered, organised or province.
act-export = Download the list (.xlsx)
act-col-number = No.
act-export-status-registered = Has a place
act-export-status-waitlisted = Waiting list
act-export-status-cancelled = Cancelled
act-leave-checked-in = You have checked in, so you cannot leave the activity. If the check-in was a mistake, tell the organiser.
act-ics-download = Add to calendar (.ics file)
