# Report templates and report requests (the sender's side).

rtpl-title = Report templates
rtpl-list-title = Report templates of { $owner }
rtpl-owner-cluster = Board of { $cluster }
rtpl-back = ← Report templates
rtpl-back-designer = ← Back to the designer
rtpl-tabs-label = Filter by status
rtpl-tab-active = In use
rtpl-tab-archived = Archived
rtpl-search = Search by template name
rtpl-list-empty = No report template yet.
rtpl-col-owner = Owner
rtpl-col-updated = Last changed
rtpl-col-status = Status
rtpl-new = New report template
rtpl-name-example = For example: Semester I statistics
rtpl-create = Create the template and open the designer
rtpl-field-name = Template name
rtpl-field-description = Description
rtpl-requests-link = Report requests
rtpl-templates-link = Report templates

rtpl-version = Version { $version }
rtpl-archived = Archived
rtpl-archive = Archive the template
rtpl-restore = Restore the template
rtpl-details = Name, description, archive, import from a file
rtpl-save = Save
rtpl-add = Add
rtpl-remove = Remove
rtpl-remove-confirm = Remove this part from the template?
rtpl-field-remove-confirm = Remove this field from the template?
rtpl-move-up = Up
rtpl-move-down = Down
rtpl-export = Download the definition (JSON)
rtpl-import = Replace the definition with a JSON file
rtpl-import-help = A JSON file downloaded from a report template. It replaces the current definition; if the current version was already used, a new version is created.
rtpl-import-button = Import the file
rtpl-preview = Preview
rtpl-preview-level = Preview as a school of level
rtpl-preview-as = As a { $level } school
rtpl-preview-empty = The template has no part for this level yet.
rtpl-request-new = Request a report with this template
rtpl-request-new-lead = Template: { $template }. The request is saved as a draft; schools receive it only once published.
rtpl-frozen-notice = Version { $version } was used by a report request, so it no longer changes. The next change creates version { $next }; requests already sent keep their version.
rtpl-error-summary = The change was not saved:

rtpl-levels = Levels
rtpl-levels-all = every level
rtpl-levels-help = Leave empty when it applies to every level.
rtpl-levels-new-help = For a table, the chosen levels apply to the rows typed here; for any other field, to the field. Leave empty for every level.
rtpl-help-text = Help for the school
rtpl-section-add = Add a section
rtpl-section-edit = Edit this section
rtpl-section-title = Section title
rtpl-section-remove = Remove the section
rtpl-field-add = Add a field to this section
rtpl-field-edit = Edit the field
rtpl-field-remove = Remove the field
rtpl-field-label = Field label
rtpl-field-kind = Field type
rtpl-required = Required
rtpl-required-field = Required
rtpl-min = Minimum
rtpl-max = Maximum
rtpl-unit = Unit
rtpl-weight = Weight when combining schools
rtpl-weight-help = The number field this percentage is about (the number of students, say), so that the combined percentage is a weighted mean.
rtpl-weight-none = None (every school weighs the same)
rtpl-max-len = Maximum characters
rtpl-multiline = Allow several lines
rtpl-options = Options
rtpl-options-help = One option per line.
rtpl-options-new-help = Choice fields only: one option per line.
rtpl-columns = Columns
rtpl-columns-new-help = Tables only: one column label per line (whole-number columns; change the type afterwards).
rtpl-rows = Rows
rtpl-rows-new-help = Tables only: one fixed row label per line (Grade 1, Grade 2…). Leave empty to let schools add rows.
rtpl-row-mode = Table rows
rtpl-rows-fixed = Fixed rows (one per grade, say)
rtpl-rows-open = Schools add rows
rtpl-max-rows = Maximum rows (when schools add rows)
rtpl-open-rows = Schools add rows, at most { $max }.
rtpl-column-label = Column label
rtpl-column-kind = Column type
rtpl-column-add = Add a column
rtpl-row-label = Row label
rtpl-rows-add = Add rows
rtpl-rows-add-help = One row label per line. Choose levels when these rows are for some levels only (Grades 1–5 for primary, 6–9 for lower secondary).
rtpl-row-levels = Levels of these rows

rtpl-kind-integer = Whole number
rtpl-kind-decimal = Decimal number
rtpl-kind-percent = Percentage
rtpl-kind-text = Text
rtpl-kind-choice = Single choice
rtpl-kind-multi_choice = Multiple choice
rtpl-kind-date = Date
rtpl-kind-yes_no = Yes/No
rtpl-kind-file = File
rtpl-kind-table = Table

rtpl-rules = Cross-field rules
rtpl-rules-help = Checked when a school submits, such as "female students ≤ students" (row by row when both are columns of one table) or "the rows of a column add up to the total".
rtpl-rules-none = No rule yet.
rtpl-rules-no-operands = Add a number field or a table with number columns to set rules.
rtpl-rule-kind = Rule type
rtpl-rule-at-most = At most (left ≤ right)
rtpl-rule-sum = Sum equals (the parts add up to the total)
rtpl-rule-left = Left side
rtpl-rule-right = Right side
rtpl-rule-parts = Parts to add up (sum rule)
rtpl-rule-total = Total (sum rule)
rtpl-rule-add = Add the rule
rtpl-rule-at-most-text = { $left } ≤ { $right }
rtpl-rule-sum-text = { $parts } = { $total }
rtpl-operand-column = { $table } › { $column } (row by row)
rtpl-operand-total = { $table } › total of { $column }

rtpl-indicators = Percentage indicators
rtpl-indicators-help = Computed from combined figures: 100 × total numerator ÷ total denominator, so always correctly weighted.
rtpl-indicator-label = Indicator name
rtpl-indicator-numerator = Numerator
rtpl-indicator-denominator = Denominator
rtpl-indicator-add = Add the indicator
rtpl-indicator-text = { $label } = { $numerator } ÷ { $denominator }

rtpl-versions = Version history
rtpl-versions-help = Each report request keeps the version it was published with, so submitted figures never change with the template.
rtpl-version-col = Version
rtpl-version-created = Created
rtpl-version-state = State
rtpl-version-requests = Requests
rtpl-version-note = Change note
rtpl-version-current = current
rtpl-version-frozen = Used, read-only
rtpl-version-editable = Editable

rtpl-hint-min = from { $value }
rtpl-hint-max = to { $value }
rtpl-hint-max-len = at most { $value } characters
rtpl-yes = Yes
rtpl-no = No

rtpl-error-missing = { $name ->
    [title] The title is empty
    [label] The label is empty
    [name] The template name is empty
    [columns] A column label is empty
    [rows] A row label is empty
   *[other] "{ $name }" is empty
}: type it and save again.
rtpl-error-too-long = { $name ->
    [help] The help text
    [description] The description
    [options] An option
    [unit] The unit
   *[other] The text
} is longer than { $max } characters: shorten it.
rtpl-error-level = There is no level "{ $value }": choose one from the list.
rtpl-error-number = { $name ->
    [min] The minimum
    [max] The maximum
   *[other] The value
} "{ $value }" is not a number: type a number such as 12 or 12,5, or leave it empty.
rtpl-error-integer = { $name ->
    [min] The minimum
    [max] The maximum
    [max_rows] The maximum of rows
    [max_len] The maximum of characters
   *[other] The value
} "{ $value }" is not a whole number: type a number without decimals.
rtpl-error-min-max = The minimum ({ $min }) is greater than the maximum ({ $max }): make the minimum no greater than the maximum.
rtpl-error-options-empty = The choice field has no option: type one option per line.
rtpl-error-option-repeat = The option "{ $value }" is repeated: list each option once.
rtpl-error-too-many = There are { $count } items, more than the maximum of { $max }: remove some.
rtpl-error-columns-empty = The table has no column: type one column label per line under "Columns".
rtpl-error-rows-empty = No row typed: type one row label per line.
rtpl-error-row-repeat = The table already has a row "{ $value }": choose another label.
rtpl-error-last-column = A table needs at least one column: add another column before removing this one.
rtpl-error-kind = There is no type "{ $value }": choose one from the list.
rtpl-error-weight = "{ $value }" is not a number field (whole or decimal), so it cannot weigh a percentage: choose a number field from the list.
rtpl-error-max-len = The maximum of characters "{ $value }" is invalid: type a whole number from 1 to 100000, or leave it empty.
rtpl-error-max-rows = The maximum of rows "{ $value }" is invalid: type a whole number from 1 to { $max }.
rtpl-error-in-use = "{ $name }" is used { $use ->
    [rule] by a cross-field rule
    [indicator] by a percentage indicator
   *[weight] as the weight of a percentage
}: remove or change that first.
rtpl-error-gone = The part being edited is no longer in the template (perhaps removed in another window): check the template below.
rtpl-error-op = There is no action "{ $value }": use the buttons of the page.
rtpl-error-operand-missing = Not every item is chosen: choose them from the lists.
rtpl-error-operand = "{ $value }" is not a number item of the template: choose one from the list.
rtpl-error-operand-same = "{ $value }" is chosen on both sides: choose two different items.
rtpl-error-operand-tables = "{ $left }" and "{ $right }" are columns of two different tables, so they cannot be compared row by row: choose columns of one table, or a column total.
rtpl-error-parts-empty = The sum rule has nothing to add up: tick at least one part.
rtpl-error-rule-kind = There is no rule type "{ $value }": choose "At most" or "Sum equals".
rtpl-error-rule-repeat = This rule already exists.
rtpl-error-definition = The template definition could not be saved: reload the designer and repeat your last change.
rtpl-def-too-many-fields = The template has { $subject } fields, more than the { $max } allowed: split it into several templates.
rtpl-def-too-many-rules = The template has more than { $max } rules and indicators: remove some.
rtpl-def-bad-key = The key "{ $subject }" is not valid: use unaccented letters, digits and underscores, at most 40 characters.
rtpl-def-repeated-key = The key "{ $subject }" repeats: each field needs its own key.
rtpl-def-label-too-long = The label or name at "{ $subject }" is longer than { $max } characters: shorten it and move the explanation into the help text.
rtpl-def-help-too-long = The help text at "{ $subject }" is longer than { $max } characters: shorten it.
rtpl-def-min-above-max = At "{ $subject }" the minimum is above the maximum: swap the two limits.
rtpl-def-weight-not-number = The weight of the percentage ({ $subject }) is not a number field: choose a whole-number or decimal field.
rtpl-def-no-options = The choice field "{ $subject }" has no option: add the options.
rtpl-def-too-many-options = The field "{ $subject }" has more than { $max } options: remove some.
rtpl-def-no-columns = The table "{ $subject }" has no column: add columns.
rtpl-def-too-many-columns = The table "{ $subject }" has more than { $max } columns: split the table.
rtpl-def-bad-column = The column key "{ $subject }" is not valid or repeats: each column needs its own key of unaccented letters, digits and underscores.
rtpl-def-bad-row = The row key "{ $subject }" is not valid or repeats: each row needs its own key of unaccented letters, digits and underscores.
rtpl-def-too-many-rows = The table "{ $subject }" has more than { $max } fixed rows: split the table.
rtpl-def-open-rows = The most rows of the table "{ $subject }" must be between 1 and { $max }.
rtpl-def-unknown-operand = A rule or indicator uses "{ $subject }", which the template does not have: choose the field or column again.
rtpl-def-operand-not-number = A rule or indicator uses "{ $subject }", which is not a number: only number fields and columns can be compared and added.
rtpl-error-json = The file is not a report template definition in JSON (error at line { $line }, column { $column }): choose a file downloaded with "Download the definition (JSON)".
rtpl-error-json-size = The file is larger than { $max } MB: choose the template definition file.
rtpl-error-no-file = No file chosen: choose a JSON file, then press "Import the file".
rtpl-error-archived = This template is archived: restore it before requesting a report with it.

rtpl-requests-title = Report requests
rtpl-requests-list-title = Report requests of { $owner }
rtpl-requests-back = ← Report requests
rtpl-requests-search = Search by title
rtpl-requests-count = { $count } requests
rtpl-requests-empty = No report request.
rtpl-tab-all = All ({ $count })
rtpl-tab = { $status } ({ $count })
rtpl-period-all = Every kind of period
rtpl-notice-invalid-status = There is no status "{ $value }"; the list shows every status.
rtpl-status-draft = Draft
rtpl-status-published = Collecting
rtpl-status-closed = Closed
rtpl-period-school_year = School year
rtpl-period-semester = Semester
rtpl-period-month = Month
rtpl-period-range = Date range

rtpl-request-content = Request
rtpl-request-title = Title
rtpl-request-instructions = Instructions for schools
rtpl-request-period = Period
rtpl-period-kind = Kind of period
rtpl-period-start = From
rtpl-period-end = To
rtpl-period-label = Period name
rtpl-period-label-help = Leave empty to name it from the kind and dates, such as "Học kì I năm học 2025-2026".
rtpl-request-dates = Dates
rtpl-request-dates-help = Vietnam time, 24-hour clock. A report submitted within the deadline minute is on time.
rtpl-opens-on = Opens on
rtpl-deadline-date = Deadline date
rtpl-deadline-time = Deadline time
rtpl-deadline = Deadline
rtpl-audience-help = Choose the receiving schools as for a directive. The leaders of the chosen schools fill and submit the report.
rtpl-save-draft = Save the draft
rtpl-request-edit = Edit the request "{ $title }"
rtpl-request-sender = Requested by
rtpl-request-period-dates = Period dates
rtpl-request-template = { $name }, version { $version }
rtpl-request-template-label = Template
rtpl-published-at = Published
rtpl-closed-at = Closed
rtpl-edit = Edit the draft
rtpl-publish = Publish…
rtpl-publish-confirm-title = Confirm publication
rtpl-publish-confirm = The request will go to { $count }. Their leaders are notified; after publication the template version and the audience no longer change.
rtpl-publish-now = Publish now
rtpl-delete = Delete the draft
rtpl-delete-confirm = Delete this draft?
rtpl-close = Close the request
rtpl-close-confirm = Close the request? Schools will no longer be able to submit.
rtpl-extend = Extend the deadline
rtpl-extend-button = Save the new deadline
rtpl-completeness = Progress and review
rtpl-figures = Aggregated figures
rtpl-fill-for = Fill the report of { $school }
rtpl-schools = Schools
rtpl-schools-total = { $count } schools
rtpl-by-commune = By commune

rtpl-error-date-missing = The date is missing: choose a date as dd/mm/yyyy.
rtpl-error-date = The date "{ $value }" is invalid: type it as dd/mm/yyyy, such as 15/01/2026.
rtpl-error-time = The time "{ $value }" is invalid: type it on a 24-hour clock as HH:MM, such as 17:00.
rtpl-error-deadline-missing = The deadline is missing: choose a date (and a time, 17:00 by default).
rtpl-error-deadline-past = The deadline { $value } has passed: choose a time after now.
rtpl-error-deadline-far = The deadline { $value } is more than a year away, perhaps a mistyped year: check it.
rtpl-error-deadline-before-opening = The deadline { $value } is not after the opening date { $opens }: move the deadline later or the opening date earlier.
rtpl-error-period-kind = There is no kind of period "{ $value }": choose school year, semester, month or date range.
rtpl-error-period-order = The period starts on { $start }, after its end on { $end }: swap them.
rtpl-error-remind = The reminder lead "{ $value }" is invalid: type a whole number of hours from 1 to { $max }; { $default } by default.
rtpl-error-not-draft = This request is published, so it can no longer be edited, deleted or published again.
rtpl-error-not-published = This request is not collecting reports.
rtpl-error-publish-deadline = The deadline { $value } has passed: edit the draft with a new deadline before publishing.
rtpl-error-publish-no-school = The audience selects no school now: edit the draft and choose the audience again.
rtpl-error-extend-earlier = The new deadline { $value } is not after the current one, { $current }: an extension moves the deadline later.

rtpl-api-error-parameter = The parameter { $name } is invalid: "{ $value }". See the allowed values in the OpenAPI document.
rtpl-field-remind = Remind before the deadline (hours)
rtpl-field-remind-help = Hours before the deadline to remind schools that have not submitted, from 1 to 720; 48 by default.
rtpl-error-name-taken = A template in use is already named “{ $name }”: choose another name, for example with the school year, or archive the old one first.
