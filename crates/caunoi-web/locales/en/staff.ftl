## Staff records of the personnel map: lists, records, the edit form and imports.

staff-title = Staff
staff-title-school = Staff of { $school }
staff-search = Search by name
staff-search-hint = For example: nguyen van an
staff-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
staff-empty = No records yet. Import the staff list from an .xlsx or .csv file.
staff-col-name = Full name
staff-col-code = Staff code
staff-col-position = Position
staff-col-qualification = Qualification
staff-col-subjects = Subjects taught
staff-col-periods = Periods per week
staff-import-link = Import a list
staff-export-link = Download the list (.xlsx)
staff-my-record = My record
staff-core-teacher = Core teacher
staff-no-value = Not set

staff-record-title = Staff record
staff-field-full-name = Full name
staff-field-gender = Gender
staff-field-staff-code = Staff code
staff-field-position = Position
staff-field-qualification = Qualification level
staff-field-trained-major = Trained major
staff-field-subjects-taught = Subjects taught
staff-field-periods = Periods per week
staff-field-roles = Duties
staff-field-core-teacher = Core teacher
staff-field-birth-date = Date of birth
staff-field-identity-number = Identity number
staff-field-phone = Phone
staff-field-email = Email
staff-field-certificates = Subjects from certificates or a second degree
staff-field-standard-rating = Professional-standard rating
staff-field-teaching-level = Level taught
staff-field-available = Work status
staff-teaching-level-school = The school's level
staff-available-yes = At work
staff-available-no = Away (long leave, study, secondment)
staff-on-probation = On probation
staff-personal-heading = Protected personal data
staff-personal-note = Only the person, the school's leaders and the department's personnel staff can see this part. Every view is written to the audit log.
staff-competencies = Subjects qualified or assigned
staff-no-competencies = No subjects known.
staff-duties = Duties
staff-no-duties = No duties.
staff-edit-link = Edit record
staff-back-to-list = Back to the list

staff-edit-title = Edit record: { $name }
staff-edit-own-note = You are editing your own record. The school updates qualification, trained major, position, subjects taught, certificates, periods, duties, level taught and the professional-standard rating; ask the school's leaders to change them.
staff-edit-roles-hint = Separated by commas, for example: GVCN 6A1, Tổ trưởng
staff-edit-certificates-hint = Subjects a certificate or a second degree qualifies for, separated by commas, for example: English, Informatics
staff-edit-save = Save record
staff-edit-saved = Record saved.
staff-edit-invalid = The record was not saved. Correct the marked fields; everything you typed is kept.

staff-import-title = Import a staff list
staff-import-intro = Upload an .xlsx or .csv file in the layout the school keeps: full name, date of birth, gender, staff code, position, qualification, trained major, subjects taught, periods per week, duties (GVCN, Tổ trưởng, Cốt cán, Tập sự…), subjects from certificates or a second degree, professional-standard rating, level taught, identity number, phone, email. Importing the same list again updates the records instead of duplicating them.
staff-import-file = List file
staff-import-upload = Upload and preview
staff-import-missing-file = No file chosen. Choose an .xlsx or .csv file and upload again.
staff-import-preview = Preview of “{ $file }”: { $rows } rows, { $errors } with errors.
staff-import-has-problems = The file has errors, so it cannot be imported yet. Correct the rows below in the file and upload it again; nothing has been saved.
staff-import-ready = Every row is valid. Choose “Confirm import” to save them all at once.
staff-import-confirm = Confirm import
staff-import-discard = Discard
staff-import-done = Imported { $rows } rows: { $created } new records, { $updated } updated.
staff-import-province-intro = The department's list needs a “School” column with each school's MOET code or name, so that every row goes to the right school of the province.
staff-import-done-province = Imported { $rows } rows into { $schools } schools: { $created } new records, { $updated } records updated.
staff-import-province-link = Import a staff list of several schools
staff-import-discarded = Preview discarded.
staff-import-col-row = Row
staff-import-col-problem = Problem
staff-import-more-problems = { $count } more rows have problems not shown here. Fix the problems above, since the other rows usually share them, and upload the file again.

## Values.
staff-position-teacher = Teacher
staff-position-principal = Principal
staff-position-deputy_head = Deputy head
staff-position-staff = Staff
staff-qualification-doctor = Doctorate
staff-qualification-master = Master's
staff-qualification-bachelor = Bachelor's
staff-qualification-college = College
staff-qualification-intermediate = Intermediate
staff-qualification-other = Other
staff-gender-female = Female
staff-gender-male = Male
staff-duty-homeroom = Homeroom teacher
staff-duty-subject_group_head = Subject-group head
staff-duty-subject_group_deputy = Subject-group deputy
staff-duty-pioneer_leader = Pioneer leader
staff-duty-youth_union = Youth Union secretary
staff-duty-trade_union = Trade union chair
staff-load-heading = Teaching quota (Circular 05/2025)
staff-load-base = Weekly periods for the level and school type
staff-load-reduction = Reduction for { $duty }
staff-load-quota = Quota after reductions
staff-load-inter-school = Accepted inter-school periods
staff-load-at-school = Periods left to teach at the school
staff-load-away = This person is away, so their periods do not count among the school's.
staff-duty-probation = Teacher on probation
staff-source-major = from the trained major
staff-source-certificate = from a certificate
staff-source-declared = assigned by the school
staff-rating-excellent = Excellent (Tốt)
staff-rating-good = Good (Khá)
staff-rating-pass = Pass (Đạt)
staff-rating-fail = Fail (Chưa đạt)

## Problems of one value, in the import and the edit form.
staff-row-problem = Row { $row }, column “{ $column }”: { $message }
staff-missing-name = the full name is missing. Enter the full name, for example Nguyễn Văn An.
staff-invalid-name = the full name “{ $value }” is invalid. Write the name in letters, at most 100 characters.
staff-invalid-birth-date = the date of birth “{ $value }” cannot be read. Write it as day/month/year, for example 04/03/1985.
staff-invalid-birth-date-range = the date of birth “{ $value }” is out of range (born in 1940 or later and at least 16 years old). Check the year.
staff-invalid-gender = the gender “{ $value }” is invalid. Write “Nam” or “Nữ”.
staff-invalid-position = the position “{ $value }” is invalid. Write one of: Giáo viên, Hiệu trưởng, Phó hiệu trưởng, Nhân viên.
staff-invalid-qualification = the qualification “{ $value }” is invalid. Write one of: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp, Khác.
staff-invalid-subject = “{ $part }” in “{ $value }” is not a subject. Write subject names of the 2018 curriculum separated by commas, for example: Tiếng Anh, Tin học.
staff-invalid-periods = the periods per week “{ $value }” are invalid. Write a number from 0 to 60, for example 17 or 17,5.
staff-invalid-role = “{ $part }” in “{ $value }” is not a known duty. Write: GVCN, Tổ trưởng, Tổ phó, Tổng phụ trách Đội, Bí thư Đoàn, Chủ tịch Công đoàn, Cốt cán or Tập sự (probation).
staff-invalid-identity-number = the identity number “{ $value }” is invalid. Write all 12 digits of the CCCD (or the 9 digits of an old CMND); format the cell as text to keep leading zeros.
staff-invalid-phone = the phone number “{ $value }” is invalid. Write all 10 digits, starting with 0, for example 0903123456.
staff-invalid-email = the email “{ $value }” is invalid. Write it as name@school.edu.vn.
staff-invalid-certificate = “{ $part }” in “{ $value }” names no subject. Write the subject the certificate or second degree qualifies for, for example: Second degree in English, Informatics certificate.
staff-invalid-standard-rating = professional-standard rating “{ $value }” is invalid. Write one of: Excellent (Tốt), Good (Khá), Pass (Đạt), Fail (Chưa đạt).
staff-invalid-teaching-level = level taught “{ $value }” is invalid. Write one of: Primary (Tiểu học), Lower secondary (THCS), Upper secondary (THPT).
staff-invalid-flag = value “{ $value }” is invalid. Write “Yes” or “No”.
staff-missing-school = the row names no school. Add a “Trường” column (school name or code) or import the file on a school's page.
staff-unknown-school = no school “{ $value }” was found in the province. Write the MOET school code or the school's name as in the school list.
staff-ambiguous-school = “{ $value }” matches several schools. Write the full school code, for example 02-001.
staff-duplicate-row = Row { $row }: “{ $value }” repeats row { $first_row } (same staff code, or same name and date of birth). Delete one of the two rows.
staff-duplicate-code = Staff code “{ $value }” already belongs to { $holder } at this school. Check the code, or leave it empty if this person has none yet.

## Problems of the whole file.
staff-file-no-header = No header row was found in “{ $file }”. The list needs a header row with a “Họ và tên” column (and optionally “Ngày sinh”, “Giới tính”, “Mã cán bộ”, “Chức vụ”, “Môn giảng dạy”…).
staff-file-no-data-rows = “{ $file }” has only the header row. Fill in the staff below the header.
staff-import-has-errors = “{ $file }” has { $errors } rows with errors, so no row was imported. Correct those rows and import again.
staff-import-not-pending = This preview was already imported or discarded. Upload the file again to import more.
staff-api-error-json = The request body is not a valid JSON staff record. Send a JSON object with fields such as full_name, birth_date and phone (all strings).
