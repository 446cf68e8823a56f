app-name = Cầu Nối
app-tagline = The shared platform of professional clusters
footer-text = Cầu Nối — open-source software for the professional clusters of Departments of Education and Training

nav-label = Main navigation
nav-menu = Menu
nav-province = Overview
nav-clusters = Clusters
nav-communes = Communes and wards
nav-schools = Schools
nav-people = People
nav-proposals = Cluster proposals
nav-imports = Import schools
nav-personnel = Personnel map
nav-staff-records = Staff records
nav-audit = Audit log
nav-departments = Departments
nav-directives = Directives sent
nav-inbox = Directives received
nav-requests = Requests
nav-answers = Questions and answers
nav-logout = Log out

login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in
login-error-missing = Enter your username and password.
login-error-invalid = Wrong username or password. Check your keyboard layout and Caps Lock, then try again.

error-title-400 = Invalid request
error-title-401 = Login required
error-title-403 = Not allowed
error-title-404 = Not found
error-title-405 = Action not supported
error-title-415 = Unsupported format
error-framework-400 = The request could not be read. Reload the page and try again.
error-framework-403 = The form was sent from another site, so it was rejected to protect your account. Open the page on Cầu Nối again and resend it.
error-framework-405 = This address does not accept that action. Go back and use the button on the page.
error-framework-413 = The data sent is too large. Shorten the text, or send large files with the file field.
error-framework-415 = The data sent is not in the form's format. Send it again with the form on the page.
error-framework-422 = The form has a repeated field or a value of the wrong type. Reload the page, fill it in again and send it.
error-title-409 = Conflict
error-title-413 = File too large
error-title-422 = Invalid data
error-title-429 = Too many attempts
error-title-500 = System error
error-title-503 = Service unavailable
error-not-found = The page or record you asked for does not exist, or you may not see it. Check the address.
error-unauthenticated = Log in to continue.
error-too-many-requests = Too many failed logins. Try again in { $minutes } minutes.
error-internal = The system failed to process the request. Saved data is unaffected; try again in a few minutes.
error-back-home = Back to the home page

me-username = Username
me-roles = Roles
me-no-roles = You hold no role yet. Ask your department's administrator.

scope-province = Province

role-department_admin = Department administrator
role-department_specialist = Department specialist
role-cluster_coordinator = Cluster coordinator
role-board_member = Cluster board member
role-commune_officer = Commune education officer
role-school_leader = School leader
role-core_teacher = Core teacher
role-teacher = Teacher

level-preschool = Preschool
level-primary = Primary
level-lower_secondary = Lower secondary
level-upper_secondary = Upper secondary
level-multi_level = Multi-level
level-continuing_education = Continuing education

ownership-public = Public
ownership-private = Private

commune-kind-commune = Commune
commune-kind-ward = Ward
commune-kind-special_zone = Special zone

## Schools, people, audit log and departments

badge-generated = Generated data

listing-filter = Filter
listing-pager-label = Pages
listing-page-previous = ← Previous page
listing-page-next = Next page →
listing-page-position = Page { $page } of { $pages }
listing-notice-invalid-page = Page number “{ $value }” is invalid, so page 1 is shown. A page number is a whole number from 1 up.
listing-notice-page-past-end = There is no page { $page } because the list has only { $pages } pages. Showing the last page.

schools-title = Schools
schools-search = Search by school name
schools-search-hint = With or without tone marks, e.g. trung vuong
schools-level = Level
schools-level-all = All levels
schools-cluster = Cluster in school year { $year }
schools-cluster-all = All clusters
schools-commune = Commune, ward or special zone
schools-commune-all = All communes
schools-count = { $count } schools found.
schools-empty = No school matches the search and filters.
schools-col-name = School
schools-col-level = Level
schools-col-ownership = Ownership
schools-col-commune = Commune
schools-col-cluster = Cluster
schools-col-moet-code = MOET code
schools-commune-unknown = Not yet known
schools-no-cluster = In no cluster
schools-notice-invalid-level = There is no level “{ $value }”, so the level filter was ignored. Choose a level from the list.
schools-notice-invalid-cluster = There is no cluster “{ $value }” in the school year shown, so the cluster filter was ignored. Choose a cluster from the list.
schools-notice-invalid-commune = Commune code “{ $value }” is not in this province, so the commune filter was ignored.

school-level = Level
school-ownership = Ownership
school-commune = Commune, ward or special zone
school-former-district = Former district (before 1 July 2025)
school-moet-code = MOET school code
school-cluster-in-year = Cluster in school year { $year }
school-no-value = None
school-staff-link = The school's user accounts
school-staff-records-link = Staff records
school-classes-link = Classes per grade
school-personnel-link = The school's teacher shortage and surplus
school-cluster-history = Clusters in other school years
school-cluster-history-empty = No cluster is recorded for other school years.
school-year = School year
school-cluster-overridden = Placed individually, not by its commune
school-staff-title = Staff of { $school }
school-staff-count = { $count } people, sorted by given name.
school-staff-empty = Nobody holds a role at this school yet.

people-title = People
people-scope-limited = You see only the people of the schools, communes or clusters you work with.
people-search = Search by name or username
people-search-hint = With or without tone marks
people-role = Role
people-role-all = All roles
people-count = { $count } people found.
people-empty = Nobody matches the search and filters.
people-col-name = Full name
people-col-username = Username
people-col-roles = Roles
people-col-school = School
people-notice-invalid-role = There is no role “{ $value }”, so the role filter was ignored. Choose a role from the list.

person-username = Username
person-email = Email
person-phone = Phone
person-no-value = None
person-roles = Roles
person-no-roles = This person holds no role yet.

audit-title = Audit log
audit-lead = Changes to the department's data, newest first. Times are Vietnam time (UTC+7).
audit-empty = No change has been recorded yet.
audit-col-time = Time
audit-col-user = By
audit-col-action = Action
audit-col-entity = Record
audit-col-details = Details
audit-by-system = System
audit-action-clusters-save_layout = Saved the clusters of a school year
audit-action-clusters-rename = Renamed a cluster
audit-action-clusters-override_school = Placed a school in another cluster than its commune's
audit-action-import-apply = Applied an imported school list
audit-action-departments-add = Added the department
audit-entity-school_year = School year
audit-entity-cluster = Cluster
audit-entity-school = School
audit-entity-import_batch = Import
audit-entity-department = Department
audit-detail-clusters = Clusters
audit-detail-cluster_id = Cluster id
audit-detail-school_year = School year
audit-detail-province_code = Province code
audit-detail-created = Created
audit-detail-updated = Updated
audit-detail-unchanged = Unchanged
audit-detail-skipped = Skipped

departments-title = Departments of Education and Training
departments-lead = This deployment hosts { $hosted } of { $total } provinces.
departments-col-code = Code
departments-col-province = Province
departments-col-communes = Communes
departments-col-status = Department
departments-hosted = Hosted
departments-add = Add department
departments-add-confirm = Add the Department of Education and Training of { $province }?
departments-error-invalid-code = Province code “{ $value }” is invalid. A province code has two digits from the national list, e.g. 79 for Ho Chi Minh City.
departments-error-already-hosted = The Department of Education and Training of { $province } is already hosted; there is nothing to add.

## Cluster proposals
proposals-title = Cluster proposals
proposals-lead = The system divides the province's communes into the number of clusters you choose: each cluster is a compact group of neighbouring communes with about the same number of schools. You review and edit the proposal before saving it as the clusters of a school year.
proposals-province-counts = The province has { $communes } commune-level units.
proposals-province-schools = { $schools } schools are linked to a commune.
proposals-weights-by-commune = No school is linked to a commune yet, so clusters are balanced by their number of communes instead of schools.
proposals-new = New proposal
proposals-field-year = School year
proposals-field-year-help = Write it as 2026-2027. Only a school year without clusters can be chosen.
proposals-field-k = Number of clusters
proposals-field-k-help = A whole number from 1 to { $max }.
proposals-field-seed = Seed (optional)
proposals-field-seed-help = The same data and seed always give the same proposal. Change it to see another option; empty means 0.
proposals-submit = Create proposal
proposals-years = School years with clusters
proposals-years-none = No school year has clusters yet.
proposals-col-year = School year
proposals-col-clusters = Clusters
proposals-previous = Earlier proposals
proposals-previous-none = No proposals yet.
proposals-col-proposal = Proposal
proposals-col-created = Created
proposals-col-status = Status
proposals-number = Proposal { $id }
proposals-status-draft = Draft
proposals-status-saved = Saved { $date }
proposals-error-year-missing = Enter the school year as 2026-2027.
proposals-error-year = School year “{ $value }” is invalid. Enter two consecutive years as 2026-2027.
proposals-error-year-exists = School year { $year } already has { $count } clusters. The clusters of a school year are never overwritten; choose another school year.
proposals-error-k = Number of clusters “{ $value }” is invalid. Enter a whole number from 1 to { $max } (the province's number of communes).
proposals-error-k-missing = Enter the number of clusters: a whole number from 1 to { $max }.
proposals-error-seed = Seed “{ $value }” is invalid. Enter a whole number of 0 or more, or leave it empty.
proposals-error-no-communes = This province has no list of communes yet, so no clusters can be proposed.
proposals-show-title = Cluster proposal for { $year }
proposals-back = ← Cluster proposals
proposals-show-lead = A proposal of { $k } clusters. The figures are recomputed from the communes' coordinates and the current school counts every time the page opens.
proposals-saved-notice = This proposal was saved as the school year's clusters on { $date } and can no longer be edited.
proposals-saved-link = See the school year's clusters
proposals-year-taken = School year { $year } got { $count } clusters after this proposal was created, so the proposal can no longer be saved. Existing clusters are never overwritten.
proposals-warning-contiguity = These clusters are not contiguous (a commune is cut off from the rest of its cluster): { $clusters }. You can still save them if that is intended.
proposals-warning-empty = These clusters have no commune left: { $clusters }. Move at least one commune into each before saving.
proposals-map-title = Map of the cluster proposal for { $year }
proposals-map-description = Each cell is a commune, coloured by its proposed cluster. The table below gives the figures of each cluster.
proposals-map-no-cluster = In no cluster
proposals-map-inset = Drawn apart from its true position, at the same scale, for legibility
proposals-overall = Overall figures
proposals-balance-ratio = Largest cluster / smallest cluster
proposals-weight-cv = Coefficient of variation of cluster size
proposals-compactness = Mean distance to the cluster centre
proposals-all-contiguous = Every cluster is contiguous
proposals-yes = Yes
proposals-no = No
proposals-figures-help = A cluster's size is its number of schools (or of communes while no school is linked to one). The closer the ratio is to 1 and the smaller the coefficient of variation, the more balanced the clusters. The mean distance is taken over schools (or communes while no school is linked to one), in a straight line from the centre point of the school's commune to the cluster centre; the smaller it is, the more compact the clusters.
proposals-ratio-infinite = Infinite (a cluster has size 0)
proposals-figures = Figures per cluster
proposals-col-cluster = Cluster
proposals-col-communes = Communes
proposals-col-schools = Schools
proposals-col-deviation = Deviation from the mean
proposals-col-radius = Radius
proposals-col-contiguous = Contiguous
proposals-move = Move a commune to another cluster
proposals-field-commune = Commune
proposals-choose-commune = — Choose a commune —
proposals-field-target = Move to cluster
proposals-move-submit = Move
proposals-move-help = Every cluster must keep at least one commune. A move that makes a cluster non-contiguous is allowed and shown as a warning, so that you decide.
proposals-clusters = Clusters and their communes
proposals-not-contiguous = Not contiguous
proposals-empty = Empty
proposals-cluster-summary = { $communes } communes
proposals-cluster-schools = { $schools } schools
proposals-field-name = Cluster name
proposals-rename-submit = Rename
proposals-save = Save as the school year's clusters
proposals-save-help = Saving makes these clusters the professional clusters of school year { $year }. Clusters of other school years do not change. A saved proposal can no longer be edited.
proposals-save-submit = Save clusters for { $year }
proposals-notice-moved = The commune was moved and the figures recomputed.
proposals-notice-renamed = The cluster was renamed.
proposals-error-saved = This proposal was already saved as the clusters of school year { $year }, so it cannot be edited or saved again. Create a new proposal if needed.
proposals-error-commune-missing = Choose the commune to move.
proposals-error-commune = The commune with code “{ $value }” is not part of this proposal. Choose a commune from the list.
proposals-error-cluster = Cluster number “{ $value }” is not part of this proposal. Choose a cluster from the list.
proposals-error-last-commune = Not moved: this is the last commune of { $cluster }, and every cluster must keep at least one commune.
proposals-error-name-missing = Enter the cluster name.
proposals-error-name-long = The cluster name has { $length } characters; the maximum is { $max }.
proposals-error-name-taken = The name “{ $name }” is already used by another cluster of this proposal. Choose another name.
proposals-error-empty = Not saved: these clusters have no commune: { $clusters }.
proposals-error-year-taken = Not saved: school year { $year } got clusters after this proposal was created. Existing clusters are never overwritten; create a proposal for another school year.

## JSON API
api-error-query = Invalid query string. Check the names and values of the parameters; give each parameter once.
api-error-page = Invalid parameter { $name }: “{ $value }”. The page number must be a whole number from 1.
api-error-per-page = Invalid parameter { $name }: “{ $value }”. Items per page must be a whole number from 1 to 500.
api-error-id = Invalid parameter { $name }: “{ $value }”. An id is a positive whole number, such as 42.
api-error-province = Invalid parameter { $name }: “{ $value }”. A province code has 1 or 2 digits, such as 79 for Ho Chi Minh City or 01 for Hà Nội.
api-error-province-required = Missing parameter province: the province to show cannot be determined. Add its code to the request, such as province=79.
api-error-commune = Invalid parameter { $name }: “{ $value }”. A commune code has up to 5 digits, such as 26743.
api-error-year = Invalid parameter { $name }: “{ $value }”. Write the school year as 2025-2026.
api-error-level = Invalid parameter { $name }: “{ $value }”. Use one of: preschool, primary, lower_secondary, upper_secondary, multi_level, continuing_education.
api-error-role = Invalid parameter { $name }: “{ $value }”. Use one of: department_admin, department_specialist, cluster_coordinator, board_member, commune_officer, school_leader, core_teacher, teacher.

## Province overview, clusters, communes and maps
map-no-cluster = In no cluster
map-school-count = { $count ->
    [one] { $count } school
   *[other] { $count } schools
}
map-other-clusters = Other clusters
map-inset-note = A far island drawn apart in a corner of the map, not at its true position, at the same scale as the rest.
map-title-clusters = Professional clusters of { $province }, school year { $year }
map-description-clusters = Each cell is one of { $communes } communes, wards and special zones, drawn around the unit's reference point and coloured by its { $clusters } professional clusters. The borders on the map are estimates, not administrative boundaries. The map's numbers are in the table below it.
map-title-cluster = Map of { $cluster }, school year { $year }
map-description-cluster = The { $communes } communes and wards of { $cluster } are coloured; the other units of { $province } are grey. The borders on the map are estimates, not administrative boundaries. The cluster's communes are listed in the table beside it.
map-table-summary = Table of the map's numbers
map-col-commune = Commune, ward or special zone
map-col-kind = Kind of unit
map-col-cluster = Professional cluster
map-col-schools = Schools

province-notice-invalid-year = “{ $value }” is not a valid school year, so school year { $year } is shown. Write two consecutive years, such as 2025-2026.
province-year = School year
province-year-show = Show
province-communes = Communes, wards and special zones
province-schools = Schools
province-clusters = Professional clusters in { $year }
province-people = People with a role
province-map-heading = Map of professional clusters, school year { $year }
province-no-clusters = School year { $year } has no professional clusters yet.
province-propose-link = Draft a cluster proposal

clusters-title = Professional clusters, school year { $year }
clusters-count = { $count } professional clusters
clusters-col-name = Cluster
clusters-col-communes = Communes and wards
clusters-col-schools = Schools
clusters-total = Total

cluster-year = School year
cluster-communes = Communes and wards of the cluster
cluster-communes-empty = The cluster has no communes or wards.
cluster-schools = Schools of the cluster in { $year }
cluster-board = Cluster coordinating board
cluster-board-empty = The cluster has no coordinating board yet.

board-col-role = Board role
board-col-name = Full name
board-col-affiliation = Works at
board-role-coordinator = Cluster coordinator
board-role-level_head = Head of a school level
board-role-member = Member
affiliation-department = Department of Education and Training
affiliation-commune = Commune People's Committee
affiliation-school = School
board-add = Add a member to the coordinating board
board-field-username = Username of the person to add
board-field-role = Board role
board-field-level = School level led (for heads of a school level only)
board-level-none = No school level
board-field-affiliation = Works at
board-submit = Add to the board
board-error-username-missing = Enter the username of the person to add to the board.
board-error-username-unknown = No user “{ $value }” works in the cluster's province. Check the username on the People page.
board-error-role = Choose a board role: cluster coordinator, head of a school level or member.
board-error-level-missing = Choose the school level this person leads.
board-error-level = There is no school level “{ $value }”. Choose a level from the list.
board-error-affiliation = Choose where the person works: the Department, a commune People's Committee or a school.

override-add = Place a school in this cluster
override-help = The school belongs to this cluster in school year { $year }, even though its commune belongs to another cluster. Other school years do not change.
override-field-school = School number in the system (the last number in the address of the school's page, such as /schools/123)
override-field-reason = Reason
override-submit = Place in the cluster
override-error-school-missing = Enter the number of the school to place in the cluster.
override-error-school-unknown = No school number “{ $value }” exists in the cluster's province. The number is the last part of the address of the school's page.
override-error-reason-missing = Enter the reason for placing the school in this cluster.
override-error-reason-long = The reason is { $length } characters long; the maximum is { $max }.

communes-title = Communes, wards and special zones
communes-search = Search by name
communes-search-hint = With or without tone marks, such as ben thanh
communes-search-submit = Search
communes-count = { $count } units found.
communes-empty = No commune, ward or special zone matches the search.
communes-col-area = Area (km²)
communes-col-population = Population
communes-col-cluster = Professional cluster in { $year }
communes-no-value = Not available

commune-code = Administrative code
commune-former-units = Former units merged into it (before 1 July 2025)
commune-former-units-empty = The official conversion table lists no former unit for this one.
commune-former-col-name = Former commune, ward or township
commune-former-col-district = Former district
commune-former-col-province = Former province
commune-former-col-note = How it merged
commune-note-whole = Merged whole
commune-note-part = Merged in part
commune-note-unchanged = Unchanged
commune-clusters = Professional cluster by school year
commune-clusters-empty = This unit has not been in any professional cluster yet.
commune-schools = Schools in the unit
commune-schools-empty = No school is linked to this unit yet.

audit-action-clusters-add_board_member = Add or update a member of a cluster coordinating board
audit-detail-user_id = User number
audit-detail-board_role = Board role
audit-detail-level = School level
audit-detail-affiliation = Works at


## School import

imports-title = Import the school list
imports-lead = Upload the department's list of schools as an Excel (.xlsx) or CSV file. Each row is matched with today's communes, and nothing is written to the school list until you have reviewed and confirmed it.
imports-upload = Upload a new file
imports-file = School list file (.xlsx or .csv)
imports-file-help = At most { $max_mb } MB. For Excel files, the first sheet with content is read.
imports-upload-submit = Upload and check
imports-columns = Which columns does the file need?
imports-column-name = “Tên trường” (school name, required), such as Trường THPT Trưng Vương.
imports-column-code = “Mã trường” (MOET school code, recommended), with “Mã tỉnh” (MOET province code) when available. With the code, importing the same list again updates the schools already stored instead of adding new ones.
imports-column-place = “Quận/Huyện” (district before 1 July 2025) or “Xã/Phường” (commune today); one of the two is required. When a former district is now split among several communes, you choose each school's commune before importing.
imports-column-level = “Cấp học” (level, optional): Mầm non, Tiểu học, THCS, THPT, Liên cấp or GDTX. When empty, the level is read from the school's name.
imports-column-ownership = “Loại hình” (ownership, optional): Công lập, Tư thục or Dân lập.
imports-columns-handled = Column titles may be in any case, with or without tone marks. Text typed in the TCVN3 (ABC) or VNI encodings, decomposed Unicode (NFD), a BOM at the start of a CSV file, title rows above the table and header cells merged over several rows are all handled.
imports-columns-review = Universities, colleges and vocational schools are excluded automatically; you can still include a row when needed. No school is written until you confirm the import.
imports-batches = Earlier imports
imports-batches-empty = No imports yet.
imports-col-uploaded = Uploaded
imports-col-file = File
imports-col-status = Status
imports-count-total = Rows
imports-count-new = New schools
imports-count-updated = Updated schools
imports-count-unchanged = Unchanged schools
imports-row-status-ready = Ready
imports-row-status-review = Commune to choose
imports-row-status-error = Error
imports-row-status-excluded = Excluded
imports-row-status-duplicate = Duplicate
imports-batch-status-pending = Pending
imports-batch-status-applied = Imported
imports-batch-status-discarded = Discarded
imports-error-no-file = No file was chosen. Choose the school list file (.xlsx or .csv), then select “Upload and check”.
imports-error-malformed = No file was received: the request is not a valid file upload form. Reload the page and choose the file again.
imports-error-too-large = The uploaded file is larger than the { $max_mb } MB limit. Remove sheets you do not need or split the list into several files.
imports-notice-page-past-end = The list of imports has no page { $page }, so page 1 is shown.
imports-notice-invalid-status = The status “{ $value }” is not valid, so the status filter was ignored.
imports-show-title = Import { $id }
imports-show-lead = File “{ $file }”, uploaded on { $date }.
imports-back = ← All imports
imports-apply = Import into the school list
imports-go-apply = Confirm or discard the import ↓
imports-apply-help = Every remaining row is ready. Excluded and duplicate rows are not imported.
imports-apply-unresolved = Rows with errors: { $errors }. Rows still needing a commune: { $reviews }. Fix or exclude them in the table below, or import only the valid rows and skip the rest.
imports-apply-all = Import { $count } { $n ->
        [one] school
       *[other] schools
    }
imports-apply-skip = Import only the { $count } valid { $n ->
        [one] row
       *[other] rows
    } and skip the rest
imports-fix-review = Show the rows needing a commune
imports-fix-errors = Show the rows with errors
imports-discard = Discard this import
imports-result = Result: new schools { $created }, updated { $updated }, unchanged { $unchanged }, rows skipped { $skipped }.
imports-applied-at = Imported into the school list on { $date }.
imports-schools-link = Open the school list
imports-discarded = This import was discarded; no school was written.
imports-upload-again = Upload another file
imports-rows = Rows of the file
imports-rows-count = { $count } { $n ->
        [one] row
       *[other] rows
    }.
imports-rows-empty = No row has this status.
imports-status-all = All
imports-col-row = Row
imports-col-name = School name
imports-col-level = Level
imports-col-moet-code = MOET school code
imports-col-old-district = Former district
imports-col-commune = Commune
imports-col-problems = Notes
imports-col-decision = Decision
imports-unknown = Unknown
imports-candidates = Possibly in: { $communes }
imports-change-new = (new school)
imports-change-updated = (updates a stored school)
imports-change-unchanged = (unchanged)
imports-decision = Decision
imports-decision-choose = — Choose —
imports-decision-communes = The school's commune
imports-decision-include = Include at level
imports-decision-exclude = Exclude from this import
imports-decision-save = Save
imports-decision-included = Included
imports-decision-excluded = Excluded
imports-decision-commune = Chosen: { $commune }
imports-error-decision-missing = No decision was chosen for this row. Choose a commune, a level or “Exclude from this import”, then select “Save”.

# Messages of the import pipeline (crates/caunoi-db/src/import/MESSAGES.ftl.txt).

# The whole file; nothing was staged.

import-file-too-large = The file “{ $file }” is { $size_mb } MB, above the { $max_mb } MB limit. Remove sheets you do not need or split the list into several files.
import-file-too-expanded = The file “{ $file }” decompresses to more than { $max_mb } MB, too large for a list, so it was not read. Open it in Excel, delete extra sheets and formatting and save it again, or save it as .csv.
import-file-too-many-rows = The file “{ $file }” has { $rows } data rows, above the limit of { $max }. Split the list into several files.
import-file-unsupported-type = The file “{ $file }” cannot be read: only Excel .xlsx and text .csv files are accepted. Open an old .xls file in Excel and save it as .xlsx.
import-file-unreadable = The file “{ $file }” cannot be read: it is damaged or not an Excel .xlsx file. Open it in Excel, save it again and upload it once more.
import-file-empty = The file “{ $file }” contains no data. Check that you chose the right file.
import-file-sheet-not-found = The file “{ $file }” has no sheet named “{ $sheet }”. Choose a sheet that the file contains.
import-file-no-header = No header row was found in “{ $file }”. The list needs a header row with a “Tên trường” (school name) column and a “Quận/Huyện” (district) or “Xã/Phường” (commune) column; “Mã trường”, “Mã tỉnh”, “Tỉnh”, “Cấp học” and “Loại hình” are optional.
import-file-missing-place-column = The file “{ $file }” has no location column. Add a “Quận/Huyện” column (district before 1 July 2025), or a “Xã/Phường” or “Mã xã” column (commune today), so that each school can be placed in its commune.
import-file-no-data-rows = The file “{ $file }” has a header row but no schools. Fill in the list below the header row.

# One row of the file.

import-error-missing-name = Row { $row }: the school name is missing. Fill in the “{ $column }” column or delete the row from the file.
import-error-missing-place = Row { $row }: the school's location is missing. Fill in the “Quận/Huyện” (district) or “Xã/Phường” (commune) column.
import-error-unknown-level = Row { $row }: the level of “{ $value }” cannot be read from its name. Fill in the “Cấp học” column (Mầm non, Tiểu học, THCS, THPT, Liên cấp or GDTX), or choose a level when you include the row.
import-warning-invalid-level = Row { $row }: “{ $value }” in the “{ $column }” column is not a valid level, so the level was taken from the school's name. Valid values: Mầm non, Tiểu học, THCS, THPT, Liên cấp, GDTX.
import-warning-invalid-ownership = Row { $row }: “{ $value }” in the “{ $column }” column is not a valid type, so public or private was taken from the school's name. Valid values: Công lập, Tư thục, Dân lập.
import-excluded-not-a-school = Row { $row }: “{ $value }” is { $kind ->
        [university] a university or academy
        [college] a college
        [vocational_school] a vocational school
       *[other] an office or institution that is not a general-education school
    }, so it is not imported. If it is a school, include it and choose its level.
import-excluded-by-person = Row { $row }: excluded from this import by a person's choice.
import-error-province-outside = Row { $row }: the province “{ $old_province }” is not part of { $province }. Delete the row or check the “{ $column }” column.
import-error-unknown-district = Row { $row }: the former district “{ $value }” is not in the administrative conversion table. Check the district's name, or fill in today's commune in the “Xã/Phường” column.
import-warning-district-guessed = Row { $row }: the district “{ $value }” was read as { $district }. Check it and choose the school's commune.
import-info-former-district = Row { $row }: the district “{ $value }” was merged or renamed before 2025; it is now part of { $district }.
import-warning-unknown-old-commune = Row { $row }: the former commune “{ $value }” was not found in { $district }, so every commune formed from that district is offered. Check the former commune's name.
import-error-unknown-commune = Row { $row }: no commune named “{ $value }” was found in { $province }. Write today's commune (since 1 July 2025), such as “Phường Sài Gòn”, or leave the “{ $column }” column empty and fill in the district.
import-error-unknown-commune-code = Row { $row }: “{ $value }” is not the code of a commune of { $province }. Write the five-digit code from today's list, or leave the “{ $column }” column empty.
import-warning-commune-is-old = Row { $row }: “{ $value }” is a commune from before 1 July 2025, so the school is matched with the communes formed from it. Write today's commune if you know it.
import-warning-commune-outside-district = Row { $row }: the commune “{ $value }” was not formed from the former district “{ $district }”. The commune is used as written; check one of the two columns.
import-review-several-communes = Row { $row }: { $count ->
        [1] confirm the school's commune.
       *[other] “{ $value }” is now split among { $count } communes. Choose the school's commune.
    }
import-duplicate-row = Row { $row }: repeats row { $first_row } (same school code, or same name and location), so only row { $first_row } is imported.

# Review and apply.

import-error-batch-not-pending = Import { $batch } { $status ->
        [applied] has already been applied
        [discarded] was discarded
       *[other] is no longer pending
    }, so it cannot be changed or applied again. Upload the file to start a new import.
import-error-unresolved-rows = { $errors } rows have errors and { $reviews } rows still need a commune. Fix or exclude them, or confirm “Import the valid rows and skip the rest”.
import-error-decision-not-candidate = Row { $row }: the commune with code { $value } is not among the communes offered for this school. Choose one from the list.
import-error-decision-not-allowed = Row { $row }: this choice is not possible for a row that is { $status ->
        [ready] ready
        [review] waiting for a commune
        [error] in error
        [excluded] excluded
        [duplicate] a duplicate
       *[other] { $status }
    }. Include works only for excluded rows and rows whose level is unknown; duplicates cannot be changed.
import-error-decision-invalid = The choice “{ $value }” is not valid. Choose a commune, include with a level, or exclude.

## Password
password-title = Change password
password-lead = The new password needs at least 10 characters. If you just logged in with a one-time password, set your own now.
password-current = Current password
password-new = New password
password-confirm = Repeat the new password
password-submit = Save the new password
password-error-current = The current password is wrong. Enter the password you just logged in with.
password-error-too-short = The new password is too short: it needs at least 10 characters.
password-error-mismatch = The two new passwords differ. Type the same password twice.
password-error-unchanged = The new password must differ from the current one.
me-change-password = Change password
audit-action-users-create = User created
audit-action-users-change_password = Password change

proposals-save-confirm = Save this layout for the school year? Once saved, this year's clusters cannot be overwritten by another proposal.

## Requests from schools (kiến nghị, phản ánh) and published answers
request-category-curriculum = Curriculum
request-category-teaching_methods = Teaching methods
request-category-assessment = Testing and assessment
request-category-personnel = Staff and personnel
request-category-facilities = Facilities and equipment
request-category-digital = IT and digital transformation
request-category-administration = Administration and reporting
request-category-other = Other
request-status-open = Open
request-status-in_progress = In progress
request-status-answered = Answered
request-status-closed = Closed
request-level-cluster = Cluster board
request-level-department = Department
requests-title-province = Requests from schools
requests-title-cluster = Requests to { $cluster }
requests-title-school = Requests of { $school }
requests-new = Raise a request
requests-search = Search requests
requests-search-hint = Words, with or without tone marks
requests-field-status = Status
requests-field-category = Category
requests-field-level = Handled by
requests-field-cluster = Cluster
requests-field-school = School
requests-school-hint = School name
requests-filter-pending = Pending (open, in progress)
requests-filter-all = All statuses
requests-filter-all-categories = All categories
requests-filter-all-levels = Any handler
requests-filter-all-clusters = All clusters
requests-counts-label = Requests per category
requests-count = { $count } requests found.
requests-empty = No request matches the filters.
requests-col-title = Request
requests-col-school = School
requests-col-category = Category
requests-col-status = Status
requests-col-level = Handled by
requests-col-owner = Owner
requests-col-created = Raised
requests-col-due = First answer due
requests-col-messages = Messages
requests-no-owner = Not assigned
requests-overdue = First answer overdue
requests-age-days = { $days ->
        [0] today
        [one] 1 day ago
       *[other] { $days } days ago
    }
requests-notice-invalid-status = There is no status “{ $value }”, so the list shows the default statuses. Choose a status from the list.
requests-notice-invalid-category = There is no category “{ $value }”, so the category filter was ignored. Choose a category from the list.
requests-notice-invalid-level = There is no handler “{ $value }”, so this filter was ignored. Choose the cluster board or the department.
requests-notice-invalid-cluster = There is no cluster “{ $value }” in the current school year, so the cluster filter was ignored. Choose a cluster from the list.
requests-new-title = Raise a request
requests-back-school = ← The school's requests
requests-destination-cluster = The request goes to the coordinating board of { $cluster }.
requests-destination-department = The school is in no cluster this school year, so the request goes straight to the department.
requests-due-note = The first answer is due within { $days } working days.
requests-about-directive = About the directive:
requests-choose-category = Choose a category
requests-field-title = Title
requests-field-title-help = One short sentence stating the problem, at most 200 characters.
requests-field-body = Details
requests-field-body-help = Describe the problem, where it arises and what the school proposes; at most 10,000 characters.
requests-submit = Send the request
requests-error-category-missing = Choose the request's category.
requests-error-category = There is no category “{ $value }”. Choose a category from the list.
requests-error-title-missing = Enter a title for the request.
requests-error-title-long = The title has { $length } characters, more than the maximum of { $max }. Shorten it and put the details in the body.
requests-error-body-missing = Enter the text.
requests-error-body-long = The text has { $length } characters, more than the maximum of { $max }. Shorten it or split it into several messages.
requests-error-note-missing = Enter a note.
requests-error-note-long = The note has { $length } characters, more than the maximum of { $max }. Shorten it.
requests-error-question-missing = Enter the question.
requests-error-question-long = The question has { $length } characters, more than the maximum of { $max }. Shorten it.
requests-error-answer-missing = Enter the answer.
requests-error-answer-long = The answer has { $length } characters, more than the maximum of { $max }. Shorten it.
requests-error-directive = Directive “{ $value }” is not among the directives the school received. Open the directive in the school's inbox and raise the request from its page.
requests-error-status-missing = Choose the new status.
requests-error-status = There is no status “{ $value }”. Choose a status from the list.
requests-error-unchanged = The request already has this status. Choose another one.
requests-error-transition = The request cannot move to this status from its current one. Choose a status from the list.
requests-error-transition-named = The request cannot move from “{ $from }” to “{ $to }”. Choose a status from the list.
requests-error-closed = The request is closed. Reopen it before replying, assigning it or passing it to the department.
requests-error-already-escalated = The request was already passed to the department.
requests-error-owner = The person chosen is not on the cluster board or department handling this request. Choose someone from the list.
requests-error-owner-missing = Choose the owner.
requests-error-owner-value = Owner id “{ $value }” is invalid. Choose someone from the list.
requests-error-same-owner = This person already owns the request.
requests-error-changed = Someone else updated the request a moment ago. Reload the page, check the change and try again.
requests-error-escalate-missing = Enter why the request goes to the department, so that its specialists understand the problem.
requests-back = ← Requests
requests-back-request = ← Back to the request
requests-field-owner = Owner
requests-field-directive = Directive
requests-field-created = Raised
requests-field-due = First answer due
requests-first-answered = first answered { $date }
requests-field-closed = Closed
requests-thread = Messages
requests-thread-empty = No messages yet.
requests-thread-school = School
requests-thread-reply = replied
requests-thread-status = changed the status
requests-thread-escalate = passed it to the department
requests-thread-assign = assigned it to { $owner }
requests-thread-change = Status: { $from } → { $to }
requests-reply-title = Reply
requests-field-reply = Your reply
requests-field-marks-answer = This reply answers the request (sets it to “Answered”)
requests-reply-submit = Send the reply
requests-status-title = Change the status
requests-field-new-status = New status
requests-field-note = Note (optional)
requests-status-submit = Change the status
requests-assign-title = Assign
requests-assign-submit = Assign
requests-escalate-title = Pass to the department
requests-escalate-help = Use this when the problem is beyond the cluster's authority. The department's specialists then handle it; the board can still read it but no longer handles it.
requests-field-escalate-note = Reason
requests-escalate-submit = Pass to the department
requests-publish-link = Publish as a frequent question
answers-title = Frequent questions
answers-lead = Answers the department has published for every school of the province.
answers-new = Publish an answer
answers-new-lead = The question and answer will be visible to every school of the province. Leave out names of people and schools unless they are needed.
answers-search = Search questions
answers-empty = No published answer matches the search.
answers-count = { $count } answers.
answers-back = ← Frequent questions
answers-published = published { $date }
answers-from-request = Open the original request
answers-field-question = Question
answers-field-answer = Answer
answers-submit = Publish
notification-request-new = { $school } raised a request: { $title }
notification-request-escalated = A cluster board passed a request of { $school } to the department: { $title }
notification-request-escalated-school = The request “{ $title }” was passed to the department.
notification-request-reply = New reply to the request “{ $title }”.
notification-request-school-reply = { $school } wrote more on the request “{ $title }”.
notification-request-assigned = You were assigned the request “{ $title }” of { $school }.
notification-request-status = The request “{ $title }” is now { $status ->
        [open] open
        [in_progress] in progress
        [answered] answered
        [closed] closed
       *[other] { $status }
    }.
audit-action-requests-raise = Raise a request
audit-action-requests-reply = Reply to a request
audit-action-requests-status = Change a request's status
audit-action-requests-assign = Assign a request
audit-action-requests-escalate = Pass a request to the department
audit-action-requests-publish_answer = Publish a frequent question
audit-entity-request = Request
audit-entity-published_answer = Frequent question
audit-detail-request_id = Request id
audit-detail-handler_level = Handled by
audit-detail-status_from = Status before
audit-detail-status_to = Status after
audit-detail-school_side = Done by the school
audit-detail-owner_id = Owner id
requests-field-files = Attached files (optional)
requests-files-again = The chosen files were not kept because the form has errors; choose them again before sending.
requests-error-form-too-long = The form is too long. Shorten it, or put the long part in an attached file.
audit-detail-files = Attached files
requests-api-error-json = The body is not valid JSON for this operation. Check the name, type and presence of each field in the OpenAPI document.
requests-api-error-status = Parameter { $name } is invalid: “{ $value }”. Use pending, open, in_progress, answered or closed.
requests-api-error-category = Parameter { $name } is invalid: “{ $value }”. Use a category code such as curriculum, assessment or facilities.
requests-api-error-level = Parameter { $name } is invalid: “{ $value }”. Use cluster or department.

## Directives, sender side

directive-kind-dispatch = Official dispatch
directive-kind-plan = Plan
directive-kind-guidance = Guidance
directive-kind-decision = Decision
directive-kind-notice = Notice
directive-status-draft = Draft
directive-status-published = Published
directive-status-withdrawn = Withdrawn

notify-directive-published = New directive { $number } “{ $title }” has been sent to your school.
notify-directive-amended = Directive { $number } “{ $title }” was amended (version { $version }); please acknowledge it again.
notify-directive-withdrawn = Directive { $number } “{ $title }” was withdrawn. Reason: { $reason }

directives-title = Directives
directives-back = ← List of directives
directives-count = { $count } directives
directives-empty = No directive matches the filters.
directives-tabs-label = Filter by status
directives-tab-all = All ({ $count })
directives-tab = { $status } ({ $count })
directives-search = Search directives
directives-search-hint = Number, symbol, title, summary or attachment name
directives-kind-all = Every kind
directives-new-department = New directive of the department
directives-new-cluster = New directive of the { $cluster } board
directives-col-number = Number and symbol
directives-col-title = Title
directives-col-sender = Sent by
directives-col-status = Status
directives-col-date = Date
directives-col-acknowledged = Acknowledged
directives-notice-invalid-status = There is no status “{ $value }”, so every status is shown. Choose Draft, Published or Withdrawn.
directives-notice-invalid-kind = There is no kind “{ $value }”, so every kind is shown. Choose a kind from the list.

directives-new-title = New directive
directives-new-lead = The directive is saved as a draft of { $sender }. After saving, you attach files and review the receiving schools before publishing.
directives-edit-title = Edit draft { $number }
directives-edit-lead = The draft has not reached any school; after saving you will review the receiving schools before publishing.
directives-amend-title = Amend directive { $number }
directives-amend-lead = The new content is published as version { $version }. Every receiving school is notified and must acknowledge again; the audience stays the same.
directives-amend-submit = Publish the amendment
directives-save-draft = Save draft
directives-cancel = Cancel
directives-form-has-errors = The directive was not saved because some fields are invalid. Correct the fields below and save again:
directives-form-document = Document
directives-form-deadline = Acknowledgement deadline
directives-form-deadline-help = Optional. With a deadline, schools that have not acknowledged are reminded before it and once it has passed. Times are Vietnam time; without a time, 17:00 is used.
directives-form-audience = Audience
directives-form-audience-help = The conditions combine: lower secondary with two clusters sends to the lower-secondary schools of those two clusters. Named schools are added even when they do not meet the conditions.
directives-field-kind = Kind
directives-field-number = Number and symbol
directives-field-number-help = As printed, for example 1581/SGDĐT-GDTrH.
directives-field-issuing-body = Issuing body
directives-field-signer = Signed by
directives-field-issued-on = Issue date
directives-field-date-help = Day/month/year, for example 05/09/2025.
directives-field-title = Title
directives-field-summary = Summary
directives-field-body = Body
directives-field-body-help = Plain text; leave a blank line between paragraphs.
directives-field-sender = Sent by
directives-field-deadline = Acknowledgement deadline
directives-field-deadline-date = Deadline date
directives-field-deadline-time = Deadline time
directives-field-remind = Reminder lead time (hours)
directives-field-remind-help = Hours before the deadline to remind schools that have not acknowledged, from 1 to 720; 24 by default.
directives-field-clusters = Professional clusters
directives-field-communes = Communes
directives-field-communes-help = Enter five-digit codes or commune names separated by commas, for example: 26743, Phường Sài Gòn. Leave empty to not filter by commune.
directives-communes-list = Show the codes of { $count } communes
directives-field-levels = Levels
directives-field-ownerships = Ownership
directives-field-schools = Named schools
directives-field-schools-help = One school per line: its MOET code, its number as #123 (as on the school's page), or its full name.
directives-field-roles = Recipients inside each school
directives-field-roles-help = School leaders always receive it and acknowledge it. Tick more to let core teachers or teachers see it too.
directives-field-change-note = What changed
directives-field-change-note-help = Say briefly what changed; schools read this note when they acknowledge again.
directives-field-reason = Reason for withdrawal
directives-audience-scope = Scope
directives-audience-everyone = Every school of the province
directives-audience-everyone-cluster = Every school of the cluster
directives-fact-remind = Reminder to schools not yet acknowledged
directives-remind-hours = { $hours } hours before the deadline
directives-no-deadline = No deadline

directives-version = Version { $version }
directives-edit = Edit draft
directives-delete = Delete draft
directives-delete-confirm = Delete this draft for good? It cannot be restored.
directives-publish = Publish to { $count } schools
directives-tracking = Follow acknowledgements
directives-amend = Amend
directives-withdraw = Withdraw
directives-counts = Sent to { $recipients } schools: { $read } have read and { $acknowledged } have acknowledged the current version.
directives-withdrawn-at = Withdrawn on { $date }
directives-preview-title = Schools that will receive it
directives-preview-total = The audience currently selects { $count } schools. The list is resolved again at publication.
directives-preview-empty = The audience selects no school yet. Edit the draft to choose clusters, communes, levels or named schools.
directives-preview-cluster = Cluster
directives-preview-commune = Commune
directives-preview-schools = Schools
directives-preview-list = List of schools
directives-preview-no-cluster = In no cluster
directives-preview-no-commune = Commune unknown
directives-history = History
directives-files = Attached files
directives-files-none = No file attached yet.
directives-files-add = Add files to the draft
directives-files-upload = Upload files
directives-file-remove = Remove file
directives-error-no-file = No file was chosen. Choose one or more files, then upload again.
directives-history-first = First publication.
directives-withdraw-title = Withdraw directive
directives-withdraw-lead = Schools still see the directive, marked withdrawn with the reason, but can no longer acknowledge it. This cannot be undone.
directives-withdraw-submit = Withdraw directive

directives-error-missing = { $field ->
    [number_symbol] The number and symbol are missing. Enter them as printed, for example 1581/SGDĐT-GDTrH.
    [issuing_body] The issuing body is missing, for example Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh.
    [title] The title of the directive is missing.
    [change_note] Say what changed, so that schools know what they acknowledge again.
    [reason] The reason for withdrawal is missing. Schools will read it.
   *[other] This field is empty; enter a value.
}
directives-error-too-long = { $field ->
    [number_symbol] The number and symbol are
    [issuing_body] The issuing body is
    [signer] The signer is
    [title] The title is
    [summary] The summary is
    [body] The body is
    [change_note] The change note is
    [reason] The reason is
   *[other] The value is
} { $length } characters long, over the limit of { $max }. Shorten it.
directives-error-kind = There is no kind “{ $value }”. Choose official dispatch, plan, guidance, decision or notice.
directives-error-number = The number and symbol “{ $value }” lack the document number or the “/”. Enter them as printed, for example 1581/SGDĐT-GDTrH.
directives-error-date = { $field ->
    [issued_on] The issue date
   *[other] The deadline date
} “{ $value }” is not a valid date. Enter day/month/year, for example 05/09/2025.
directives-error-time = The deadline time “{ $value }” is invalid. Enter hours:minutes on a 24-hour clock, for example 17:00.
directives-error-time-without-date = A deadline time { $value } was entered without a date. Enter the date, or clear the time if the directive needs no deadline.
directives-error-deadline-past = The deadline { $value } has passed. Choose a later time, or leave it empty for no deadline.
directives-error-deadline-far = The deadline { $value } is more than a year away. Check the year, or leave it empty for no deadline.
directives-error-issued-future = The issue date { $value } is far in the future. Enter the date the document was signed, as dd/mm/yyyy.
directives-error-remind = The reminder lead time “{ $value }” is invalid. Enter a whole number of hours from 1 to { $max }; 24 by default.
directives-error-audience-empty = No receiving school is chosen. Tick “Every school”, or choose at least one cluster, commune, level, ownership or named school.
directives-error-cluster = “{ $value }” is not a cluster of the province's current school year. Choose one from the list.
directives-error-commune = No commune “{ $value }” in the province. Enter five-digit codes (for example 26743) or full names, separated by commas.
directives-error-outside-cluster = { $field ->
    [clusters] Cluster “{ $value }” is
    [communes] Commune “{ $value }” is
   *[other] School “{ $value }” is
} outside the board's cluster. A cluster board sends only to the schools of its cluster; the department sends elsewhere.
directives-error-school = The line “{ $value }” matches no school of the province. Each line is a MOET school code, a number such as #123, or the school's full name.
directives-error-school-ambiguous = The name “{ $value }” matches { $count } schools. Use the MOET code or a number such as #123 to name one.
directives-error-too-many-schools = The list names { $count } schools, over the limit of { $max }. Choose by cluster, commune or level instead.
directives-error-role = The role “{ $value }” does not receive directives inside a school. Choose core teacher or teacher; school leaders always receive them.
directives-error-choice = { $field ->
    [levels] Level
    [ownerships] Ownership
    [roles] Role
   *[other] Choice
} “{ $value }” is not in the list. Choose one from the list.
directives-error-cluster-year = This cluster belongs to school year { $year }, but the current year is { $current }. A board sends only from a cluster of the current year.
directives-error-not-draft = This directive is published, so it cannot be edited or deleted as a draft. Use “Amend” to publish a new version, or “Withdraw”.
directives-error-not-published = Only a published directive can be amended or withdrawn. This one is a draft or already withdrawn.
directives-error-publish-deadline = The deadline { $value } has passed, so the directive cannot be published. Edit the draft to set a new deadline or remove it.
directives-error-publish-no-school = The audience selects no school, so the directive cannot be published. Edit the draft to choose its audience.
directives-api-error-json = The request body is not JSON of the expected schema: { $detail }. See the schema in the OpenAPI document at /api/openapi.json.
directives-api-error-deadline = ack_deadline “{ $value }” is invalid. Use RFC 3339, for example 2026-12-20T17:00:00+07:00.
directives-api-error-parameter = Parameter { $name } has the invalid value “{ $value }”. See the allowed values in the OpenAPI document.

## Notifications, email and reminders
nav-notifications = Notifications
nav-notifications-unread = { $count } unread notifications
notifications-title = Notifications
notifications-unread-summary = { $count ->
    [0] You have read all your notifications.
    [one] You have one unread notification.
   *[other] You have { $count } unread notifications.
}
notifications-filter-label = Filter notifications
notifications-show-all = All
notifications-show-unread = Unread
notifications-read-all = Mark all as read
notifications-settings-link = Email settings
notifications-empty = No notifications yet. Notifications about directives, acknowledgement reminders and requests appear here.
notifications-empty-unread = No unread notifications.
notifications-unread = Unread
notifications-mark-read = Mark as read
notifications-notice-invalid-show = There is no filter “{ $value }”, so all notifications are shown. Choose “All” or “Unread”.
notification-kind-directive = Directives
notification-kind-reminder = Deadline reminders
notification-kind-request_new = New requests
notification-kind-request_reply = Replies to requests
notification-kind-request_status = Request status
notifications-settings-title = Notifications by email
notifications-settings-lead = Every notification always appears in the app. Choose which kinds are also sent by email.
notifications-settings-legend = Send by email
notifications-settings-help-directive = When a directive is published, amended, withdrawn or forwarded to you. Default: on.
notifications-settings-help-reminder = When your school's acknowledgement deadline is near or has passed. Default: on.
notifications-settings-help-request_new = When a school raises a request you help handle. Default: on.
notifications-settings-help-request_reply = When someone replies in a request you follow. Default: on.
notifications-settings-help-request_status = When a request you follow changes status, owner or handling level. Default: off.
notifications-settings-save = Save settings
notifications-settings-saved = Settings saved.
notifications-settings-no-email = Your account has no email address, so no email reaches you yet. Ask an administrator to add one; these settings apply from then on.
notifications-settings-error-kind = There is no notification kind “{ $value }”. Choose again from the list below and save.
notifications-back = Back to notifications
notifications-api-error-unread = Parameter { $name } is invalid: “{ $value }”. Use true for unread notifications only, or false for all.
notify-reminder-before-deadline = The acknowledgement deadline of directive { $number } “{ $title }” is near ({ $deadline }); your school has not acknowledged it.
notify-reminder-overdue = The acknowledgement deadline of directive { $number } “{ $title }” has passed ({ $deadline }); your school has not acknowledged it.
email-subject = [Cầu Nối] { $line }
email-english-below = — English version —
email-greeting = Dear { $name },
email-open = See the details: { $url }
email-footer = You receive this email because you chose to get “{ $kind }” notifications by email. Change your settings at: { $settings }
audit-action-directive-remind = Reminded schools of an acknowledgement deadline
audit-action-notification-settings = Changed email notification settings
audit-entity-user = User
audit-detail-reminder_step = Reminder step
audit-detail-reminder_version = Directive version
audit-detail-reminded_schools = Schools reminded
audit-detail-reminded_people = People notified
audit-detail-emailed_kinds = Kinds sent by email

## Attachments
# $name: the file name as the user chose it
uploads-error-type = The file “{ $name }” is not a PDF, Word (DOCX, DOC), Excel (XLSX, XLS) or image (JPEG, PNG, WebP) file: choose a file of one of these types, or save the document as PDF and upload it again. The type is read from the content, not from the file name's extension.
# $name, $max_mb
uploads-error-too-large = The file “{ $name }” is larger than { $max_mb } MB: lower the resolution of the image or scan, or split it into smaller files and upload them again.
uploads-error-body-too-large = The file “{ $name }” is too large for this form: choose a smaller file and send again.
uploads-error-empty = The file “{ $name }” is empty (0 bytes): check the file on your device and choose it again.
# $name, $max
uploads-error-too-many = At most { $max } files can be sent at once, so “{ $name }” and the files after it were not received: remove some files, or send the rest next time.
uploads-error-timeout = The form's data stopped arriving for too long: check your network connection and send again.
uploads-error-malformed = The submitted form could not be read: reload the page and send again.
# $max_kb
uploads-error-text-too-long = The text entered in the form is longer than { $max_kb } KB: shorten it, or put the long part in an attached file.
uploads-error-storage = The file “{ $name }” could not be saved because of a server problem: send it again in a few minutes, and tell the system administrator if it still fails.
# $max_mb, $max
uploads-hint = PDF, Word, Excel or image files (JPEG, PNG, WebP); each file up to { $max_mb } MB, up to { $max } files at once.
attachments-title = Attachments
attachments-download-file = Download { $name }
attachment-kind-pdf = PDF
attachment-kind-docx = Word
attachment-kind-doc = Word 97–2003
attachment-kind-xlsx = Excel
attachment-kind-xls = Excel 97–2003
attachment-kind-jpg = JPEG image
attachment-kind-png = PNG image
attachment-kind-webp = WebP image
attachment-size-kb = { $size } KB
attachment-size-mb = { $size } MB

## Directives, receiving side and tracking

inbox-title = Directives received by { $school }
my-directives-title = Directives sent to me
inbox-empty = No directive matches the filters yet.
my-directives-empty = No directive has reached you through the schools where you work, or none matches the filters.
# $count (formatted)
inbox-count = { $count } directives
inbox-search = Search directives
inbox-search-hint = Number, symbol, title, summary or attachment name
inbox-status = Status
inbox-status-all = Any status
inbox-status-not_opened = Not opened
inbox-status-read = Read
inbox-status-acknowledged = Acknowledged
inbox-status-overdue = Overdue
inbox-notice-invalid-status = There is no status “{ $value }”, so every status is shown. Choose Not opened, Read, Acknowledged or Overdue.
inbox-col-directive = Directive
inbox-col-school = Receiving school
inbox-col-published = Sent
inbox-col-deadline = Acknowledge by
inbox-col-status = Status
inbox-no-deadline = No deadline
inbox-no-value = Not yet
inbox-withdrawn = Withdrawn
# $version (formatted)
inbox-amended = Version { $version }
inbox-amended-acknowledge-again = Version { $version } — acknowledge again
inbox-amended-notice = This directive was amended and is now version { $version }. The school must acknowledge this version again.
# $note
inbox-change-note = What changed: { $note }
inbox-change-note-col = What changed
inbox-versions = Versions
inbox-tracking-link = Track the receiving schools
# $at
inbox-withdrawn-at = This directive was withdrawn on { $at }; the school no longer needs to acknowledge it.
# $reason
inbox-withdraw-reason = Reason for withdrawal: { $reason }
inbox-choose-school = This directive was sent to several schools you lead. Choose a school to read, acknowledge or forward it:
inbox-field-kind = Kind
inbox-field-number = Number and symbol
inbox-field-issuing-body = Issuing body
inbox-field-signer = Signed by
inbox-field-issued-on = Issue date
inbox-field-published = Sent
inbox-field-deadline = Acknowledge by
inbox-field-version = Version
inbox-field-summary = Summary
inbox-field-body = Text
inbox-attachments = Attachments
inbox-attachments-empty = This directive has no attachments.
# $school
inbox-receipt-title = Status at { $school }
inbox-receipt-read = Read
inbox-receipt-acknowledged = Acknowledged
inbox-receipt-note = Note sent with the acknowledgement
# $at (dd/mm/yyyy HH:MM), $name
inbox-receipt-at-by = { $at }, { $name }
inbox-ack-note = Note for the sender (optional)
inbox-ack-hint = Acknowledging tells the sender that the school received this directive and will carry it out. Each version needs one acknowledgement.
inbox-ack-submit = Acknowledge receipt
inbox-raise-request = Raise a request about this directive
inbox-done-acknowledged = The directive is acknowledged for the school.
inbox-done-already-acknowledged = The school had already acknowledged this version, so nothing changed.
# $count
inbox-done-forwarded = { $count ->
        [0] Everyone chosen had already received this directive, so nothing changed.
        [one] Forwarded to 1 person, who will be notified.
       *[other] Forwarded to { $count } people, who will be notified.
    }
inbox-error-withdrawn = This directive was withdrawn, so it can no longer be acknowledged or forwarded.
# $length, $max
inbox-error-note-too-long = The note has { $length } characters, more than the { $max } allowed. Shorten it and acknowledge again.
inbox-forward-title = Forward to teachers and staff
inbox-forwarded-to = Forwarded to:
inbox-forward-choose = Choose people of the school
inbox-forward-already = already forwarded
inbox-forward-submit = Forward
inbox-forward-nobody = Nobody else of the school has an account to forward to.
inbox-error-forward-empty = Nobody was chosen. Tick at least one person in the list, then press Forward.
inbox-error-forward-person = The person with id “{ $value }” does not work at this school. Choose only people from the list below.
# $number, $title, $school
notify-directive-forwarded = { $school } forwarded directive { $number } “{ $title }” to you.

# $number
tracking-title = Tracking directive { $number }
tracking-withdrawn = This directive was withdrawn; the statuses below are those at the withdrawal.
# $at
tracking-deadline = Acknowledge by: { $at }
tracking-no-deadline = This directive has no acknowledgement deadline.
tracking-counts = Summary
tracking-by-cluster = By cluster
tracking-by-commune = By commune
tracking-schools = Receiving schools
tracking-col-school = School
tracking-col-cluster = Cluster
tracking-col-commune = Commune
tracking-col-level = Level
tracking-col-read = Read at
tracking-col-acknowledged = Acknowledged at
tracking-col-note = Note
tracking-col-total = Total
tracking-no-group = No cluster or commune
tracking-cluster-all = Every cluster
tracking-commune-all = Every commune
tracking-level-all = Every level
tracking-search = Search schools
tracking-search-hint = School name; tone marks optional
tracking-schools-empty = No school matches the filters.
# $count (formatted)
tracking-school-count = { $count } schools match the filters
tracking-export = Download as Excel (.xlsx)
tracking-notice-invalid-cluster = Cluster “{ $value }” is not in the part you track, so every cluster is shown. Choose a cluster from the list.
tracking-notice-invalid-commune = Commune “{ $value }” is not in the part you track, so every commune is shown. Choose a commune from the list.
tracking-notice-invalid-level = There is no level “{ $value }”, so every level is shown. Choose a level from the list.
tracking-export-sheet-schools = Receiving schools
tracking-export-sheet-counts = Summary
tracking-export-col-number = No.
tracking-export-col-school = School
tracking-export-col-level = Level
tracking-export-col-cluster = Cluster
tracking-export-col-commune = Commune
tracking-export-col-status = Status
tracking-export-col-read-at = Read at
tracking-export-col-read-by = Read by
tracking-export-col-acknowledged-at = Acknowledged at
tracking-export-col-acknowledged-by = Acknowledged by
tracking-export-col-note = Acknowledgement note
tracking-export-col-group = Group
tracking-export-col-name = Name
tracking-export-group-all = All
tracking-export-group-cluster = Cluster
tracking-export-group-commune = Commune
tracking-export-directive = Directive
tracking-export-generated-at = Exported at

api-error-school-required = The school parameter is missing: give the id of the school whose inbox to list, such as school=42.
api-error-receipt-status = Invalid { $name }: “{ $value }”. Use one of not_opened, read, acknowledged, overdue.
api-error-acknowledge-body = Invalid request body. Send JSON such as {"{"}"school": 42, "note": "…"{"}"}, where school is the receiving school's id and note is optional.

audit-action-directive-acknowledge = Acknowledge a directive
audit-action-directive-forward = Forward a directive inside a school
audit-detail-receiving_school_id = Receiving school id
audit-detail-acknowledged_version = Version acknowledged
audit-detail-with_note = With a note
audit-detail-forwarded_to = Ids of the people forwarded to
