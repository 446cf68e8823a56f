# Standard reports: what every area of reports shares (validation problems, notifications).

nav-reports = Báo cáo
notification-kind-report = Báo cáo định kì
notify-report-requested = Trường của bạn được yêu cầu nộp báo cáo “{ $title }”.

# Problems found in a school's values. $label names the field (and the row and column
# of a table, joined by ›).
report-problem-required = “{ $label }” chưa có giá trị. Hãy nhập giá trị cho mục này.
report-problem-not-a-number = “{ $label }”: “{ $value }” không phải là số. Hãy nhập một số, ví dụ 1.234 hoặc 12,5.
report-problem-not-an-integer = “{ $label }”: “{ $value }” không phải là số nguyên. Hãy nhập số nguyên, ví dụ 125.
report-problem-not-a-date = “{ $label }”: “{ $value }” không phải là ngày. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 15/01/2027.
report-problem-not-yes-no = “{ $label }”: “{ $value }” không phải là Có hoặc Không. Hãy nhập “Có” hoặc “Không”.
report-problem-unknown-choice = “{ $label }”: “{ $value }” không có trong danh sách lựa chọn. Hãy chọn một mục của danh sách.
report-problem-below-min = “{ $label }”: { $value } nhỏ hơn mức tối thiểu { $min }. Hãy nhập giá trị từ { $min } trở lên.
report-problem-above-max = “{ $label }”: { $value } lớn hơn mức tối đa { $max }. Hãy nhập giá trị không quá { $max }.
report-problem-too-long = “{ $label }” dài quá { $max } kí tự. Hãy rút gọn nội dung.
report-problem-too-many-rows = “{ $label }” có quá { $max } dòng. Hãy bớt số dòng.
report-problem-weight-missing = “{ $label }” là tỉ lệ tính theo “{ $weight }”, nhưng “{ $weight }” chưa có giá trị. Hãy nhập “{ $weight }”.
report-problem-unexpected = “{ $label }” không thuộc mẫu báo cáo này đối với cấp học của trường. Hãy bỏ giá trị này.
report-problem-wrong-type = “{ $label }” có giá trị không đúng kiểu của mục. Hãy nhập lại theo hướng dẫn của mục.
report-problem-at-most = “{ $label }” ({ $value }) không được lớn hơn “{ $right }” ({ $max }). Hãy kiểm tra lại hai số này.
report-problem-sum-equals = “{ $label }” là { $expected }, nhưng tổng { $parts } là { $actual }. Hãy sửa để hai số bằng nhau.
