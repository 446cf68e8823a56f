# Professional-development records: activities attended and hours credited.

dev-title = Professional-development record
dev-title-of = Professional-development record: { $name }
dev-lead = Activities attended in the { $year } school year and the hours credited for each.
dev-year = School year
dev-show = Show
dev-total-hours = Total hours: { $hours }
dev-total = Total
dev-export = Download (.xlsx)
dev-empty = No attendance has been recorded in this school year yet.
dev-col-date = Date
dev-col-kind = Kind
dev-col-title = Activity
dev-col-organiser = Organiser
dev-col-hours = Hours
dev-col-number = No.
dev-col-person = Full name
dev-col-activities = Activities
dev-organiser-department = Department of Education and Training, { $province }
dev-export-heading = Professional-development record of { $name }, { $year } school year
dev-school-title = Professional development: { $school }
dev-school-lead = Activities attended and hours credited for each person of the school in the { $year } school year. Click a name for the details.
dev-school-empty = The school has no staff on the platform yet.
dev-school-export-heading = Professional development at { $school }, { $year } school year
dev-link-calendar = Add the activities to your calendar (Google Calendar, Outlook, Apple Calendar)
dev-error-year = The school year “{ $value }” is invalid. Enter it as 2026-2027 (the second year one more than the first).
