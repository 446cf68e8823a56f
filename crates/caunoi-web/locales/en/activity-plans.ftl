# Cluster activity plans per semester, and the department's overview.

plan-title = Professional development plan — { $cluster }
plan-lead = Semester { $semester }, school year { $year }.
plan-link-cluster = The cluster's professional development plan
plan-link-overview = The clusters' professional development plans
plan-semester = Semester
plan-semester-option = Semester { $semester }
plan-show = Show
plan-export = Download (.xlsx)
plan-empty = The cluster has no activity planned for this semester yet.
plan-empty-month = Nothing planned.
plan-month = { $month }
plan-month-other = Months outside the semester
plan-counts = Planned: { $planned } · Done: { $done } · Cancelled: { $cancelled }
plan-done-share = Done: { $percent }
plan-done-share-none = No activity to compute a share from yet.
plan-done-share-help = The share counts the activities that are not cancelled.

plan-col-title = Activity
plan-col-kind = Kind
plan-col-subjects = Subjects
plan-col-status = Status
plan-col-activity = Organised activity
plan-col-actions = Actions
plan-col-month = Month
plan-col-activity-start = Starts
plan-col-note = Note

plan-status-planned = Planned
plan-status-done = Done
plan-status-cancelled = Cancelled

plan-kind-seminar = Seminar
plan-kind-thematic_workshop = Thematic workshop
plan-kind-lesson_study = Lesson study
plan-kind-demonstration_lesson = Demonstration lesson
plan-kind-model_lesson = Model lesson
plan-kind-classroom_observation = Classroom observation
plan-kind-plc_meeting = Professional learning community meeting
plan-kind-experience_sharing = Experience-sharing session

plan-activity-on = { $title } ({ $date })
plan-activity-cancelled = cancelled
plan-create-activity = Create the activity from this item
plan-edit = Edit
plan-delete = Delete
plan-mark-done = Mark as done
plan-suggest-cancel = This activity was cancelled. Cancel this item of the plan too?
plan-cancel-item = Cancel the plan item

plan-add-heading = Add an activity to the plan
plan-add-submit = Add to the plan
plan-edit-heading = Edit a planned activity
plan-edit-submit = Save changes
plan-back = Back to the plan
plan-field-title = Activity title
plan-field-kind = Kind
plan-field-kind-choose = Choose a kind
plan-field-subjects = Subjects
plan-field-subjects-help = Separate subjects with commas, for example: Mathematics, English. Leave empty for all subjects.
plan-field-month = Planned month
plan-field-status = Status
plan-field-note = Note

plan-copy-heading = Copy from the previous semester
plan-copy-help = Copies the items of the previous semester that are still planned into this plan, in the semester's first month. Items whose title is already in this plan are skipped.
plan-copy-submit = Copy the unfinished activities
plan-copied = Copied { $count } activities from the previous semester. Set each one's planned month.
plan-copied-none = Nothing to copy: the previous semester has no activity still planned, or this plan already holds them.
plan-copied-missing = The cluster has no plan of the previous semester to copy from.

plan-notice-invalid-semester = There is no semester "{ $value }". Showing semester { $semester }; choose semester I or II.
plan-notice-other-year = This cluster belongs to school year { $year }, so the page shows the plan of { $year } instead of "{ $value }". Plans of other years belong to that year's cluster.

plan-error-title-missing = Enter the activity's title.
plan-error-title-long = The title has { $count } characters; shorten it to at most { $max }.
plan-error-kind = The kind "{ $value }" is not in the list; choose one from the list.
plan-error-subjects = The subject "{ $value }" is longer than { $max } characters; write short subject names separated by commas.
plan-error-subjects-many = There are { $count } subjects; list at most { $max }.
plan-error-month-missing = Choose the planned month.
plan-error-month-invalid = "{ $value }" is not a month; write month/year, for example 10/2026.
plan-error-month-outside = { $month } is not in semester { $semester } of school year { $year } ({ $first } to { $last }); choose a month of the semester.
plan-error-status = The status "{ $value }" is invalid; choose planned, done or cancelled.
plan-error-note-long = The note has { $count } characters; shorten it to at most { $max }.
plan-error-semester = The semester "{ $value }" is invalid; write 1 or 2.
plan-api-error-semester = The parameter "{ $name }" is "{ $value }", which is not a semester; write 1 or 2.
plan-error-not-ended = The activity linked to this item has not ended yet or was cancelled, so the item cannot be marked done. Wait until the activity ends, or edit the item's status.
plan-error-no-plan = The cluster has no plan for semester { $semester } of school year { $year }.

plan-overview-title = The clusters' professional development plans
plan-overview-lead = Semester { $semester }, school year { $year }: the activities of each cluster's plan by status.
plan-overview-col-cluster = Cluster
plan-overview-col-planned = Planned
plan-overview-col-done = Done
plan-overview-col-cancelled = Cancelled
plan-overview-col-share = Done share
plan-overview-total = Whole province
plan-overview-no-plan = No plan yet
plan-overview-empty = School year { $year } has no professional clusters yet.
plan-overview-year = School year

plan-xlsx-sheet = Plan
