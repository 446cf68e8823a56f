# Standard reports: what every area of reports shares (validation problems, notifications).

nav-reports = Reports
notification-kind-report = Standard reports
notify-report-requested = Your school is asked to submit the report “{ $title }”.

# Problems found in a school's values. $label names the field (and the row and column
# of a table, joined by ›).
report-problem-required = “{ $label }” has no value. Enter a value for it.
report-problem-not-a-number = “{ $label }”: “{ $value }” is not a number. Enter a number such as 1.234 or 12,5.
report-problem-not-an-integer = “{ $label }”: “{ $value }” is not a whole number. Enter a whole number such as 125.
report-problem-not-a-date = “{ $label }”: “{ $value }” is not a date. Enter it as dd/mm/yyyy, for example 15/01/2027.
report-problem-not-yes-no = “{ $label }”: “{ $value }” is neither yes nor no. Enter “Có” (yes) or “Không” (no).
report-problem-unknown-choice = “{ $label }”: “{ $value }” is not one of the choices. Pick one from the list.
report-problem-below-min = “{ $label }”: { $value } is below the minimum of { $min }. Enter { $min } or more.
report-problem-above-max = “{ $label }”: { $value } is above the maximum of { $max }. Enter at most { $max }.
report-problem-too-long = “{ $label }” is longer than { $max } characters. Shorten it.
report-problem-too-many-rows = “{ $label }” has more than { $max } rows. Remove some rows.
report-problem-weight-missing = “{ $label }” is a rate of “{ $weight }”, but “{ $weight }” has no value. Enter “{ $weight }”.
report-problem-unexpected = “{ $label }” is not part of this template for the school's level. Remove this value.
report-problem-wrong-type = “{ $label }” has a value of the wrong type. Enter it as the field's help says.
report-problem-at-most = “{ $label }” ({ $value }) must not be greater than “{ $right }” ({ $max }). Check both numbers.
report-problem-sum-equals = “{ $label }” is { $expected }, but { $parts } add up to { $actual }. Correct them so that both are equal.
