# Hồ sơ bồi dưỡng chuyên môn: hoạt động đã tham dự và số giờ được tính.

dev-title = Hồ sơ bồi dưỡng chuyên môn
dev-title-of = Hồ sơ bồi dưỡng chuyên môn: { $name }
dev-lead = Các hoạt động đã tham dự trong năm học { $year } và số giờ được tính cho mỗi hoạt động.
dev-year = Năm học
dev-show = Xem
dev-total-hours = Tổng số giờ: { $hours }
dev-total = Tổng cộng
dev-export = Tải về (.xlsx)
dev-empty = Chưa có hoạt động nào được ghi nhận tham dự trong năm học này.
dev-col-date = Ngày
dev-col-kind = Loại hoạt động
dev-col-title = Tên hoạt động
dev-col-organiser = Đơn vị tổ chức
dev-col-hours = Số giờ
dev-col-number = STT
dev-col-person = Họ và tên
dev-col-activities = Số hoạt động
dev-organiser-department = Sở GD&ĐT { $province }
dev-export-heading = Hồ sơ bồi dưỡng chuyên môn của { $name }, năm học { $year }
dev-school-title = Bồi dưỡng chuyên môn: { $school }
dev-school-lead = Số hoạt động đã tham dự và số giờ được tính của từng người trong trường, năm học { $year }. Bấm vào tên để xem chi tiết.
dev-school-empty = Trường chưa có cán bộ, giáo viên nào trên hệ thống.
dev-school-export-heading = Bồi dưỡng chuyên môn của { $school }, năm học { $year }
dev-link-calendar = Đưa các hoạt động vào lịch của bạn (Google Calendar, Outlook, Lịch Apple)
dev-error-year = Năm học “{ $value }” không hợp lệ. Hãy nhập năm học dạng 2026-2027 (năm sau lớn hơn năm trước 1).
